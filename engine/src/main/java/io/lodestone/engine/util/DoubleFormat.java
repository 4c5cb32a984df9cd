package io.lodestone.engine.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Formats doubles exactly as C's {@code printf("%.17g")} does, which is how Redis replies with them. */
public final class DoubleFormat {
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    private DoubleFormat() {}

    /** {@code %.17g}: 17 significant digits, trailing zeros removed; "inf", "-inf", "nan" as C prints them. */
    public static String g17(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d); // the common case: integral scores
        }
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN);
        int exponent = rounded.precision() - rounded.scale() - 1; // floor(log10(|x|)) after rounding
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String m = stripZeros(mantissa.setScale(16, RoundingMode.HALF_EVEN).toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return stripZeros(rounded.setScale(Math.max(0, 16 - exponent), RoundingMode.HALF_EVEN).toPlainString());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
