package io.lodestone.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LongDoubleTest {
    private static String add(String current, String increment) {
        return Bytes.string(LongDouble.add(current == null ? null : Bytes.ascii(current), Bytes.ascii(increment)));
    }

    @Test
    void matchesRedisOnRecordedVectors() throws IOException {
        int checked = 0;
        try (var in = getClass().getResourceAsStream("incrbyfloat-vectors.tsv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                assertEquals(parts[2], add(parts[0], parts[1]), parts[0] + " + " + parts[1]);
                checked++;
            }
        }
        assertEquals(400, checked);
    }

    @Test
    void smallDecimalsComeOutAsTyped() {
        assertEquals("0.3", add("0.1", "0.2"));
        assertEquals("3.3", add("1.1", "2.2"));
        assertEquals("10.6", add("10.5", "0.1"));
        assertEquals("17179869185.5", add("17179869184", "1.5"));
        assertEquals("3", add(null, "3.0"));
        assertEquals("100000", add(null, "1e5"));
        assertEquals("8", add(null, "0x1p3"));
        assertEquals("6.5", add("1.5", "5."));
        assertEquals("1.5", add("1", ".5"));
        assertEquals("1", add(null, "+1"));
    }

    @Test
    void wideRangeAndExactDigits() {
        // long double does not overflow at 2e308; %.17Lf prints the exact binary value
        assertEquals("199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777"
                + "078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335"
                + "878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510"
                + "092687857156096", add("1e308", "1e308"));
        assertEquals("10000000000000000000222479489586148259025995410601157579323600873193472", add(null, "1e70"));
    }

    @Test
    void printsHalfwayCasesToEven() {
        // 2^-18 and 3 * 2^-18 have exactly 18 decimals ending in 5: glibc rounds them to even
        assertEquals("0.00000381469726562", add(null, "0.000003814697265625"));
        assertEquals("0.00001144409179688", add(null, "0.000011444091796875"));
    }

    @Test
    void negativeZeroAndTinyNegativesPrintAsZero() {
        assertEquals("0", add(null, "-0"));
        assertEquals("0", add(null, "-0.000000000000000001"));
        assertEquals("0", add("5", "-5"));
        assertEquals("-5", add("0", "-5"));
    }

    @Test
    void integerFastPathAgreesWithTheGeneralPath() {
        assertEquals("9223372036854775807", add("9223372036854775806", "1"));
        // overflows a long: falls back to 64-bit mantissa arithmetic, exact below 2^64
        assertEquals("9223372036854775808", add("9223372036854775807", "1"));
        assertEquals("-9223372036854775809", add("-9223372036854775808", "-1"));
        // 2^64 + 1 needs 65 bits: rounds to even
        assertEquals("18446744073709551616", add("18446744073709551615", "2"));
    }

    @Test
    void parseFollowsString2ld() {
        for (String bad : new String[] {"", " 1", "1 ", "abc", "nan", "NaN", "-nan", "1e", "1e+", "e5", ".", "0x",
                "0x.p1", "0x1p", "1e5000", "-1e5000", "1e-5000", "infin", "1.2.3", "--1", "1f"}) {
            assertNull(LongDouble.parse(Bytes.ascii(bad)), bad);
        }
        assertNull(LongDouble.parse(Bytes.ascii("0".repeat(5119) + "1")));
        assertNotNull(LongDouble.parse(Bytes.ascii("0".repeat(5118) + "1")));
        assertFalse(LongDouble.parse(Bytes.ascii("inf")).isFinite());
        assertFalse(LongDouble.parse(Bytes.ascii("-Infinity")).isFinite());
        assertTrue(LongDouble.parse(Bytes.ascii("1e-4940")).isFinite()); // subnormal: accepted
        assertSame(LongDouble.ZERO, LongDouble.parse(Bytes.ascii("0e999999999999")));
        assertEquals("0", LongDouble.parse(Bytes.ascii("1e-4940")).toString());
    }

    @Test
    void addErrors() {
        CommandError e = assertThrows(CommandError.class, () -> add("abc", "1"));
        assertSame(Errors.NOT_FLOAT, e);
        assertSame(Errors.NOT_FLOAT, assertThrows(CommandError.class, () -> add("1", "nan")));
        assertSame(Errors.NAN_OR_INFINITY, assertThrows(CommandError.class, () -> add("1", "inf")));
        assertSame(Errors.NAN_OR_INFINITY, assertThrows(CommandError.class, () -> add("inf", "1")));
        assertSame(Errors.NAN_OR_INFINITY, assertThrows(CommandError.class, () -> add("1e4932", "1e4932")));
    }

    @Test
    void infinitiesAndNan() {
        LongDouble inf = LongDouble.parse(Bytes.ascii("inf"));
        LongDouble negInf = LongDouble.parse(Bytes.ascii("-inf"));
        assertTrue(inf.plus(negInf).isNaN());
        assertEquals("inf", inf.plus(LongDouble.of(5)).toString());
        assertEquals("-inf", negInf.toString());
    }

    /**
     * INCRBYFLOAT on redis-server 7.0.15 (x86-64): stored value, increment, Redis's reply. Drawn
     * from a differential run of some 11,000 random and boundary cases (decimal and hex,
     * subnormals, overflow), all identical.
     */
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


    @Test
    void agreesWithRedisOnBoundaryCases() {
        for (String[] row : REDIS) {
            String reply;
            try {
                reply = Bytes.string(LongDouble.add(Bytes.ascii(row[0]), Bytes.ascii(row[1])));
            } catch (io.lodestone.engine.command.CommandError e) {
                reply = e.getMessage();
            }
            assertEquals(row[2], reply, row[0] + " + " + row[1]);
        }
    }

    @Test
    void roundsToA64BitMantissa() {
        // above 2^64 the unit is 2: 2^64 + 1 is a tie that goes to even (2^64), 2^64 + 3 goes to 2^64 + 4
        assertEquals("0", sum("18446744073709551617", "-18446744073709551616"));
        assertEquals("4", sum("18446744073709551619", "-18446744073709551616"));
        assertEquals("0", sum("0x1.0000000000000001p64", "-18446744073709551616"));
        assertEquals("2", sum("0x1.00000000000000010000001p64", "-18446744073709551616"));
        assertEquals("4", sum("0x1.0000000000000003p64", "-18446744073709551616"));
    }

    private static String sum(String current, String increment) {
        return Bytes.string(LongDouble.add(Bytes.ascii(current), Bytes.ascii(increment)));
    }
}
