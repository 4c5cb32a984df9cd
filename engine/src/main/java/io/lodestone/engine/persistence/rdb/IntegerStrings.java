package io.lodestone.engine.persistence.rdb;

/**
 * Recognises strings that are exactly the canonical decimal form of a 64-bit integer (no sign
 * other than a leading '-', no leading zeros, no "-0"), as Redis's string2ll + ll2string
 * round trip does before choosing an integer encoding (RDB strings, listpack entries).
 */
final class IntegerStrings {
    /** Returned for anything that is not an integer; never a valid result because of the check below. */
    static final long NOT_AN_INTEGER = Long.MIN_VALUE;
    private static final int MAX_DIGITS = 20;

    private IntegerStrings() {}

    /** The value, or {@link #NOT_AN_INTEGER} (Long.MIN_VALUE itself is reported as not an integer). */
    static long parse(byte[] s, int off, int n) {
        if (n == 0 || n > MAX_DIGITS) {
            return NOT_AN_INTEGER;
        }
        int i = off;
        int end = off + n;
        boolean negative = s[i] == '-';
        if (negative) {
            i++;
            if (i == end) {
                return NOT_AN_INTEGER;
            }
        }
        if (s[i] == '0') {
            return n == 1 ? 0 : NOT_AN_INTEGER;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_AN_INTEGER;
            }
            // accumulate negatively, so the whole range fits
            if (v < (Long.MIN_VALUE + d) / 10) {
                return NOT_AN_INTEGER;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return NOT_AN_INTEGER;
            }
            return -v;
        }
        return v == Long.MIN_VALUE ? NOT_AN_INTEGER : v;
    }
}
