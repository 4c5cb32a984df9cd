package io.lodestone.engine.util;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.Errors;
import java.nio.charset.StandardCharsets;

/** Conversions between request bytes and numbers, with Redis's strictness. */
public final class Bytes {
    private static final int CACHED = 10_000;
    private static final byte[][] SMALL = new byte[CACHED][];

    static {
        for (int i = 0; i < CACHED; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Bytes() {}

    /** The decimal form of {@code value}; shared arrays for 0..9999, which must not be modified. */
    public static byte[] toBytes(long value) {
        if (value >= 0 && value < CACHED) {
            return SMALL[(int) value];
        }
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Case-insensitive comparison of a request word with a lower- or upper-case ASCII option. */
    public static boolean is(byte[] arg, String option) {
        int n = option.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int a = arg[i];
            int b = option.charAt(i);
            boolean letter = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
            if (a != b && !(letter && (a | 0x20) == (b | 0x20))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a signed 64-bit decimal integer as Redis's string2ll does: no spaces, no '+', no
     * leading zeros, or {@link Long#MIN_VALUE} sentinel via {@link #isLong}. Throws {@code error}.
     */
    public static long parseLong(byte[] b, CommandError error) {
        long v = parseLongOrSentinel(b);
        if (v == SENTINEL && !isMinValue(b)) {
            throw error;
        }
        return v;
    }

    public static long parseLong(byte[] b) {
        return parseLong(b, Errors.NOT_INTEGER);
    }

    /** True if {@code b} is exactly the canonical decimal form of a 64-bit integer. */
    public static boolean isLong(byte[] b) {
        return parseLongOrSentinel(b) != SENTINEL || isMinValue(b);
    }

    private static final long SENTINEL = Long.MIN_VALUE;
    private static final byte[] MIN_VALUE = ascii(Long.toString(Long.MIN_VALUE));

    private static boolean isMinValue(byte[] b) {
        return java.util.Arrays.equals(b, MIN_VALUE);
    }

    private static long parseLongOrSentinel(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 20) {
            return SENTINEL;
        }
        if (len == 1 && b[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                return SENTINEL;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return SENTINEL;
        }
        // accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long result = 0;
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || result < multmin) {
                return SENTINEL;
            }
            result *= 10;
            if (result < limit + d) {
                return SENTINEL;
            }
            result -= d;
        }
        return negative ? result : -result;
    }

    /**
     * Parses a double as Redis's getDoubleFromObject does (strtod on the whole string): no spaces,
     * no NaN, nothing out of range (1e400, 1e-400); "inf", "+inf", "-inf", exponents and hexadecimal
     * accepted. Throws {@code error} otherwise.
     */
    public static double parseDouble(byte[] b, CommandError error) {
        return Strtod.parse(b, 0, b.length, false, true, error);
    }

    public static double parseDouble(byte[] b) {
        return parseDouble(b, Errors.NOT_FLOAT);
    }
}
