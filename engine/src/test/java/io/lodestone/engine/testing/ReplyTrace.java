package io.lodestone.engine.testing;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.DoubleFormat;
import java.nio.charset.StandardCharsets;

/**
 * Runs one command and writes its reply as the RESP type markers a client would see, one token
 * per element: {@code "*2 $a ,1.5"}. Doubles appear as the server writes them: {@code ,%.17g} in
 * RESP3 and a bulk string in RESP2; nulls as {@code _} (RESP3) or {@code $-1} / {@code *-1}.
 */
public final class ReplyTrace {
    private ReplyTrace() {}

    public static String trace(EngineHarness h, int protocol, String... args) {
        StringBuilder out = new StringBuilder();
        ReplyWriter writer = new ReplyWriter() {
            private void add(String token) {
                out.append(out.length() == 0 ? "" : " ").append(token);
            }

            @Override public int protocol() { return protocol; }
            @Override public void ok() { add("+OK"); }
            @Override public void simple(String text) { add("+" + text); }
            @Override public void error(CommandError error) { add("-" + error.getMessage()); }
            @Override public void integer(long value) { add(":" + value); }
            @Override public void bulk(byte[] value) { add("$" + Bytes.string(value)); }
            @Override public void bulk(byte[] value, int offset, int length) {
                add("$" + new String(value, offset, length, StandardCharsets.UTF_8));
            }
            @Override public void bulk(String text) { add("$" + text); }
            @Override public void nullBulk() { add(protocol == 3 ? "_" : "$-1"); }
            @Override public void nullArray() { add(protocol == 3 ? "_" : "*-1"); }
            @Override public void arrayHeader(int count) { add("*" + count); }
            @Override public void mapHeader(int count) { add(protocol == 3 ? "%" + count : "*" + count * 2); }
            @Override public void setHeader(int count) { add((protocol == 3 ? "~" : "*") + count); }
            @Override public void pushHeader(int count) { add((protocol == 3 ? ">" : "*") + count); }
            @Override public void doubleValue(double value) {
                add((protocol == 3 ? "," : "$") + DoubleFormat.g17(value));
            }
            @Override public void bool(boolean value) { add("#" + value); }
            @Override public void verbatim(String format, String text) { add("=" + text); }
        };
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = Bytes.utf8(args[i]);
        }
        h.engine().lock().lock();
        try {
            h.engine().dispatcher().execute(h.context(), argv, writer);
        } finally {
            h.engine().lock().unlock();
        }
        return out.toString();
    }
}
