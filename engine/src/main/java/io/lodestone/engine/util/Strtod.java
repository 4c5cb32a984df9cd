package io.lodestone.engine.util;

import io.lodestone.engine.command.CommandError;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as Redis uses it on arguments: decimal text with an optional exponent,
 * hexadecimal text ({@code 0x1.8p3}), {@code inf}/{@code infinity} and {@code nan} in any letter
 * case, an optional sign, leading white space skipped. The value is correctly rounded, as glibc's.
 *
 * <p>Two callers' rules sit on top of it: {@link Bytes#parseDouble} (Redis's getDoubleFromObject:
 * the whole argument, no leading space, out-of-range values rejected) and score range bounds
 * (zslParseRange: the whole argument up to a NUL byte, leading space allowed, overflow to infinity
 * accepted). Both reject NaN.
 */
public final class Strtod {
    /** Powers of ten that are exact doubles, for the fast path. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    };
    /** Below 2^53, so every such mantissa is an exact double. */
    private static final int FAST_PATH_DIGITS = 15;

    private Strtod() {}

    /**
     * Parses all of {@code b[from, to)}, or throws {@code error}: the text must be one number with
     * nothing after it. {@code allowLeadingSpace}: strtod skips white space (range bounds accept it,
     * getDoubleFromObject does not). {@code rejectOutOfRange}: a finite text that overflows to
     * infinity or a nonzero text that underflows to zero is an error (errno ERANGE).
     */
    public static double parse(byte[] b, int from, int to, boolean allowLeadingSpace, boolean rejectOutOfRange,
                               CommandError error) {
        double fast = parseSimpleDecimal(b, from, to);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        int start = from;
        if (allowLeadingSpace) {
            while (start < to && isSpace(b[start])) {
                start++;
            }
        }
        if (start == to || isSpace(b[start])) {
            throw error;
        }
        int end = scan(b, start, to);
        if (end != to) {
            throw error;
        }
        double value = convert(b, start, end);
        if (Double.isNaN(value)) {
            throw error;
        }
        if (rejectOutOfRange && outOfRange(b, start, end, value)) {
            throw error;
        }
        return value;
    }

    /**
     * The common case without a String: {@code [-+]digits[.digits]} with at most 15 digits. The
     * mantissa and the power of ten are exact doubles, so one division rounds correctly. NaN when
     * the text has another form.
     */
    private static double parseSimpleDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (point) {
                    fractionDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || digits > FAST_PATH_DIGITS) {
            return Double.NaN;
        }
        double value = mantissa / EXACT_POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }

    /**
     * The end of the longest prefix of {@code b[from, to)} that strtod converts, white space not
     * skipped; {@code from} when nothing converts.
     */
    static int scan(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        if (matchesWord(b, i, to, "infinity")) {
            return i + 8;
        }
        if (matchesWord(b, i, to, "inf")) {
            return i + 3;
        }
        if (matchesWord(b, i, to, "nan")) {
            int end = i + 3;
            // "nan(chars)" where chars are letters, digits and underscores
            if (end < to && b[end] == '(') {
                int j = end + 1;
                while (j < to && (isDigit(b[j], false) || ((b[j] | 0x20) >= 'a' && (b[j] | 0x20) <= 'z') || b[j] == '_')) {
                    j++;
                }
                if (j < to && b[j] == ')') {
                    return j + 1;
                }
            }
            return end;
        }
        if (i + 1 < to && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            int hexEnd = scanMantissa(b, i + 2, to, true);
            if (hexEnd > 0) {
                return scanExponent(b, hexEnd, to, 'p');
            }
            return i + 1; // "0x" without hex digits: strtod reads the 0 alone
        }
        int end = scanMantissa(b, i, to, false);
        if (end < 0) {
            return from;
        }
        return scanExponent(b, end, to, 'e');
    }

    /** The end of {@code digits[.digits]} with at least one digit, or -1. */
    private static int scanMantissa(byte[] b, int i, int to, boolean hex) {
        int digits = 0;
        while (i < to && isDigit(b[i], hex)) {
            i++;
            digits++;
        }
        if (i < to && b[i] == '.') {
            int j = i + 1;
            while (j < to && isDigit(b[j], hex)) {
                j++;
                digits++;
            }
            if (digits > 0) {
                return j;
            }
            return -1;
        }
        return digits > 0 ? i : -1;
    }

    /** Past an exponent ({@code e[+-]digits} or {@code p[+-]digits}) if a complete one follows {@code i}. */
    private static int scanExponent(byte[] b, int i, int to, char marker) {
        if (i < to && (b[i] | 0x20) == marker) {
            int j = i + 1;
            if (j < to && (b[j] == '-' || b[j] == '+')) {
                j++;
            }
            int digitsStart = j;
            while (j < to && b[j] >= '0' && b[j] <= '9') {
                j++;
            }
            if (j > digitsStart) {
                return j;
            }
        }
        return i;
    }

    /** The value of a text that {@link #scan} accepted whole. */
    private static double convert(byte[] b, int from, int to) {
        String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
        int body = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        boolean negative = text.charAt(0) == '-';
        char first = Character.toLowerCase(text.charAt(body));
        if (first == 'i') {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (first == 'n') {
            return Double.NaN;
        }
        if (text.length() > body + 1 && (text.charAt(body + 1) == 'x' || text.charAt(body + 1) == 'X')) {
            // Java wants a binary exponent and a digit somewhere around the point
            String hex = text;
            if (hex.indexOf('p') < 0 && hex.indexOf('P') < 0) {
                hex = hex + "p0";
            }
            return Double.parseDouble(hex);
        }
        return Double.parseDouble(text);
    }

    /** ERANGE: a finite text beyond the largest double, or a nonzero one below the smallest. */
    private static boolean outOfRange(byte[] b, int from, int to, double value) {
        if (Double.isInfinite(value)) {
            int body = b[from] == '-' || b[from] == '+' ? from + 1 : from;
            return (b[body] | 0x20) != 'i';
        }
        if (value != 0) {
            return false;
        }
        int body = b[from] == '-' || b[from] == '+' ? from + 1 : from;
        boolean hex = to - body > 1 && (b[body + 1] | 0x20) == 'x';
        int i = hex ? body + 2 : body;
        for (; i < to; i++) {
            int c = b[i];
            if ((c | 0x20) == (hex ? 'p' : 'e')) {
                break;
            }
            if (c != '0' && c != '.') {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(byte c, boolean hex) {
        if (c >= '0' && c <= '9') {
            return true;
        }
        int lower = c | 0x20;
        return hex && lower >= 'a' && lower <= 'f';
    }

    private static boolean matchesWord(byte[] b, int i, int to, String word) {
        if (to - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((b[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** C's isspace in the "C" locale. */
    public static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }
}
