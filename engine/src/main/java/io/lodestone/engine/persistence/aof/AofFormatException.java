package io.lodestone.engine.persistence.aof;

/** An AOF file or manifest that cannot be loaded as it is; the message says which file, where and why. */
public final class AofFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public AofFormatException(String message) {
        super(message);
    }
}
