package io.lodestone.engine.reply;

import io.lodestone.engine.command.CommandError;

/**
 * Where a command writes its reply. Command code never branches on the protocol: RESP3 types
 * (map, set, double, null, boolean, verbatim, push) fold to their RESP2 forms inside the
 * implementation, as Redis's addReply* helpers do.
 */
public interface ReplyWriter {
    /** 2 or 3, as chosen by HELLO. */
    int protocol();

    void ok();

    /** A simple string; ASCII without CR or LF. */
    void simple(String text);

    void error(CommandError error);

    void integer(long value);

    void bulk(byte[] value);

    void bulk(byte[] value, int offset, int length);

    /** A bulk string of text, UTF-8 encoded. */
    void bulk(String text);

    /** A missing value: {@code $-1} in RESP2, {@code _} in RESP3. */
    void nullBulk();

    /** A missing aggregate: {@code *-1} in RESP2, {@code _} in RESP3. */
    void nullArray();

    void arrayHeader(int count);

    /** A map of {@code count} pairs: a flat array of 2 x count in RESP2. */
    void mapHeader(int count);

    /** A set: an array in RESP2. */
    void setHeader(int count);

    /** A push message header (RESP3), an array in RESP2. */
    void pushHeader(int count);

    /** A double: a bulk string in RESP2, formatted as Redis does (%.17g, inf, -inf). */
    void doubleValue(double value);

    /** A boolean: the integer 0 or 1 in RESP2. */
    void bool(boolean value);

    /** A verbatim string (RESP3 {@code =}), a bulk string in RESP2. */
    void verbatim(String format, String text);

    default void emptyArray() {
        arrayHeader(0);
    }
}
