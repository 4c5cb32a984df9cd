package io.lodestone.engine.command;

import java.nio.charset.StandardCharsets;

/**
 * An error reply, thrown by command code and written by the dispatcher. Stackless: input errors
 * are ordinary control flow, and the common ones are preallocated constants in {@link Errors}.
 */
public final class CommandError extends RuntimeException {
    private final byte[] encoded;
    private final String code;

    /** @param message the reply text without the leading '-', e.g. {@code "ERR syntax error"} */
    public CommandError(String message) {
        super(message, null, false, false);
        String clean = message.replace('\r', ' ').replace('\n', ' ');
        this.encoded = ("-" + clean + "\r\n").getBytes(StandardCharsets.UTF_8);
        int space = clean.indexOf(' ');
        this.code = space < 0 ? clean : clean.substring(0, space);
    }

    /** The complete RESP line, {@code -CODE text\r\n}. */
    public byte[] encoded() {
        return encoded;
    }

    /** The error code, e.g. {@code ERR} or {@code WRONGTYPE} (INFO errorstats). */
    public String code() {
        return code;
    }
}
