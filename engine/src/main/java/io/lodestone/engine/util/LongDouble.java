package io.lodestone.engine.util;

import io.lodestone.engine.command.Errors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The arithmetic of INCRBYFLOAT and HINCRBYFLOAT, reproducing what Redis gets from C's
 * {@code long double} on x86-64: the 80-bit x87 extended format (64-bit significand with an explicit
 * integer bit, exponents down to 2^-16445 with subnormals, up to just under 2^16384). Text is parsed
 * as {@code strtold} does (decimal, hexadecimal {@code 0x..p..}, {@code inf}/{@code infinity}), every
 * operation rounds to nearest, ties to even, and results print as Redis's {@code ld2string} in its
 * "human" mode: {@code %.17Lf}, then trailing zeros and a trailing point removed, {@code -0} as
 * {@code 0}.
 *
 * <p>A value is {@code sign * mantissa * 2^exponent}, computed exactly with big integers and rounded
 * once per operation, so results match the hardware bit for bit. Plain integers take a fast path.
 */
public final class LongDouble {
    private static final int PRECISION = 64;
    /** Exponent of the smallest subnormal's unit: 2^-16445. */
    private static final long MIN_EXPONENT = -16445;
    /** Largest exponent with a 64-bit mantissa still below 2^16384. */
    private static final long MAX_EXPONENT = 16384 - PRECISION;
    /** Redis's MAX_LONG_DOUBLE_CHARS: longer text is not a number. */
    private static final int MAX_TEXT = 5 * 1024;
    private static final int DECIMALS = 17;
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[64];

