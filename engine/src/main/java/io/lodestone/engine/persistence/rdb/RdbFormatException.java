package io.lodestone.engine.persistence.rdb;

/**
 * An RDB file or DUMP payload that cannot be loaded: corrupt, truncated, or using something we do
 * not support. The message names the byte offset and what was expected there.
 */
public final class RdbFormatException extends Exception {
    private final long offset;

    public RdbFormatException(long offset, String problem) {
        super("offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** The offset of the byte where the problem was found (from the start of the file or payload). */
    public long offset() {
        return offset;
    }
}
