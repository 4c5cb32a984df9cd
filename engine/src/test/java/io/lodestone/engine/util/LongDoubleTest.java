package io.lodestone.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.Errors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Long double emulation against INCRBYFLOAT on redis-server 7.0.15 (x86-64): each row is the
 * stored value, the increment, and Redis's reply. The rows were drawn from a differential run of
 * some 11,000 random and boundary cases (decimal and hex, subnormals, overflow), all identical.
 */
class LongDoubleTest {
    private static final String[][] REDIS = {
        {"10.5", "0.1", "10.6"},
        {"10.6", "1e3", "1010.59999999999999998"},
        {"1010.59999999999999998", "5.0e3", "6010.60000000000000009"},
        {"3", "1.2345678901234567", "4.2345678901234567"},
        {"0.1", "-0.1", "0"},
        {"0", "0.000003814697265625", "0.00000381469726562"},
        {"0", "0.000000000000000005", "0"},
        {"123456789012345678901234567890", "1", "123456789012345678899921813504"},
        {"1.5", "0.000000000000000001", "1.5"},
        {"1.1897314953572317651e+4932", "-0x1p-16445", "ERR value is not a valid float"},
        {"-0x1p-16445", "+", "ERR value is not a valid float"},
        {"0.1", "1.2.3", "ERR value is not a valid float"},
        {"InFiNiTy", "abc", "ERR value is not a valid float"},
        {"-0x1p-16445", "1.8e-4951", "ERR value is not a valid float"},
        {"1..2", "0.1", "ERR value is not a valid float"},
        {"0x1p-16445", "1f", "ERR value is not a valid float"},
        {"InFiNiTy", "1", "ERR increment would produce NaN or Infinity"},
        {"0x1.fffffffffffffffep16383", "0x1p16320", "ERR increment would produce NaN or Infinity"},
        {"0x1.00000000000000018p0", "0x1p-16445", "1"},
        {"0xdf1c8bcbbd4a3d6fa.6793c70443p-100", "0.9631543494583452", "0.96315434966126393"},
        {"0x1.ee675b22a7658d597p9543", "-0x1.ee675b22a7658d597p9543", "0"},
        {"-0x1p-16445", "5e-18", "0"},
        {"0x1.ffffffffffffffffep-16383", "1e-20", "0"},
        {"0.1", "0x1.ffffffffffffffffep-16383", "0.1"},
        {"-3.251e+28", "85e-4932", "-32509999999999999998959812608"},
        {"2e-4951", "1e-4940", "0"},
        {"18446744073709551617", "1e-4940", "18446744073709551616"},
        {"1", "3.6451995318824746025e-4951", "1"},
        {"541.74", "60877200322261.608772003222619470835", "60877200322803.34877395629882812"},
        {"-4.9999999999999999999e-18", "1", "1"},
        {"1000", "19e-1442", "1000"},
        {"1e0001", "-1", "9"},
        {"-765.486", "-6.247658303e+26", "-624765830300000000017432576"},
        {"81e-1209", "-427.27", "-427.26999999999999999"},
        {"0.00000000000000001", "1341909684928127991279636", "1341909684928127991283712"},
        {"0.9488902062346112", "-8.30947142934528e-10", "0.94889020540366406"},
        {"-43.3566", "-8.88223448057297121", "-52.23883448057297121"},
        {"-252.1", "673.9", "421.80000000000000002"},
        {"10.26499999999999999", "159.334635", "169.59963499999999999"},
        {"-5477241159820928630377443", "-7.235854290703e+26", "-729062670230120928599080960"},
        {"-4.08e+00", "-632.3", "-636.38"},
        {"-3487638446479151899442833", "-0.043316228027713954", "-3487638446479151899344896"},
        {"6.5502e+14", "9.3280500e-28", "655020000000000"},
        {"5593522060420723091348939", "1e-17", "5593522060420723091439616"},
        {"-633.90300000000000002", "5068728891837873404975143", "5068728891837873404772352"},
        {"-1.522429271171002871e+27", "-3.3", "-1522429271171002871058530304"},
        {"11575489888990754834", "-5.86563416300e-15", "11575489888990754834"},
        {"7.6713e+26", "832.9", "767129999999999999995805696"},
        {"50719542.15819146600915701", "-0.5257377362877103", "50719541.63245372972232872"},
        {"-163.0", "5900.5900", "5737.58999999999999986"},
        {"699.0", "-0.2855431406857165", "698.71445685931428349"},
        {"-0.17761299049465107", "0.5995939726492483", "0.42198098215459723"},
        {"-631.944925", "0.000000000000000005", "-631.94492500000000001"},
        {"-801.8024", "4.53e-12", "-801.80239999999547001"},
        {"-715.0", "-4.133479777274e+14", "-413347977728115"},
        {"-3.07172e+21", "-0.1357259163951008", "-3071720000000000000000"},
        {"18446734710457313498", "43.6224", "18446734710457313542"},
        {"71e-1240", "-275.28", "-275.28"},
    };

