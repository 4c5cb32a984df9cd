package io.lodestone.engine.persistence.aof;

import io.lodestone.engine.util.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Commands encoded as the AOF stores them: RESP arrays of bulk strings (what redis-check-aof reads
 * and Redis replays), in one growable array. The AOF appender fills it under the engine lock and
 * writes it out at the end of each batch; the AOF-format rewrite fills it with a snapshot's commands.
 */
final class CommandBuffer {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    /** A buffer grown past this by a burst is shrunk back once written, so one burst does not pin memory. */
    private static final int KEEP_CAPACITY = 1 << 20;

    private final int initialCapacity;
    private byte[] buf;
    private int len;

    CommandBuffer(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.buf = new byte[initialCapacity];
    }

    int size() {
        return len;
    }

    boolean isEmpty() {
        return len == 0;
    }

    /** Appends {@code argv} as {@code *N\r\n$len\r\narg\r\n...}. */
    void append(byte[][] argv) {
        header('*', argv.length);
        for (byte[] arg : argv) {
            bulk(arg, 0, arg.length);
        }
    }

    /** Appends {@code SELECT db}. */
    void appendSelect(int db) {
        header('*', 2);
        bulk(SELECT, 0, SELECT.length);
        byte[] digits = Bytes.toBytes(db);
        bulk(digits, 0, digits.length);
    }

    /** Appends an annotation line ({@code #TS:<unix time>}), which loaders skip. */
    void appendAnnotation(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        ensure(b.length + 3);
        buf[len++] = '#';
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        crlf();
    }

    /** A RESP header line: {@code *count} or {@code $length}. */
    private void header(char type, long count) {
        ensure(24);
        buf[len++] = (byte) type;
        writeDigits(count);
        crlf();
    }

    private void bulk(byte[] arg, int off, int n) {
        ensure(n + 24);
        buf[len++] = '$';
        writeDigits(n);
        crlf();
        System.arraycopy(arg, off, buf, len, n);
        len += n;
        crlf();
    }

    /**
     * Writes everything to {@code channel}. The buffer is emptied only once all of it is written:
     * after an error it still holds every byte (the caller decides what a partial write means).
     */
    void writeTo(WritableByteChannel channel) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        clear();
    }

    /** Drops the first {@code n} bytes: they reached the file before a write failed and cannot be taken back. */
    void discardFirst(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    void clear() {
        len = 0;
        if (buf.length > KEEP_CAPACITY) {
            buf = new byte[initialCapacity];
        }
    }

    private void crlf() {
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void writeDigits(long v) {
        if (v < 10 && v >= 0) {
            buf[len++] = (byte) ('0' + v);
            return;
        }
        byte[] d = Bytes.toBytes(v);
        ensure(d.length);
        System.arraycopy(d, 0, buf, len, d.length);
        len += d.length;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
