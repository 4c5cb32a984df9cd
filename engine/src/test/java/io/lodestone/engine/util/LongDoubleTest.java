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
}
