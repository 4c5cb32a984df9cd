package io.lodestone.server.config;

/**
 * A directive's value that cannot be used. The message is the reason alone, in Redis's words
 * (e.g. {@code argument must be 'yes' or 'no'}); the caller adds where it came from.
 */
public final class BadValueException extends Exception {
    public BadValueException(String reason) {
        super(reason, null, false, false);
    }
}
