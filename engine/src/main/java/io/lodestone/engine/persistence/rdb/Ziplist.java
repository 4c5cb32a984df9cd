package io.lodestone.engine.persistence.rdb;

import java.util.Arrays;

/**
 * Redis's ziplist, the compact encoding that dumps written before Redis 7.0 use for small hashes,
 * sorted sets and lists (and every quicklist node before RDB type 18). A 10-byte header (total
 * bytes, offset of the last entry, element count), the entries, and an 0xFF terminator. Each entry
 * starts with the previous entry's length (1 byte, or 0xFE and 4 bytes), then its encoding: a
 * string with a 6, 14 or 32-bit length, or an integer (8, 16, 24, 32, 64-bit, or 0..12 held in the
 * encoding byte itself).
 *
 * <p>Redis 7.0 never writes ziplists but loads them (converting to listpack): so do we.
 * {@link Writer} exists to build test inputs and for completeness.
 */
public final class Ziplist {
    private static final int HEADER = 10;
    private static final int END = 0xFF;
    private static final int BIG_PREVLEN = 0xFE;
    private static final int UNKNOWN_COUNT = 0xFFFF;

    private Ziplist() {}

    /** Visits every element, validating the structure. Returns the number of elements. */
    public static int forEach(byte[] zl, long at, Object what, EntryVisitor visitor) throws RdbFormatException {
        if (zl.length < HEADER + 1) {
            throw new RdbFormatException(at, what + ": ziplist of " + zl.length + " bytes is shorter than its header");
        }
        long total = Listpack.le32(zl, 0);
        if (total != zl.length) {
            throw new RdbFormatException(at, what + ": ziplist header says " + total + " bytes, blob has " + zl.length);
        }
        long tail = Listpack.le32(zl, 4);
        int declared = (zl[8] & 0xff) | ((zl[9] & 0xff) << 8);
        if ((zl[zl.length - 1] & 0xff) != END) {
            throw new RdbFormatException(at + zl.length - 1, what + ": ziplist does not end with 0xFF");
        }
        int end = zl.length - 1;
        int p = HEADER;
        int count = 0;
        int prevLen = 0;
        int lastEntry = HEADER;
        while (p < end) {
            int start = p;
            int prev;
            if ((zl[p] & 0xff) < BIG_PREVLEN) {
                prev = zl[p] & 0xff;
                p += 1;
            } else if ((zl[p] & 0xff) == BIG_PREVLEN) {
                need(at, p + 5, end, what, start);
                prev = (int) Listpack.le32(zl, p + 1);
                p += 5;
            } else {
                throw new RdbFormatException(at + p, what + ": invalid ziplist previous-length byte 0xFF");
            }
            if (prev != prevLen) {
                throw new RdbFormatException(at + start, what + ": ziplist entry says the previous one is " + prev
                        + " bytes, it is " + prevLen);
            }
            need(at, p + 1, end, what, start);
            int e = zl[p] & 0xff;
            switch (e >>> 6) {
                case 0 -> {
                    int n = e & 0x3f;
                    need(at, p + 1 + n, end, what, start);
                    visitor.string(zl, p + 1, n);
                    p += 1 + n;
                }
                case 1 -> {
                    need(at, p + 2, end, what, start);
                    int n = ((e & 0x3f) << 8) | (zl[p + 1] & 0xff);
                    need(at, p + 2 + n, end, what, start);
                    visitor.string(zl, p + 2, n);
                    p += 2 + n;
                }
                case 2 -> {
                    if (e != 0x80) {
                        throw new RdbFormatException(at + p, what + ": invalid ziplist encoding 0x" + Integer.toHexString(e));
                    }
                    need(at, p + 5, end, what, start);
                    long n = ((zl[p + 1] & 0xffL) << 24) | ((zl[p + 2] & 0xffL) << 16) | ((zl[p + 3] & 0xffL) << 8)
                            | (zl[p + 4] & 0xffL);
                    need(at, p + 5 + n, end, what, start);
                    visitor.string(zl, p + 5, (int) n);
                    p += 5 + (int) n;
                }
                default -> {
                    int bytes;
                    switch (e) {
                        case 0xC0 -> bytes = 2;
                        case 0xD0 -> bytes = 4;
                        case 0xE0 -> bytes = 8;
                        case 0xF0 -> bytes = 3;
                        case 0xFE -> bytes = 1;
                        default -> {
                            if (e >= 0xF1 && e <= 0xFD) {
                                visitor.integer((e & 0x0f) - 1);
                                p += 1;
                                bytes = -1;
                            } else {
                                throw new RdbFormatException(at + p, what + ": invalid ziplist encoding 0x"
                                        + Integer.toHexString(e));
                            }
                        }
                    }
                    if (bytes > 0) {
                        need(at, p + 1 + bytes, end, what, start);
                        long v = 0;
                        for (int i = 0; i < bytes; i++) {
                            v |= (zl[p + 1 + i] & 0xffL) << (8 * i);
                        }
                        int shift = 64 - 8 * bytes;
                        visitor.integer((v << shift) >> shift);
                        p += 1 + bytes;
                    }
                }
            }
            prevLen = p - start;
            lastEntry = start;
            count++;
        }
        if (tail != lastEntry) {
            throw new RdbFormatException(at + 4, what + ": ziplist tail offset " + tail + " is not the last entry ("
                    + lastEntry + ")");
        }
        if (declared != UNKNOWN_COUNT && declared != count) {
            throw new RdbFormatException(at + 8, what + ": ziplist header counts " + declared + " elements, found " + count);
        }
        return count;
    }