    static {
        POWERS_OF_TEN[0] = BigInteger.ONE;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1].multiply(BigInteger.TEN);
        }
    }

    private static final BigInteger TEN_POW_DECIMALS = POWERS_OF_TEN[DECIMALS];
    /** Decimal exponents beyond these are certainly out of the format's range. */
    private static final long DECIMAL_OVERFLOW = 4933;
    private static final long DECIMAL_UNDERFLOW = -4952;

    public static final LongDouble ZERO = new LongDouble(0, BigInteger.ZERO, 0, Kind.FINITE);
    private static final LongDouble POSITIVE_INFINITY = new LongDouble(1, BigInteger.ZERO, 0, Kind.INFINITE);
    private static final LongDouble NEGATIVE_INFINITY = new LongDouble(-1, BigInteger.ZERO, 0, Kind.INFINITE);
    private static final LongDouble NAN = new LongDouble(0, BigInteger.ZERO, 0, Kind.NAN);

    private enum Kind { FINITE, INFINITE, NAN }

    private final int sign;
    private final BigInteger mantissa;
    private final long exponent;
    private final Kind kind;

    private LongDouble(int sign, BigInteger mantissa, long exponent, Kind kind) {
        this.sign = sign;
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.kind = kind;
    }

    // ---- the commands' operation ---------------------------------------------------------------

    /**
     * INCRBYFLOAT's arithmetic: {@code current + increment} as Redis formats it. {@code current} null
     * counts as 0. Throws {@link Errors#NOT_FLOAT} when either is not a number (as Redis's
     * string2ld decides) and {@link Errors#NAN_OR_INFINITY} when the sum is not finite.
     */
    public static byte[] add(byte[] current, byte[] increment) {
        if (current != null && Bytes.isLong(current) && Bytes.isLong(increment)) {
            long a = Bytes.parseLong(current);
            long b = Bytes.parseLong(increment);
            long sum = a + b;
            // no overflow: the sum is an integer below 2^63, exact in a 64-bit significand
            if (((a ^ sum) & (b ^ sum)) >= 0) {
                return Bytes.toBytes(sum);
            }
        }
        LongDouble inc = parse(increment);
        LongDouble cur = current == null ? ZERO : parse(current);
        if (inc == null || cur == null) {
            throw Errors.NOT_FLOAT;
        }
        LongDouble sum = cur.plus(inc);
        if (!sum.isFinite()) {
            throw Errors.NAN_OR_INFINITY;
        }
        return sum.toBytes();
    }

    // ---- values --------------------------------------------------------------------------------

    public static LongDouble of(long value) {
        if (value == 0) {
            return ZERO;
        }
        BigInteger magnitude = BigInteger.valueOf(value).abs();
        return new LongDouble(Long.signum(value), magnitude, 0, Kind.FINITE);
    }

    /** True unless infinite or NaN. */
    public boolean isFinite() {
        return kind == Kind.FINITE;
    }

    public boolean isNaN() {
        return kind == Kind.NAN;
    }

    /** The sum, rounded to the format (infinite when it overflows, NaN for inf + -inf). */
    public LongDouble plus(LongDouble other) {
        if (kind == Kind.NAN || other.kind == Kind.NAN) {
            return NAN;
        }
        if (kind == Kind.INFINITE || other.kind == Kind.INFINITE) {
            if (kind == Kind.INFINITE && other.kind == Kind.INFINITE && sign != other.sign) {
                return NAN;
            }
            return kind == Kind.INFINITE ? this : other;
        }
        if (sign == 0) {
            return other;
        }
        if (other.sign == 0) {
            return this;
        }
        long low = Math.min(exponent, other.exponent);
        BigInteger a = mantissa.shiftLeft((int) (exponent - low));
        BigInteger b = other.mantissa.shiftLeft((int) (other.exponent - low));
        BigInteger sum = (sign < 0 ? a.negate() : a).add(other.sign < 0 ? b.negate() : b);
        if (sum.signum() == 0) {
            return ZERO;
        }
        return round(sum.signum(), sum.abs(), BigInteger.ONE, low);
    }

    /** This value times {@code factor}, rounded once to the format (as {@code x * factor} in C). */
    public LongDouble times(long factor) {
        if (kind == Kind.NAN) {
            return NAN;
        }
        if (kind == Kind.INFINITE) {
            if (factor == 0) {
                return NAN;
            }
            return sign * Long.signum(factor) < 0 ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (sign == 0 || factor == 0) {
            return ZERO;
        }
        BigInteger product = mantissa.multiply(BigInteger.valueOf(factor).abs());
        return round(sign * Long.signum(factor), product, BigInteger.ONE, exponent);
    }

    /**
     * {@code (long long) ceill(x)} as x86-64 computes it: the smallest integer not below this
     * value, or {@link Long#MIN_VALUE} (the processor's "integer indefinite") when that does not
     * fit in 64 bits or the value is not finite. Redis's blocking timeouts are parsed this way.
     */
    public long ceilToLong() {
        if (kind != Kind.FINITE) {
            return Long.MIN_VALUE;
        }
        if (sign == 0) {
            return 0;
        }
        if (exponent >= 64) {
            return Long.MIN_VALUE;
        }
        BigInteger whole;
        if (exponent >= 0) {
            whole = mantissa.shiftLeft((int) exponent);
        } else {
            long drop = -exponent;
            whole = drop >= mantissa.bitLength() ? BigInteger.ZERO : mantissa.shiftRight((int) drop);
            boolean fraction = mantissa.getLowestSetBit() < drop;
            if (sign > 0 && fraction) {
                whole = whole.add(BigInteger.ONE); // ceil rounds up positives, truncates negatives
            }
        }
        BigInteger value = sign < 0 ? whole.negate() : whole;
        return value.bitLength() > 63 ? Long.MIN_VALUE : value.longValue();
    }

    // ---- parsing (strtold) ---------------------------------------------------------------------

    /**
     * The value of {@code text} as Redis's string2ld reads it, or null when it is not a number:
     * empty, too long, leading white space, trailing bytes, NaN, or out of range (overflow, or a
     * non-zero value that rounds to zero). {@code inf} and {@code infinity} are accepted.
     */
    public static LongDouble parse(byte[] text) {
        return parse(text, 0, text.length);
    }

    public static LongDouble parse(byte[] text, int offset, int length) {
        if (length == 0 || length >= MAX_TEXT || isSpace(text[offset])) {
            return null;
        }
        int i = offset;
        int end = offset + length;
        int sign = 1;
        if (text[i] == '+' || text[i] == '-') {
            sign = text[i] == '-' ? -1 : 1;
            i++;
        }
        if (i == end) {
            return null;
        }
        if (isWord(text, i, end, "inf") || isWord(text, i, end, "infinity")) {
            return sign < 0 ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (text[i] == '0' && i + 1 < end && (text[i + 1] | 0x20) == 'x') {
            return parseHex(text, i + 2, end, sign);
        }
        return parseDecimal(text, i, end, sign);
    }

    private static LongDouble parseDecimal(byte[] text, int i, int end, int sign) {
        // digits accumulate in a long while they fit (the usual case), else in a BigInteger
        long small = 0;
        BigInteger big = null;
        int significant = 0;
        int fractionDigits = 0;
        boolean anyDigit = false;
        boolean point = false;
        for (; i < end; i++) {
            byte c = text[i];
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (point) {
                    fractionDigits++;
                }
                if (significant == 0 && c == '0') {
                    continue; // leading zeros
                }
                significant++;
                if (big == null && significant <= 18) {
                    small = small * 10 + (c - '0');
                } else {
                    if (big == null) {
                        big = BigInteger.valueOf(small);
                    }
                    big = big.multiply(BigInteger.TEN).add(BigInteger.valueOf(c - '0'));
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null;
        }
        long exp = 0;
        if (i < end) {
            if ((text[i] | 0x20) != 'e') {
                return null;
            }
            long[] parsed = parseExponent(text, i + 1, end);
            if (parsed == null) {
                return null;
            }
            exp = parsed[0];
        }
        if (significant == 0) {
            return ZERO;
        }
        long decimalExp = exp - fractionDigits;
        // the value lies in [10^(n-1+e), 10^(n+e)) with n significant digits
        if (significant + decimalExp > DECIMAL_OVERFLOW + 1 || significant + decimalExp < DECIMAL_UNDERFLOW) {
            return null;
        }
        BigInteger num = big != null ? big : BigInteger.valueOf(small);
        BigInteger den = BigInteger.ONE;
        if (decimalExp >= 0) {
            num = num.multiply(powerOfTen((int) decimalExp));
        } else {
            den = powerOfTen((int) -decimalExp);
        }
        return inRange(round(sign, num, den, 0));
    }

    private static BigInteger powerOfTen(int n) {
        return n < POWERS_OF_TEN.length ? POWERS_OF_TEN[n] : BigInteger.TEN.pow(n);
    }

    private static LongDouble parseHex(byte[] text, int i, int end, int sign) {
        StringBuilder digits = new StringBuilder(end - i);
        int fractionDigits = 0;
        boolean point = false;
        for (; i < end; i++) {
            byte c = text[i];
            if (Character.digit(c, 16) >= 0) {
                digits.append((char) c);
                if (point) {
                    fractionDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits.length() == 0) {
            return null; // strtold reads just the "0" and stops at the 'x'
        }
        long exp = 0;
        if (i < end) {
            if ((text[i] | 0x20) != 'p') {
                return null;
            }
            long[] parsed = parseExponent(text, i + 1, end);
            if (parsed == null) {
                return null;
            }
            exp = parsed[0];
        }
        BigInteger mantissa = new BigInteger(digits.toString(), 16);
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long binaryExp = exp - 4L * fractionDigits;
        long top = mantissa.bitLength() + binaryExp;
        if (top > 16384 + 1 || top < MIN_EXPONENT - 1) {
            return null;
        }
        return inRange(round(sign, mantissa, BigInteger.ONE, binaryExp));
    }

    /** A signed decimal exponent running to {@code end}, saturated far beyond any range; null if malformed. */
    private static long[] parseExponent(byte[] text, int i, int end) {
        boolean negative = false;
        if (i < end && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i == end) {
            return null;
        }
        long value = 0;
        for (; i < end; i++) {
            byte c = text[i];
            if (c < '0' || c > '9') {
                return null;
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000_000L);
        }
        return new long[] {negative ? -value : value};
    }

    /** strtold's ERANGE cases that string2ld rejects: overflow to infinity, underflow to zero. */
    private static LongDouble inRange(LongDouble v) {
        return v.kind == Kind.FINITE && v.sign != 0 ? v : null;
    }

    private static boolean isWord(byte[] text, int i, int end, String word) {
        if (end - i != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((text[i + k] | 0x20) != word.charAt(k)) {
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
     * Rounds {@code sign * num / den * 2^binaryExp} (num, den positive) to the nearest value of the
     * format, ties to even; infinite when too large, zero when below half the smallest subnormal.
     */
    private static LongDouble round(int sign, BigInteger num, BigInteger den, long binaryExp) {
        // choose the unit 2^exp so that the quotient has 64 bits (fewer for subnormals)
        long exp = Math.max(num.bitLength() - den.bitLength() - PRECISION + binaryExp, MIN_EXPONENT);
        BigInteger[] qr;
        BigInteger divisor;
        while (true) {
            long shift = binaryExp - exp;
            BigInteger n = shift >= 0 ? num.shiftLeft((int) shift) : num;
            divisor = shift >= 0 ? den : den.shiftLeft((int) -shift);
            qr = n.divideAndRemainder(divisor);
            int excess = qr[0].bitLength() - PRECISION;
            if (excess <= 0) {
                break;
            }
            exp += excess;
        }
        BigInteger q = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || (half == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > PRECISION) {
                q = q.shiftRight(1);
                exp++;
            }
        }
        if (q.signum() == 0) {
            return ZERO;
        }
        if (exp > MAX_EXPONENT) {
            return sign < 0 ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        return new LongDouble(sign, q, exp, Kind.FINITE);
    }

    // ---- formatting (ld2string, human mode) ----------------------------------------------------

    /** The text Redis stores and replies: {@code %.17Lf} without trailing zeros; "inf", "-inf", "nan" otherwise. */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        if (kind == Kind.NAN) {
            return "nan";
        }
        if (kind == Kind.INFINITE) {
            return sign < 0 ? "-inf" : "inf";
        }
        if (sign == 0) {
            return "0";
        }
        // the value times 10^17, rounded to an integer, ties to even (glibc's printf)
        BigInteger scaled = mantissa.multiply(TEN_POW_DECIMALS);
        BigInteger units;
        if (exponent >= 0) {
            units = scaled.shiftLeft((int) exponent);
        } else {
            int bits = (int) -exponent;
            units = scaled.shiftRight(bits);
            // the dropped bits: at least a half (their top bit), more than a half (any other bit too)
            boolean half = scaled.testBit(bits - 1);
            boolean aboveHalf = half && scaled.getLowestSetBit() < bits - 1;
            if (aboveHalf || (half && units.testBit(0))) {
                units = units.add(BigInteger.ONE);
            }
        }
        if (units.signum() == 0) {
            return "0"; // "-0.00000000000000000" stripped to "-0", which Redis prints as "0"
        }
        StringBuilder text = new StringBuilder(units.toString());
        while (text.length() <= DECIMALS) {
            text.insert(0, '0');
        }
        text.insert(text.length() - DECIMALS, '.');
        int length = text.length();
        while (text.charAt(length - 1) == '0') {
            length--;
        }
        if (text.charAt(length - 1) == '.') {
            length--;
        }
        text.setLength(length);
        if (sign < 0) {
            text.insert(0, '-');
        }
        return text.toString();
    }
}
