package io.lodestone.engine.persistence.rdb;

/**
 * Redis's zipmap, the encoding of small hashes in dumps from before Redis 2.6 (RDB type 9): a
 * count byte, then for each pair the key's length and bytes, the value's length, a "free" byte
 * and the value followed by that many unused bytes, and 0xFF at the end. A length is one byte, or
 * 0xFE followed by 4 bytes. Read only: nothing writes zipmaps any more.
 */
public final class Zipmap {
    private static final int BIG_LEN = 0xFE;
    private static final int END = 0xFF;

    private Zipmap() {}

    /** Visits keys and values alternately. Returns the number of elements (twice the pairs). */
    public static int forEach(byte[] zm, long at, Object what, EntryVisitor visitor) throws RdbFormatException {
        if (zm.length < 2) {
            throw new RdbFormatException(at, what + ": zipmap of " + zm.length + " bytes is too short");
        }
        int p = 1;
        int count = 0;
        while (true) {
            if (p >= zm.length) {
                throw new RdbFormatException(at + p, what + ": zipmap is not terminated by 0xFF");
            }
            int b = zm[p] & 0xff;
            if (b == END) {
                if (p != zm.length - 1) {
                    throw new RdbFormatException(at + p, what + ": zipmap has bytes after its terminator");
                }
                if (count % 2 != 0) {
                    throw new RdbFormatException(at + p, what + ": zipmap ends after a key without a value");
                }
                return count;
            }
            int[] lenAndSize = length(zm, p, at, what);
            p += lenAndSize[1];
            int free = 0;
            boolean value = count % 2 == 1;
            if (value) {
                if (p >= zm.length) {
                    throw new RdbFormatException(at + p, what + ": zipmap entry runs past its end");
                }
                free = zm[p] & 0xff;
                p++;
            }
            int n = lenAndSize[0];
            if ((long) p + n + free > zm.length - 1) {
                throw new RdbFormatException(at + p, what + ": zipmap entry runs past its end");
            }
            visitor.string(zm, p, n);
            p += n + free;
            count++;
        }
    }

    private static int[] length(byte[] zm, int p, long at, Object what) throws RdbFormatException {
        int b = zm[p] & 0xff;
        if (b < BIG_LEN) {
            return new int[] {b, 1};
        }
        if (p + 5 > zm.length) {
            throw new RdbFormatException(at + p, what + ": zipmap length runs past its end");
        }
        long n = Listpack.le32(zm, p + 1);
        if (n > Integer.MAX_VALUE) {
            throw new RdbFormatException(at + p, what + ": zipmap length " + n + " is too large");
        }
        return new int[] {(int) n, 5};
    }
}