    private static String incrbyfloat(String stored, String increment) {
        try {
            BigDecimal value = LongDouble.parse(bytes(stored), Errors.NOT_FLOAT);
            BigDecimal by = LongDouble.parse(bytes(increment), Errors.NOT_FLOAT);
            if (value == null || by == null) {
                return Errors.NAN_OR_INFINITY.getMessage();
            }
            BigDecimal sum = LongDouble.add(value, by);
            return sum == null ? Errors.NAN_OR_INFINITY.getMessage()
                    : new String(LongDouble.format(sum), StandardCharsets.US_ASCII);
        } catch (CommandError e) {
            return e.getMessage();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void agreesWithRedis() {
        for (String[] row : REDIS) {
            assertEquals(row[2], incrbyfloat(row[0], row[1]), row[0] + " + " + row[1]);
        }
    }

    @Test
    void roundsToA64BitMantissa() {
        // above 2^64 the unit is 2: 2^64 + 1 is a tie that goes to even (2^64), 2^64 + 3 goes to 2^64 + 4
        assertEquals("0", incrbyfloat("18446744073709551617", "-18446744073709551616"));
        assertEquals("4", incrbyfloat("18446744073709551619", "-18446744073709551616"));
        assertEquals("0", incrbyfloat("0x1.0000000000000001p64", "-18446744073709551616"));
        assertEquals("2", incrbyfloat("0x1.00000000000000010000001p64", "-18446744073709551616"));
        assertEquals("4", incrbyfloat("0x1.0000000000000003p64", "-18446744073709551616"));
        assertEquals(BigDecimal.ONE, parse("0x1.0000000000000001p0"));
    }

    @Test
    void subnormalsAndLimits() {
        assertInvalid("0x1p-16446"); // half the smallest subnormal: a tie that goes to 0
        assertEquals(parse("0x1p-16445"), parse("0x1.8p-16446"));
        assertInvalid("0x1p16384");
        assertInvalid("1.18973149535723176509e+4932");
        assertEquals(BigDecimal.ZERO, parse("0e9999999999999999999"));
        assertInvalid("1e-99999999999999999999999");
        assertNull(parse("-inf"));
        assertEquals(BigDecimal.ZERO, parse("0".repeat(5119)));
        assertInvalid("0".repeat(5120));
    }

    @Test
    void formatsLikePrintf17LfWithoutTrailingZeros() {
        assertEquals("0", format("-0.000000000000000001"));
        assertEquals("-1.5", format("-1.50"));
        assertEquals("100", format("1E+2"));
        assertEquals("0.00000000000000002", format("0.000000000000000015")); // exact ties go to even
        assertEquals("0.00000000000000002", format("0.000000000000000025"));
    }

    private static BigDecimal parse(String text) {
        return LongDouble.parse(bytes(text), Errors.NOT_FLOAT);
    }

    private static void assertInvalid(String text) {
        assertThrows(CommandError.class, () -> parse(text), text);
    }

    private static String format(String exact) {
        return new String(LongDouble.format(new BigDecimal(exact)), StandardCharsets.US_ASCII);
    }
}