    private static void need(long at, long needEnd, int end, Object what, int start) throws RdbFormatException {
        if (needEnd > end) {
            throw new RdbFormatException(at + start, what + ": ziplist entry runs past the end of the ziplist");
        }
    }

    /** Builds a ziplist (test inputs; Redis 7.0 itself writes listpacks). */
    public static final class Writer {
        private byte[] buf = new byte[256];
        private int len = HEADER;
        private int count;
        private int prevLen;
        private int lastEntry = HEADER;

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + extra, buf.length * 2));
            }
        }

        private void prevlen() {
            if (prevLen < BIG_PREVLEN) {
                buf[len++] = (byte) prevLen;
            } else {
                buf[len++] = (byte) BIG_PREVLEN;
                for (int i = 0; i < 4; i++) {
                    buf[len++] = (byte) (prevLen >>> (8 * i));
                }
            }
        }

        /** Appends a string, as an integer when it is the canonical form of one (as zipTryEncoding). */
        public Writer add(byte[] s) {
            long v = s.length <= 20 ? IntegerStrings.parse(s, 0, s.length) : IntegerStrings.NOT_AN_INTEGER;
            if (v != IntegerStrings.NOT_AN_INTEGER) {
                return add(v);
            }
            ensure(5 + 5 + s.length + 1);
            int start = len;
            prevlen();
            int n = s.length;
            if (n <= 0x3f) {
                buf[len++] = (byte) n;
            } else if (n <= 0x3fff) {
                buf[len++] = (byte) (0x40 | (n >>> 8));
                buf[len++] = (byte) n;
            } else {
                buf[len++] = (byte) 0x80;
                for (int i = 3; i >= 0; i--) {
                    buf[len++] = (byte) (n >>> (8 * i));
                }
            }
            System.arraycopy(s, 0, buf, len, n);
            len += n;
            done(start);
            return this;
        }

        public Writer add(long v) {
            ensure(5 + 9 + 1);
            int start = len;
            prevlen();
            if (v >= 0 && v <= 12) {
                buf[len++] = (byte) (0xF1 + v);
            } else {
                int bytes;
                if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    buf[len++] = (byte) 0xFE;
                    bytes = 1;
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    buf[len++] = (byte) 0xC0;
                    bytes = 2;
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    buf[len++] = (byte) 0xF0;
                    bytes = 3;
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    buf[len++] = (byte) 0xD0;
                    bytes = 4;
                } else {
                    buf[len++] = (byte) 0xE0;
                    bytes = 8;
                }
                for (int i = 0; i < bytes; i++) {
                    buf[len++] = (byte) (v >>> (8 * i));
                }
            }
            done(start);
            return this;
        }

        private void done(int start) {
            prevLen = len - start;
            lastEntry = start;
            count++;
        }

        public byte[] toByteArray() {
            ensure(1);
            byte[] out = Arrays.copyOf(buf, len + 1);
            out[len] = (byte) END;
            int total = out.length;
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) (total >>> (8 * i));
                out[4 + i] = (byte) (lastEntry >>> (8 * i));
            }
            int n = Math.min(count, UNKNOWN_COUNT);
            out[8] = (byte) n;
            out[9] = (byte) (n >>> 8);
            return out;
        }
    }
}
