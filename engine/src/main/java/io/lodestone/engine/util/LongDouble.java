package io.lodestone.engine.util;

import io.lodestone.engine.command.CommandError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The arithmetic of Redis's INCRBYFLOAT and HINCRBYFLOAT, which compute in C {@code long double}
 * (x87 80-bit: a 64-bit mantissa, exponents down to 2^-16445 with subnormals) and print the result
 * with {@code "%.17Lf"} minus trailing zeros. Values are kept as exact {@link BigDecimal}s that are
 * always long double values, so every step rounds exactly as the hardware does and the printed
 * strings are identical to Redis's.
 */
public final class LongDouble {
    /** Redis rejects operands this long or longer (its MAX_LONG_DOUBLE_CHARS buffer). */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int MANTISSA_BITS = 64;
    /** Exponent of the least significant mantissa bit of the smallest subnormal: 2^-16445. */
    private static final int MIN_EXPONENT = -16445;
    /** Values at or above 2^16384 are infinite. */
    private static final int MAX_BINARY_DIGITS = 16384;
    private static final BigInteger FIVE = BigInteger.valueOf(5);
    /** 10^0 .. 10^63: the denominators of everyday operands, computed once. */
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[64];

    static {
        POWERS_OF_TEN[0] = BigInteger.ONE;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1].multiply(BigInteger.TEN);
        }
    }

    private LongDouble() {}

    /**
     * Reads a number as glibc's {@code strtold} does on the whole string (decimal or hex, optional
     * exponent, "inf"/"infinity"; no spaces, no NaN, no overflow to infinity, no underflow to 0)
     * and rounds it to the nearest long double.
     *
     * @return the value, or null if the text is an infinity
     * @throws CommandError {@code invalid} if the text is not such a number
     */
    public static BigDecimal parse(byte[] text, CommandError invalid) {
        int n = text.length;
        if (n == 0 || n >= MAX_CHARS || isSpace(text[0])) {
            throw invalid;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i = 1;
        }
        if (isWord(text, i, "inf") || isWord(text, i, "infinity")) {
            return null;
        }
        BigDecimal magnitude;
        if (n - i > 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            magnitude = parseHex(text, i + 2, invalid);
        } else {
            magnitude = parseDecimal(text, i, invalid);
        }
        return negative ? magnitude.negate() : magnitude;
    }

    /** The sum rounded to a long double, or null if it overflows to infinity. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        return round(a.add(b));
    }

    /** {@code "%.17Lf"} without trailing zeros or a trailing '.', and "0" for any zero. */
    public static byte[] format(BigDecimal value) {
        String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 2 && s.charAt(0) == '-' && s.charAt(1) == '0') {
            return new byte[] {'0'};
        }
        byte[] out = new byte[end];
        for (int i = 0; i < end; i++) {
            out[i] = (byte) s.charAt(i); // ASCII only: digits, '-' and '.'
        }
        return out;
    }

    // ---- parsing -------------------------------------------------------------------------------

    /** digits [. digits] [e [+-] digits], with at least one mantissa digit, to the end of text. */
    private static BigDecimal parseDecimal(byte[] text, int from, CommandError invalid) {
        int n = text.length;
        StringBuilder digits = null;
        long small = 0;
        int significant = 0;
        int fractionDigits = 0;
        int mantissaDigits = 0;
        boolean seenPoint = false;
        int i = from;
        for (; i < n; i++) {
            byte c = text[i];
            if (c == '.' && !seenPoint) {
                seenPoint = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            mantissaDigits++;
            if (seenPoint) {
                fractionDigits++;
            }
            if (significant == 0 && c == '0') {
                continue; // leading zeros carry no value
            }
            significant++;
            if (significant <= 18) {
                small = small * 10 + (c - '0');
            } else {
                if (digits == null) {
                    digits = new StringBuilder(n).append(small);
                }
                digits.append((char) c);
            }
        }
        if (mantissaDigits == 0) {
            throw invalid;
        }
        long exponent = 0;
        if (i < n && (text[i] == 'e' || text[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (text[i] == '+' || text[i] == '-')) {
                negativeExponent = text[i] == '-';
                i++;
            }
            int expStart = i;
            for (; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
                exponent = Math.min(exponent * 10 + (text[i] - '0'), 1_000_000); // far beyond any range
            }
            if (i == expStart) {
                throw invalid;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != n) {
            throw invalid;
        }
        if (significant == 0) {
            return BigDecimal.ZERO;
        }
        int scale = (int) (fractionDigits - exponent);
        // the decimal exponent of the leading digit decides overflow and underflow cheaply
        long leading = significant - 1L - scale;
        if (leading > 4933 || leading < -4952) {
            throw invalid; // beyond 1.19e4932, or below half the smallest subnormal (1.8e-4951)
        }
        BigInteger unscaled = digits == null ? BigInteger.valueOf(small) : new BigInteger(digits.toString());
        return checkedRound(new BigDecimal(unscaled, scale), invalid);
    }

    /** hexdigits [. hexdigits] [p [+-] digits], with at least one mantissa digit, after the "0x". */
    private static BigDecimal parseHex(byte[] text, int from, CommandError invalid) {
        int n = text.length;
        BigInteger mantissa = BigInteger.ZERO;
        long small = 0;
        int smallDigits = 0;
        int fractionDigits = 0;
        int mantissaDigits = 0;
        boolean seenPoint = false;
        int i = from;
        for (; i < n; i++) {
            byte c = text[i];
            if (c == '.' && !seenPoint) {
                seenPoint = true;
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0) {
                break;
            }
            mantissaDigits++;
            if (seenPoint) {
                fractionDigits++;
            }
            small = (small << 4) | d;
            if (++smallDigits == 15) {
                mantissa = mantissa.shiftLeft(60).or(BigInteger.valueOf(small));
                small = 0;
                smallDigits = 0;
            }
        }
        if (mantissaDigits == 0) {
            throw invalid;
        }
        mantissa = mantissa.shiftLeft(4 * smallDigits).or(BigInteger.valueOf(small));
        long exponent = 0;
        if (i < n && (text[i] == 'p' || text[i] == 'P')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (text[i] == '+' || text[i] == '-')) {
                negativeExponent = text[i] == '-';
                i++;
            }
            int expStart = i;
            for (; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
                exponent = Math.min(exponent * 10 + (text[i] - '0'), 1_000_000);
            }
            if (i == expStart) {
                throw invalid;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != n) {
            throw invalid;
        }
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long binaryExponent = exponent - 4L * fractionDigits;
        long leadingBit = mantissa.bitLength() - 1L + binaryExponent;
        if (leadingBit >= MAX_BINARY_DIGITS || leadingBit < MIN_EXPONENT - 1) {
            throw invalid; // infinite, or at most half the smallest subnormal
        }
        return checkedRound(exact(mantissa, (int) binaryExponent), invalid);
    }

    /** Rounds a parsed value; overflow to infinity and underflow to zero are errors, as in Redis. */
    private static BigDecimal checkedRound(BigDecimal exact, CommandError invalid) {
        BigDecimal rounded = round(exact);
        if (rounded == null || rounded.signum() == 0) {
            throw invalid;
        }
        return rounded;
    }

    private static boolean isWord(byte[] text, int from, String word) {
        if (text.length - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((text[from + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    // ---- rounding ------------------------------------------------------------------------------

    /**
     * The long double nearest to {@code x} (ties to even), as an exact decimal; null if it is
     * infinite. Subnormals keep fewer mantissa bits, as the hardware does.
     */
    static BigDecimal round(BigDecimal x) {
        int sign = x.signum();
        if (sign == 0) {
            return BigDecimal.ZERO;
        }
        BigInteger unscaled = x.unscaledValue().abs();
        int scale = x.scale();
        BigInteger numerator;
        BigInteger denominator;
        if (scale <= 0) {
            numerator = scale == 0 ? unscaled : unscaled.multiply(powerOfTen(-scale));
            if (numerator.bitLength() <= MANTISSA_BITS) {
                return x; // an integer that fits the mantissa is exact
            }
            denominator = BigInteger.ONE;
        } else {
            numerator = unscaled;
            denominator = powerOfTen(scale);
        }
        // x < 2^(k+1), so with e = k - 64 the quotient has 64 or 65 bits (fewer when subnormal)
        int k = numerator.bitLength() - denominator.bitLength();
        int e = Math.max(MIN_EXPONENT, k - MANTISSA_BITS);
        BigInteger[] qr;
        BigInteger divisor;
        if (e < 0) {
            divisor = denominator;
            qr = numerator.shiftLeft(-e).divideAndRemainder(divisor);
        } else {
            divisor = denominator.shiftLeft(e);
            qr = numerator.divideAndRemainder(divisor);
        }
        BigInteger q = qr[0];
        boolean roundUp;
        if (q.bitLength() > MANTISSA_BITS) {
            boolean half = q.testBit(0);
            boolean sticky = qr[1].signum() != 0;
            q = q.shiftRight(1);
            e++;
            roundUp = half && (sticky || q.testBit(0));
        } else {
            int cmp = qr[1].shiftLeft(1).compareTo(divisor);
            roundUp = cmp > 0 || (cmp == 0 && q.testBit(0));
        }
        if (roundUp) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > MANTISSA_BITS) {
                q = q.shiftRight(1);
                e++;
            }
        }
        if (q.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if ((long) e + q.bitLength() > MAX_BINARY_DIGITS) {
            return null;
        }
        BigDecimal result = exact(q, e);
        return sign < 0 ? result.negate() : result;
    }

    private static BigInteger powerOfTen(int n) {
        return n < POWERS_OF_TEN.length ? POWERS_OF_TEN[n] : BigInteger.TEN.pow(n);
    }

    /** mantissa x 2^exponent as an exact decimal (2^-n = 5^n / 10^n). */
    private static BigDecimal exact(BigInteger mantissa, int exponent) {
        int zeros = mantissa.getLowestSetBit();
        if (exponent < 0 && zeros > 0) {
            int shift = Math.min(zeros, -exponent); // keeps the decimal scale as small as possible
            mantissa = mantissa.shiftRight(shift);
            exponent += shift;
        }
        if (exponent >= 0) {
            return new BigDecimal(mantissa.shiftLeft(exponent));
        }
        return new BigDecimal(mantissa.multiply(FIVE.pow(-exponent)), -exponent);
    }
}
