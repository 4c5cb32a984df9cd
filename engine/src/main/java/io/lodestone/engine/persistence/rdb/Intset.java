package io.lodestone.engine.persistence.rdb;

/**
 * Redis's intset, the encoding of small sets of integers (RDB type 11): the width of every element
 * (2, 4 or 8 bytes), the element count, then the elements sorted ascending, all little-endian.
 */
public final class Intset {
    private static final int HEADER = 8;

    private Intset() {}

    /** Visits every element, validating width, size and strict ascending order. Returns the count. */
    public static int forEach(byte[] is, long at, Object what, EntryVisitor visitor) throws RdbFormatException {
        if (is.length < HEADER) {
            throw new RdbFormatException(at, what + ": intset of " + is.length + " bytes is shorter than its header");
        }
        long width = Listpack.le32(is, 0);
        if (width != 2 && width != 4 && width != 8) {
            throw new RdbFormatException(at, what + ": invalid intset element width " + width);
        }
        long count = Listpack.le32(is, 4);
        if (HEADER + count * width != is.length) {
            throw new RdbFormatException(at + 4, what + ": intset of " + count + " elements of " + width
                    + " bytes cannot be " + is.length + " bytes long");
        }
        long previous = 0;
        for (int i = 0; i < count; i++) {
            int p = HEADER + i * (int) width;
            long v = 0;
            for (int b = 0; b < width; b++) {
                v |= (is[p + b] & 0xffL) << (8 * b);
            }
            int shift = 64 - 8 * (int) width;
            v = (v << shift) >> shift;
            if (i > 0 && v <= previous) {
                throw new RdbFormatException(at + p, what + ": intset elements are not in strictly ascending order");
            }
            previous = v;
            visitor.integer(v);
        }
        return (int) count;
    }

    /** An intset of {@code sorted} (ascending, distinct) in the narrowest width that holds them all. */
    public static byte[] of(long[] sorted) {
        int width = 2;
        for (long v : sorted) {
            width = widen(width, v);
        }
        byte[] out = new byte[size(width, sorted.length)];
        start(out, width, sorted.length);
        for (int e = 0; e < sorted.length; e++) {
            put(out, width, e, sorted[e]);
        }
        return out;
    }

    // ---- building one in a caller's buffer (a snapshot writes one per set: no allocation) ----

    /** The width (2, 4 or 8) that holds {@code v} and everything {@code width} held. */
    static int widen(int width, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            return 8;
        }
        if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) {
            return 4;
        }
        return width;
    }

    /** The bytes of an intset of {@code count} elements of {@code width} bytes. */
    static int size(int width, int count) {
        return HEADER + count * width;
    }

    /** Writes the header: the element width, then the count. */
    static void start(byte[] out, int width, int count) {
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (width >>> (8 * i));
            out[4 + i] = (byte) (count >>> (8 * i));
        }
    }

    /** Writes element {@code index}; elements go in ascending order. */
    static void put(byte[] out, int width, int index, long v) {
        int at = HEADER + index * width;
        for (int b = 0; b < width; b++) {
            out[at + b] = (byte) (v >>> (8 * b));
        }
    }
}
