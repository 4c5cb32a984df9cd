package io.lodestone.engine.persistence.rdb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads RDB data from a file (through a buffer) or from a byte array (DUMP payloads), keeping the
 * absolute offset for error messages and the running CRC-64 of every byte consumed so far.
 * Every read names what it is reading, so a truncated input is reported precisely: a String, or
 * any object whose {@code toString} names it; names are put together only when an error is
 * reported, never on the way (a load reads millions of them).
 */
public final class RdbInput {
    private static final int BUFFER = 1 << 16;

    private final InputStream stream;
    private final long knownSize;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Absolute offset of {@code buf[0]}. */
    private long base;
    /** Bytes of {@code buf} before this index are already in {@link #crc}. */
    private int crcFrom;
    private long crc;

    /** Reads a stream of {@code knownSize} bytes (-1 if unknown; used in messages only). */
    public RdbInput(InputStream stream, long knownSize) {
        this.stream = stream;
        this.knownSize = knownSize;
        this.buf = new byte[BUFFER];
    }

    /** Reads {@code data[0, length)}. */
    public RdbInput(byte[] data, int length) {
        this.stream = null;
        this.knownSize = length;
        this.buf = data;
        this.limit = length;
    }

    /** The offset of the next byte to read. */
    public long offset() {
        return base + pos;
    }

    /** The CRC-64 of every byte consumed so far. */
    public long crc() {
        crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        return crc;
    }

    /** True if no byte is left. */
    public boolean atEnd() throws IOException {
        return pos == limit && !fill(1);
    }

    private boolean fill(int need) throws IOException {
        if (stream == null) {
            return limit - pos >= need;
        }
        while (limit - pos < need) {
            if (pos > 0 && buf.length - pos < need) {
                // fold the consumed part into the CRC, then move the rest to the front
                crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
                int rest = limit - pos;
                System.arraycopy(buf, pos, buf, 0, rest);
                base += pos;
                pos = 0;
                limit = rest;
                crcFrom = 0;
            }
            if (need > buf.length) {
                byte[] bigger = new byte[Math.max(need, buf.length * 2)];
                System.arraycopy(buf, 0, bigger, 0, limit);
                buf = bigger;
            }
            int n = stream.read(buf, limit, buf.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
        }
        return true;
    }

    private void require(int n, Object what) throws IOException, RdbFormatException {
        require(n, "", what);
    }

    /** As {@link #require(int, Object)} for "{@code prefix}{@code what}". */
    private void require(int n, String prefix, Object what) throws IOException, RdbFormatException {
        if (limit - pos < n && !fill(n)) {
            throw truncated(prefix + what);
        }
    }

    /** As {@link #require(int, Object)} for "the length of {@code prefix}{@code what}". */
    private void requireLength(int n, String prefix, Object what) throws IOException, RdbFormatException {
        if (limit - pos < n && !fill(n)) {
            throw truncated("the length of " + prefix + what);
        }
    }

    /** The error for input that ends while {@code what} was being read. */
    public RdbFormatException truncated(Object what) throws IOException {
        long available = base + limit;
        return new RdbFormatException(offset(), "unexpected end of " + (stream == null ? "payload" : "file")
                + " while reading " + what + " (input is " + (knownSize >= 0 ? knownSize : available) + " bytes)");
    }

    public RdbFormatException error(long at, String problem) {
        return new RdbFormatException(at, problem);
    }

    // ---- primitives ----

    public int readUnsignedByte(Object what) throws IOException, RdbFormatException {
        require(1, what);
        return buf[pos++] & 0xff;
    }

    public void readFully(byte[] dst, int off, int n, Object what) throws IOException, RdbFormatException {
        readFully(dst, off, n, "", what);
    }

    private void readFully(byte[] dst, int off, int n, String prefix, Object what)
            throws IOException, RdbFormatException {
        if (stream == null || n <= buf.length) {
            require(n, prefix, what);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            return;
        }
        // larger than the buffer: copy what is buffered, then read the rest straight into dst
        int copied = 0;
        while (copied < n) {
            if (pos == limit && !fill(1)) {
                throw truncated(prefix + what);
            }
            int chunk = Math.min(n - copied, limit - pos);
            System.arraycopy(buf, pos, dst, off + copied, chunk);
            pos += chunk;
            copied += chunk;
        }
    }

    public byte[] readBytes(int n, Object what) throws IOException, RdbFormatException {
        byte[] out = new byte[n];
        readFully(out, 0, n, what);
        return out;
    }

    public long readLongLE(Object what) throws IOException, RdbFormatException {
        require(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xffL) << (8 * i);
        }
        return v;
    }

