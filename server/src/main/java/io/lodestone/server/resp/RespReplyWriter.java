package io.lodestone.server.resp;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.DoubleFormat;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes replies straight into an outbound {@link ByteBuf} as RESP2 or RESP3, folding RESP3 types
 * to RESP2 as Redis does. The buffer is set per batch of commands by the connection handler.
 */
public final class RespReplyWriter implements ReplyWriter {
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final byte[] NULL3 = ascii("_\r\n");
    private static final byte[] TRUE3 = ascii("#t\r\n");
    private static final byte[] FALSE3 = ascii("#f\r\n");
    private static final int CACHED_INTEGERS = 1024;
    private static final byte[][] INTEGERS = new byte[CACHED_INTEGERS + 1][];
    private static final byte[][] BULK_HEADERS = new byte[CACHED_INTEGERS][];
    private static final byte[][] ARRAY_HEADERS = new byte[CACHED_INTEGERS][];

    static {
        for (int i = -1; i < CACHED_INTEGERS; i++) {
            INTEGERS[i + 1] = ascii(":" + i + "\r\n");
        }
        for (int i = 0; i < CACHED_INTEGERS; i++) {
            BULK_HEADERS[i] = ascii("$" + i + "\r\n");
            ARRAY_HEADERS[i] = ascii("*" + i + "\r\n");
        }
    }

    private ByteBuf buf;
    private int protocol = 2;

    public void setBuffer(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void ok() {
        buf.writeBytes(OK);
    }

    @Override
    public void simple(String text) {
        buf.writeByte('+');
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        buf.writeShort(CRLF);
    }

    @Override
    public void error(CommandError error) {
        buf.writeBytes(error.encoded());
    }

    @Override
    public void integer(long value) {
        if (value >= -1 && value < CACHED_INTEGERS) {
            buf.writeBytes(INTEGERS[(int) value + 1]);
            return;
        }
        buf.writeByte(':');
        writeDecimal(value);
        buf.writeShort(CRLF);
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        header('$', BULK_HEADERS, length);
        buf.writeBytes(value, offset, length);
        buf.writeShort(CRLF);
    }

    @Override
    public void bulk(String text) {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void nullBulk() {
        buf.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
    }

    @Override
    public void nullArray() {
        buf.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    @Override
    public void arrayHeader(int count) {
        header('*', ARRAY_HEADERS, count);
    }

    @Override
    public void mapHeader(int count) {
        if (protocol == 3) {
            header('%', null, count);
        } else {
            arrayHeader(count * 2);
        }
    }

    @Override
    public void setHeader(int count) {
        if (protocol == 3) {
            header('~', null, count);
        } else {
            arrayHeader(count);
        }
    }

    @Override
    public void pushHeader(int count) {
        if (protocol == 3) {
            header('>', null, count);
        } else {
            arrayHeader(count);
        }
    }

    @Override
    public void doubleValue(double value) {
        String text = DoubleFormat.g17(value);
        if (protocol == 3) {
            buf.writeByte(',');
            buf.writeCharSequence(text, StandardCharsets.US_ASCII);
            buf.writeShort(CRLF);
        } else {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 3) {
            buf.writeBytes(value ? TRUE3 : FALSE3);
        } else {
            integer(value ? 1 : 0);
        }
    }

    @Override
    public void verbatim(String format, String text) {
        if (protocol != 3) {
            bulk(text);
            return;
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        header('=', null, body.length + 4);
        buf.writeCharSequence(format, StandardCharsets.US_ASCII);
        buf.writeByte(':');
        buf.writeBytes(body);
        buf.writeShort(CRLF);
    }

    private void header(char type, byte[][] cache, int count) {
        if (cache != null && count >= 0 && count < CACHED_INTEGERS) {
            buf.writeBytes(cache[count]);
            return;
        }
        buf.writeByte(type);
        writeDecimal(count);
        buf.writeShort(CRLF);
    }

    private void writeDecimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                buf.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
                return;
            }
            buf.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int at = buf.writerIndex();
        buf.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf.setByte(at + i, (int) ('0' + value % 10));
            value /= 10;
        }
        buf.writerIndex(at + digits);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
