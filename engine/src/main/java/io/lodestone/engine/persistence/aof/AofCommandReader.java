package io.lodestone.engine.persistence.aof;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the commands of an AOF file in the command format ({@code *N\r\n$len\r\narg\r\n...}),
 * one at a time, keeping the byte offset so that errors name where they are. Annotation lines
 * ({@code #...}) are skipped. The end of the file inside a command is a truncation (the last
 * write was cut short by a crash), reported apart from a malformed file.
 */
final class AofCommandReader implements Closeable {
    /** Header lines ({@code *N}, {@code $len}) longer than this are malformed. */
    private static final int MAX_HEADER = 64;

    /** The file ends inside a command: it holds whole commands up to {@link #validLength()} bytes. */
    static final class TruncatedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long validLength;

        TruncatedException(long validLength) {
            super(null, null, false, false);
            this.validLength = validLength;
        }

        long validLength() {
            return validLength;
        }
    }

    /** The bytes at {@link #offset()} are not a command. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long offset;

        MalformedException(long offset, String reason) {
            super(reason, null, false, false);
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }

    private final InputStream in;
    private final long size;
    private long position;
    private long commandStart;
    private final byte[] line = new byte[MAX_HEADER];

    /** @param size the file's length (a length field promising more than is left is a truncation) */
    AofCommandReader(InputStream in, long size) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.size = size;
    }

    /** Bytes read so far: after a successful {@link #next()}, the end of that command. */
    long position() {
        return position;
    }

    /** Where the command being read (or last read) starts. */
    long commandStart() {
        return commandStart;
    }

    /**
     * The next command, or null at the end of the file.
     *
     * @throws TruncatedException the file ends inside a command
     * @throws MalformedException the bytes are not a command (offset and reason in the exception)
     */
    byte[][] next() throws IOException, TruncatedException, MalformedException {
        while (true) {
            commandStart = position;
            int first = in.read();
            if (first < 0) {
                return null;
            }
            position++;
            if (first == '#') {
                skipLine(); // an annotation (#TS:...), not a command
                continue;
            }
            if (first != '*') {
                throw new MalformedException(commandStart, "expected '*', got " + describe(first));
            }
            long argc = readNumber('*');
            if (argc < 1) {
                throw new MalformedException(commandStart, "bad argument count " + argc);
            }
            if (argc > size - position) {
                throw new TruncatedException(commandStart); // cannot fit in what is left
            }
            byte[][] argv = new byte[(int) argc][];
            for (int i = 0; i < argc; i++) {
                int type = in.read();
                if (type < 0) {
                    throw new TruncatedException(commandStart);
                }
                position++;
                if (type != '$') {
                    throw new MalformedException(position - 1, "expected '$', got " + describe(type));
                }
                long len = readNumber('$');
                if (len < 0) {
                    throw new MalformedException(position, "bad bulk length " + len);
                }
                if (len + 2 > size - position) {
                    throw new TruncatedException(commandStart);
                }
                byte[] arg = new byte[(int) len];
                readFully(arg);
                int cr = in.read();
                int lf = in.read();
                if (cr < 0 || lf < 0) {
                    throw new TruncatedException(commandStart);
                }
                position += 2;
                if (cr != '\r' || lf != '\n') {
                    throw new MalformedException(position - 2, "expected CRLF after a " + len + "-byte argument");
                }
                argv[i] = arg;
            }
            return argv;
        }
    }

    /** Reads digits up to CRLF after a '*' or '$'. */
    private long readNumber(char kind) throws IOException, TruncatedException, MalformedException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new TruncatedException(commandStart);
            }
            position++;
            if (b == '\n') {
                break;
            }
            if (n == MAX_HEADER) {
                throw new MalformedException(position, "'" + kind + "' line too long");
            }
            line[n++] = (byte) b;
        }
        if (n == 0 || line[n - 1] != '\r') {
            throw new MalformedException(position, "'" + kind + "' line not ended by CRLF");
        }
        n--;
        if (n == 0) {
            throw new MalformedException(position, "empty '" + kind + "' length");
        }
        long v = 0;
        boolean negative = line[0] == '-';
        for (int i = negative ? 1 : 0; i < n; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9 || v > (Integer.MAX_VALUE - d) / 10) {
                throw new MalformedException(position, "bad '" + kind + "' length");
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private void skipLine() throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            position++;
            if (b == '\n') {
                return;
            }
        }
    }

    private void readFully(byte[] arg) throws IOException, TruncatedException {
        int off = 0;
        while (off < arg.length) {
            int n = in.read(arg, off, arg.length - off);
            if (n < 0) {
                throw new TruncatedException(commandStart);
            }
            off += n;
            position += n;
        }
    }

    private static String describe(int b) {
        return b >= ' ' && b < 127 ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
