package io.lodestone.engine.persistence.rdb;

import java.util.Arrays;

/**
 * Redis's listpack, the compact encoding of small hashes, sorted sets, list nodes (and sets in
 * 7.2), as it appears inside RDB files: a 6-byte header (total bytes, element count, both
 * little-endian), the entries, and an 0xFF terminator. Each entry is an encoding byte with its data
 * (a 7-bit unsigned, 13, 16, 24, 32 or 64-bit integer, or a string with a 6, 12 or 32-bit length)
 * followed by its own length written backwards in 7-bit groups, so it can be walked in both
 * directions.
 *
 * <p>{@link #forEach} validates a whole blob while walking it; {@link Writer} builds one, choosing
 * the integer encodings for strings that are canonical integers, as Redis does.
 */
public final class Listpack {
    static final int HEADER = 6;
    static final int EOF = 0xFF;
    static final int UNKNOWN_COUNT = 0xFFFF;

    private Listpack() {}

    /**
     * Visits every element of a listpack, validating its structure (sizes, encodings, back lengths,
     * count, terminator). Returns the number of elements.
     *
     * @param at the offset of the blob in the file, for error messages
     */
    public static int forEach(byte[] lp, long at, Object what, EntryVisitor visitor) throws RdbFormatException {
        if (lp.length < HEADER + 1) {
            throw new RdbFormatException(at, what + ": listpack of " + lp.length + " bytes is shorter than its header");
        }
        long total = le32(lp, 0);
        if (total != lp.length) {
            throw new RdbFormatException(at, what + ": listpack header says " + total + " bytes, blob has " + lp.length);
        }
        if ((lp[lp.length - 1] & 0xff) != EOF) {
            throw new RdbFormatException(at + lp.length - 1, what + ": listpack does not end with 0xFF");
        }
        int declared = (lp[4] & 0xff) | ((lp[5] & 0xff) << 8);
        int p = HEADER;
        int end = lp.length - 1;
        int count = 0;
        while (p < end) {
            int start = p;
            int b = lp[p] & 0xff;
            int dataLen;
            if ((b & 0x80) == 0) {
                visitor.integer(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) {
                dataLen = b & 0x3f;
                check(lp, at, p + 1 + dataLen, end, what, start);
                visitor.string(lp, p + 1, dataLen);
                p += 1 + dataLen;
            } else if ((b & 0xE0) == 0xC0) {
                check(lp, at, p + 2, end, what, start);
                int v = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                visitor.integer(v >= 1 << 12 ? v - (1 << 13) : v);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                check(lp, at, p + 2, end, what, start);
                dataLen = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
                check(lp, at, p + 2 + dataLen, end, what, start);
                visitor.string(lp, p + 2, dataLen);
                p += 2 + dataLen;
            } else if (b == 0xF0) {
                check(lp, at, p + 5, end, what, start);
                long len32 = le32(lp, p + 1);
                check(lp, at, p + 5 + len32, end, what, start);
                visitor.string(lp, p + 5, (int) len32);
                p += 5 + (int) len32;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int bytes = switch (b) {
                    case 0xF1 -> 2;
                    case 0xF2 -> 3;
                    case 0xF3 -> 4;
                    default -> 8;
                };
                check(lp, at, p + 1 + bytes, end, what, start);
                long v = 0;
                for (int i = 0; i < bytes; i++) {
                    v |= (lp[p + 1 + i] & 0xffL) << (8 * i);
                }
                int shift = 64 - 8 * bytes;
                visitor.integer((v << shift) >> shift);
                p += 1 + bytes;
            } else {
                throw new RdbFormatException(at + p, what + ": invalid listpack entry encoding 0x" + Integer.toHexString(b));
            }
            int entryLen = p - start;
            int backlenSize = backlenSize(entryLen);
            check(lp, at, p + backlenSize, end, what, start);
            if (readBacklen(lp, p + backlenSize - 1) != entryLen) {
                throw new RdbFormatException(at + p, what + ": listpack entry back length does not match its size "
                        + entryLen);
            }
            p += backlenSize;
            count++;
        }
        if (declared != UNKNOWN_COUNT && declared != count) {
            throw new RdbFormatException(at + 4, what + ": listpack header counts " + declared + " elements, found "
                    + count);
        }
        return count;
    }

    private static void check(byte[] lp, long at, long needEnd, int end, Object what, int entryStart)
            throws RdbFormatException {
        if (needEnd > end) {
            throw new RdbFormatException(at + entryStart, what + ": listpack entry runs past the end of the listpack");
        }
    }

    static long le32(byte[] b, int p) {
        return (b[p] & 0xffL) | ((b[p + 1] & 0xffL) << 8) | ((b[p + 2] & 0xffL) << 16) | ((b[p + 3] & 0xffL) << 24);
    }

    static int backlenSize(int len) {
        if (len <= 127) {
            return 1;
        } else if (len < 16383) {
            return 2;
        } else if (len < 2097151) {
            return 3;
        } else if (len < 268435455) {
            return 4;
        }
        return 5;
    }

    /** Reads a back length whose last byte is at {@code p}, going backwards. */
    private static long readBacklen(byte[] lp, int p) {
        long v = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            int b = lp[p - i] & 0xff;
            v |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                return v;
            }
            shift += 7;
        }
        return -1;
    }

    /** Builds a listpack; reusable with {@link #reset()}. */
    public static final class Writer {
        private byte[] buf = new byte[256];
        private int len = HEADER;
        private int count;

        public void reset() {
            len = HEADER;
            count = 0;
        }

        public int count() {
            return count;
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + extra, buf.length * 2));
            }
        }

        /** Appends a string, stored as an integer when it is the canonical form of one (as lpAppend). */
        public Writer add(byte[] s, int off, int n) {
            long v = n <= 20 ? IntegerStrings.parse(s, off, n) : IntegerStrings.NOT_AN_INTEGER;
            if (v != IntegerStrings.NOT_AN_INTEGER) {
                return add(v);
            }
            ensure(n + 5 + 5);
            int start = len;
            if (n < 64) {
                buf[len++] = (byte) (0x80 | n);
            } else if (n < 4096) {
                buf[len++] = (byte) (0xE0 | (n >>> 8));
                buf[len++] = (byte) n;
            } else {
                buf[len++] = (byte) 0xF0;
                for (int i = 0; i < 4; i++) {
                    buf[len++] = (byte) (n >>> (8 * i));
                }
            }
            System.arraycopy(s, off, buf, len, n);
            len += n;
            backlen(len - start);
            count++;
            return this;
        }

        public Writer add(byte[] s) {
            return add(s, 0, s.length);
        }

        /** Appends an integer in the smallest encoding that holds it. */
        public Writer add(long v) {
            ensure(9 + 5);
            int start = len;
            if (v >= 0 && v <= 127) {
                buf[len++] = (byte) v;
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1L << 13) + v : v;
                buf[len++] = (byte) (0xC0 | (u >>> 8));
                buf[len++] = (byte) u;
            } else {
                int bytes;
                int tag;
                if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    bytes = 2;
                    tag = 0xF1;
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    bytes = 3;
                    tag = 0xF2;
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    bytes = 4;
                    tag = 0xF3;
                } else {
                    bytes = 8;
                    tag = 0xF4;
                }
                buf[len++] = (byte) tag;
                for (int i = 0; i < bytes; i++) {
                    buf[len++] = (byte) (v >>> (8 * i));
                }
            }
            backlen(len - start);
            count++;
            return this;
        }

        private void backlen(int l) {
            int size = backlenSize(l);
            // most significant group first, without the continuation bit; the others with it
            for (int i = size - 1; i >= 0; i--) {
                int group = (int) ((l >>> (7 * i)) & 127);
                buf[len++] = (byte) (i == size - 1 ? group : group | 128);
            }
        }

        /** Finishes the listpack (header and terminator) and returns its size; see {@link #array()}. */
        public int finish() {
            ensure(1);
            buf[len++] = (byte) EOF;
            int total = len;
            for (int i = 0; i < 4; i++) {
                buf[i] = (byte) (total >>> (8 * i));
            }
            int n = Math.min(count, UNKNOWN_COUNT);
            buf[4] = (byte) n;
            buf[5] = (byte) (n >>> 8);
            len--; // the terminator is rewritten if more is added after a finish
            return total;
        }

        /** The bytes; after {@link #finish()}, {@code [0, finish())} is the listpack. */
        public byte[] array() {
            return buf;
        }

        public byte[] toByteArray() {
            int total = finish();
            return Arrays.copyOf(buf, total);
        }
    }
}