    public int readIntLE(Object what) throws IOException, RdbFormatException {
        require(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    public double readBinaryDouble(Object what) throws IOException, RdbFormatException {
        return Double.longBitsToDouble(readLongLE(what));
    }

    // ---- lengths and strings ----

    /** Marks a length read by {@link #readLengthOrEncoding} that is a string encoding, not a length. */
    static final long ENCODED = Long.MIN_VALUE;
    private int lastEncoding;

    /** A length; an integer or LZF string encoding here is an error. */
    public long readLength(Object what) throws IOException, RdbFormatException {
        return readLength("", what);
    }

    /** The length of "{@code prefix}{@code what}". */
    private long readLength(String prefix, Object what) throws IOException, RdbFormatException {
        long at = offset();
        long n = readLengthOrEncoding(prefix, what);
        if (n == ENCODED) {
            throw error(at, "expected the length of " + prefix + what + ", found a string encoding marker 0x"
                    + Integer.toHexString(0xC0 | lastEncoding));
        }
        return n;
    }

    /** A length that must fit in an int (a count or size we allocate for). */
    public int readIntLength(Object what) throws IOException, RdbFormatException {
        return readIntLength("", what);
    }

    private int readIntLength(String prefix, Object what) throws IOException, RdbFormatException {
        long at = offset();
        long n = readLength(prefix, what);
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw error(at, "length " + Long.toUnsignedString(n) + " of " + prefix + what + " is too large");
        }
        return (int) n;
    }

    /** The length of "{@code prefix}{@code what}", or {@link #ENCODED}. */
    private long readLengthOrEncoding(String prefix, Object what) throws IOException, RdbFormatException {
        requireLength(1, prefix, what);
        int first = buf[pos++] & 0xff;
        int kind = first >>> 6;
        switch (kind) {
            case Rdb.LEN_6BIT:
                return first & 0x3f;
            case Rdb.LEN_14BIT:
                requireLength(1, prefix, what);
                return ((first & 0x3f) << 8) | (buf[pos++] & 0xff);
            case Rdb.ENCVAL:
                lastEncoding = first & 0x3f;
                return ENCODED;
            default:
                if (first == Rdb.LEN_32BIT) {
                    requireLength(4, prefix, what);
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = (v << 8) | (buf[pos++] & 0xff);
                    }
                    return v;
                }
                if (first == Rdb.LEN_64BIT) {
                    requireLength(8, prefix, what);
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | (buf[pos++] & 0xff);
                    }
                    return v;
                }
                throw error(offset() - 1, "invalid length encoding 0x" + Integer.toHexString(first) + " for "
                        + prefix + what);
        }
    }

    private long lastBlobOffset;

    /**
     * Where the bytes of the last string read start in the input, so that errors inside a compact
     * encoding (listpack, ziplist...) can name an offset: for a compressed string, where the
     * string starts (positions inside the decompressed bytes have no offset in the input).
     */
    public long lastBlobOffset() {
        return lastBlobOffset;
    }

    /** A string in any of its encodings (plain, 8/16/32-bit integer, LZF), as its bytes. */
    public byte[] readString(Object what) throws IOException, RdbFormatException {
        long at = offset();
        lastBlobOffset = at;
        long n = readLengthOrEncoding("", what);
        if (n != ENCODED) {
            lastBlobOffset = offset();
            if (n > Integer.MAX_VALUE - 8) {
                throw error(at, "length " + Long.toUnsignedString(n) + " of " + what + " is too large");
            }
            return readBytes((int) n, what);
        }
        switch (lastEncoding) {
            case Rdb.ENC_INT8:
                return ascii(readSigned(1, what));
            case Rdb.ENC_INT16:
                return ascii(readSigned(2, what));
            case Rdb.ENC_INT32:
                return ascii(readSigned(4, what));
            case Rdb.ENC_LZF:
                return readCompressed(at, what);
            default:
                throw error(at, "unknown string encoding 0x" + Integer.toHexString(0xC0 | lastEncoding) + " for " + what);
        }
    }

    private long readSigned(int bytes, Object what) throws IOException, RdbFormatException {
        require(bytes, what);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (buf[pos++] & 0xffL) << (8 * i);
        }
        int shift = 64 - 8 * bytes;
        return (v << shift) >> shift;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private byte[] readCompressed(long at, Object what) throws IOException, RdbFormatException {
        int compressedLength = readIntLength("the compressed length of ", what);
        int length = readIntLength("the uncompressed length of ", what);
        long dataAt = offset();
        byte[] compressed = new byte[compressedLength];
        readFully(compressed, 0, compressedLength, "LZF-compressed ", what);
        byte[] out = new byte[length];
        int produced = Lzf.decompress(compressed, 0, compressedLength, out, 0, length);
        if (produced != length) {
            throw error(dataAt, "invalid LZF data for " + what + " (" + compressedLength
                    + " compressed bytes do not decompress to the " + length + " bytes announced)");
        }
        return out;
    }
}
