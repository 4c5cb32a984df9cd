package io.lodestone.engine.persistence.rdb;

import java.util.Arrays;

/**
 * A growable buffer that RDB data is serialised into: lengths, strings (integer-encoded or LZF
 * compressed as Redis chooses), raw integers. Snapshots fill one per batch and hand it to the file
 * writer; DUMP fills one for its payload. Reusable with {@link #reset()}; not thread-safe.
 */
public final class RdbOutput {
    /** Redis compresses strings longer than this (rdbSaveRawString). */
    private static final int COMPRESS_ABOVE = 20;
    /** Redis tries the integer encoding for strings up to this long. */
    private static final int INT_ENCODING_MAX_LENGTH = 11;

    private byte[] buf;
    private int len;
    private final boolean compress;
    private Lzf lzf;
    private byte[] scratch;

    /** @param compress whether strings longer than 20 bytes are LZF-compressed when that pays (rdbcompression) */
    public RdbOutput(int initialCapacity, boolean compress) {
        this.buf = new byte[Math.max(16, initialCapacity)];
        this.compress = compress;
    }

    public int size() {
        return len;
    }

    /** The internal array; bytes {@code [0, size())} are the data. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void reset() {
        len = 0;
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    // ---- raw ----

    public void writeByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void writeBytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    public void writeBytes(byte[] b) {
        writeBytes(b, 0, b.length);
    }

    /** A 64-bit integer, little-endian (expiry times, the checksum). */
    public void writeLongLE(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    /** A 32-bit integer, little-endian (the old EXPIRETIME opcode's seconds). */
    public void writeIntLE(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    /** A double as its 8 IEEE-754 bytes, little-endian (sorted set scores, type ZSET_2). */
    public void writeBinaryDouble(double d) {
        writeLongLE(Double.doubleToRawLongBits(d));
    }

    // ---- lengths ----

    /** A length in the smallest of the 6, 14, 32 and 64-bit forms. */
    public void writeLength(long n) {
        ensure(9);
        if (n < (1 << 6)) {
            buf[len++] = (byte) n;
        } else if (n < (1 << 14)) {
            buf[len++] = (byte) ((Rdb.LEN_14BIT << 6) | (n >>> 8));
            buf[len++] = (byte) n;
        } else if (n <= 0xFFFFFFFFL) {
            buf[len++] = (byte) Rdb.LEN_32BIT;
            for (int i = 3; i >= 0; i--) {
                buf[len++] = (byte) (n >>> (8 * i));
            }
        } else {
            buf[len++] = (byte) Rdb.LEN_64BIT;
            for (int i = 7; i >= 0; i--) {
                buf[len++] = (byte) (n >>> (8 * i));
            }
        }
    }

    // ---- strings ----

    public void writeString(byte[] s) {
        writeString(s, 0, s.length);
    }

    /**
     * A string as Redis's rdbSaveRawString writes it: a canonical decimal integer of at most 11
     * characters that fits in 32 bits as an integer encoding; else, with compression on and more
     * than 20 bytes, LZF when the result is at least 4 bytes shorter; else length and bytes.
     */
    public void writeString(byte[] s, int off, int n) {
        if (n <= INT_ENCODING_MAX_LENGTH && n > 0) {
            long v = IntegerStrings.parse(s, off, n);
            if (v != IntegerStrings.NOT_AN_INTEGER && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                writeEncodedInt((int) v);
                return;
            }
        }
        if (compress && n > COMPRESS_ABOVE && writeCompressed(s, off, n)) {
            return;
        }
        writeLength(n);
        writeBytes(s, off, n);
    }

    /** An integer as a string: the integer encoding when it fits in 32 bits, else its decimal text. */
    public void writeLongAsString(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            writeEncodedInt((int) v);
        } else {
            byte[] text = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            writeLength(text.length);
            writeBytes(text);
        }
    }

    private void writeEncodedInt(int v) {
        ensure(5);
        int prefix = Rdb.ENCVAL << 6;
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            buf[len++] = (byte) (prefix | Rdb.ENC_INT8);
            buf[len++] = (byte) v;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            buf[len++] = (byte) (prefix | Rdb.ENC_INT16);
            buf[len++] = (byte) v;
            buf[len++] = (byte) (v >>> 8);
        } else {
            buf[len++] = (byte) (prefix | Rdb.ENC_INT32);
            for (int i = 0; i < 4; i++) {
                buf[len++] = (byte) (v >>> (8 * i));
            }
        }
    }

    private boolean writeCompressed(byte[] s, int off, int n) {
        if (lzf == null) {
            lzf = new Lzf();
        }
        int budget = n - 4;
        if (scratch == null || scratch.length < budget) {
            scratch = new byte[Math.max(budget, 256)];
        }
        int compressed = lzf.compress(s, off, n, scratch, budget);
        if (compressed == 0) {
            return false;
        }
        writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_LZF);
        writeLength(compressed);
        writeLength(n);
        writeBytes(scratch, 0, compressed);
        return true;
    }
}
