package io.lodestone.engine.type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SetValueTest {
    private final EngineConfig config = EngineConfig.defaults();

    private static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    private static List<String> members(SetValue s) {
        List<String> out = new ArrayList<>();
        for (int pos = s.first(); pos >= 0; pos = s.next(pos)) {
            out.add(Bytes.string(s.member(pos)));
        }
        return out;
    }

    private static SetValue of(EngineConfig config, String... members) {
        SetValue s = new SetValue();
        for (String m : members) {
            s.add(b(m), config);
        }
        return s;
    }

    // ---- intset --------------------------------------------------------------------------------

    @Test
    void integersStayAnIntsetInAscendingOrder() {
        SetValue s = new SetValue();
        assertTrue(s.isEmpty());
        assertEquals(-1, s.first());
        assertEquals("intset", s.encoding());
        assertEquals("set", s.typeName());
        assertTrue(s.add(b("10"), config));
        assertTrue(s.add(b("-5"), config));
        assertTrue(s.add(b("3"), config));
        assertFalse(s.add(b("3"), config));
        assertTrue(s.add(b("-100"), config));
        assertEquals(List.of("-100", "-5", "3", "10"), members(s));
        assertEquals("intset", s.encoding());
        assertEquals(4, s.size());
        assertTrue(s.contains(b("-5")));
        assertFalse(s.contains(b("4")));
        assertFalse(s.contains(b("abc")));
        assertTrue(s.containsInt(10));
        assertFalse(s.containsInt(11));
    }

    @Test
    void intsetWidensFromShortToIntToLong() {
        SetValue s = of(config, "1", "-2", "32767", "-32768");
        s.add(b("32768"), config); // needs 32 bits
        s.add(b("-2147483649"), config); // needs 64 bits
        s.add(b("9223372036854775807"), config);
        s.add(b("-9223372036854775808"), config);
        assertEquals(List.of("-9223372036854775808", "-2147483649", "-32768", "-2", "1", "32767", "32768",
                "9223372036854775807"), members(s));
        assertEquals("intset", s.encoding());
        // values narrower or wider than the array are found or not found correctly
        assertTrue(s.contains(b("-2")));
        assertTrue(s.containsInt(Long.MAX_VALUE));
        SetValue narrow = of(config, "1", "2");
        assertFalse(narrow.containsInt(1L << 40));
        assertFalse(narrow.containsInt(-(1L << 40)));
        assertFalse(narrow.remove(b("1099511627776")));
        // inserting a wide value at either end of a narrow array
        narrow.add(b("-1099511627776"), config);
        narrow.add(b("1099511627776"), config);
        assertEquals(List.of("-1099511627776", "1", "2", "1099511627776"), members(narrow));
    }

    @Test
    void onlyCanonicalIntegersAreIntegers() {
        for (String notCanonical : new String[] {"007", "+5", "-0", " 1", "1 ", "", "1.0", "0x10",
                "9223372036854775808", "-9223372036854775809", "abc"}) {
            SetValue s = of(config, "1");
            s.add(b(notCanonical), config);
            assertEquals("hashtable", s.encoding(), notCanonical);
            assertTrue(s.contains(b(notCanonical)), notCanonical);
            assertTrue(s.contains(b("1")));
            assertFalse(s.contains(b("01")));
        }
        SetValue s = of(config, "0", "-1");
        assertFalse(s.contains(b("-0")));
        assertFalse(s.remove(b("-0")));
        assertFalse(s.remove(b("x")));
        assertEquals("intset", s.encoding());
    }

    @Test
    void intsetConvertsPastTheEntryLimitAndNeverBack() {
        SetValue s = new SetValue();
        for (int i = 0; i < 512; i++) {
            s.addInt(i * 7L, config);
        }
        assertEquals("intset", s.encoding());
        assertFalse(s.addInt(0, config)); // a member already there does not convert
        assertEquals("intset", s.encoding());
        assertTrue(s.add(b("100000"), config));
        assertEquals("hashtable", s.encoding());
        assertEquals(513, s.size());
        for (int i = 0; i < 512; i++) {
            assertTrue(s.contains(b(Long.toString(i * 7L))));
            assertTrue(s.containsInt(i * 7L));
        }
        for (int i = 0; i < 510; i++) {
            assertTrue(s.remove(b(Long.toString(i * 7L))));
        }
        assertEquals(3, s.size());
        assertEquals("hashtable", s.encoding());
    }

    @Test
    void entryLimitIsReadFromTheConfig() {
        config.setSetMaxIntsetEntries(3);
        SetValue s = of(config, "1", "2", "3");
        assertEquals("intset", s.encoding());
        s.add(b("4"), config);
        assertEquals("hashtable", s.encoding());
        config.setSetMaxIntsetEntries(0);
        assertEquals("hashtable", of(config, "1").encoding());
    }

    @Test
    void aStringMemberConvertsAnIntset() {
        SetValue s = of(config, "3", "1", "2");
        assertTrue(s.add(b("a"), config));
        assertEquals("hashtable", s.encoding());
        assertEquals(Set.of("1", "2", "3", "a"), new HashSet<>(members(s)));
        assertTrue(s.containsInt(2));
        assertTrue(s.remove(b("2")));
        assertFalse(s.containsInt(2));
    }

    @Test
    void intsetRemovalsAndRemoveAt() {
        SetValue s = of(config, "5", "1", "3");
        assertTrue(s.remove(b("3")));
        assertFalse(s.remove(b("3")));
        assertEquals(List.of("1", "5"), members(s));
        s.removeAt(0);
        assertEquals(List.of("5"), members(s));
        assertEquals(5, s.intAt(0));
        s.removeAt(0);
        assertTrue(s.isEmpty());
        assertEquals(-1, s.first());
        assertEquals("intset", s.encoding());
    }

    // ---- hashtable -----------------------------------------------------------------------------

    @Test
    void hashtableMatchesAModelThroughRandomChanges() {
        Random random = new Random(7);
        SetValue s = new SetValue();
        Set<String> model = new HashSet<>();
        for (int step = 0; step < 50_000; step++) {
            // mostly strings, some integers: the set converts early and then mixes both
            String m = random.nextInt(4) == 0 ? Integer.toString(random.nextInt(3000)) : "m" + random.nextInt(3000);
            if (random.nextInt(3) == 0) {
                assertEquals(model.remove(m), s.remove(b(m)), m);
            } else {
                assertEquals(model.add(m), s.add(b(m), config), m);
            }
        }
        assertEquals(model.size(), s.size());
        assertEquals(model, new HashSet<>(members(s)));
        for (int i = 0; i < 3000; i++) {
            assertEquals(model.contains("m" + i), s.contains(b("m" + i)));
            assertEquals(model.contains(Integer.toString(i)), s.containsInt(i));
        }
    }

    @Test
    void hashtableShrinksWhenEmptied() {
        SetValue s = new SetValue();
        for (int i = 0; i < 1000; i++) {
            s.add(b("x" + i), config);
        }
        int big = s.positionBound();
        for (int i = 0; i < 998; i++) {
            s.remove(b("x" + i));
        }
        assertTrue(s.positionBound() < big / 16, "shrunk to " + s.positionBound());
        assertEquals(Set.of("x998", "x999"), new HashSet<>(members(s)));
    }

    @Test
    void copiesAreIndependent() {
        SetValue ints = of(config, "1", "2");
        SetValue intsCopy = ints.copy();
        intsCopy.add(b("3"), config);
        ints.remove(b("1"));
        assertEquals(List.of("2"), members(ints));
        assertEquals(List.of("1", "2", "3"), members(intsCopy));

        SetValue strings = of(config, "a", "b");
        SetValue stringsCopy = strings.copy();
        stringsCopy.add(b("c"), config);
        strings.remove(b("a"));
        assertEquals(Set.of("b"), new HashSet<>(members(strings)));
        assertEquals(Set.of("a", "b", "c"), new HashSet<>(members(stringsCopy)));
    }

    @Test
    void randomPositionsCoverEveryMember() {
        Random random = new Random(1);
        for (SetValue s : new SetValue[] {of(config, "1", "2", "3", "4", "5"), of(config, "a", "b", "c", "d", "e")}) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                seen.add(Bytes.string(s.member(s.randomPosition(random))));
            }
            assertEquals(new HashSet<>(members(s)), seen, s.encoding());
            assertEquals(5, s.positions().length);
        }
    }

    // ---- scanning ------------------------------------------------------------------------------

    @Test
    void anIntsetIsScannedWholeWhateverTheCursor() {
        SetValue s = of(config, "3", "1", "2");
        for (long cursor : new long[] {0, 5, -1}) {
            List<String> seen = new ArrayList<>();
            assertEquals(0, s.scan(cursor, 1, 10, pos -> seen.add(Bytes.string(s.member(pos)))));
            assertEquals(List.of("1", "2", "3"), seen);
        }
    }

    @Test
    void aHashtableScanVisitsEveryMemberEvenWhenTheTableResizes() {
        SetValue s = new SetValue();
        for (int i = 0; i < 2000; i++) {
            s.add(b("k" + i), config);
        }
        Set<String> seen = new TreeSet<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = s.scan(cursor, 10, 100, pos -> seen.add(Bytes.string(s.member(pos))));
            steps++;
            if (steps == 20) {
                for (int i = 2000; i < 6000; i++) {
                    s.add(b("k" + i), config); // grows the table twice
                }
            }
            if (steps == 300) {
                for (int i = 2000; i < 6000; i++) {
                    s.remove(b("k" + i)); // and shrinks it again
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 2000; i++) {
            assertTrue(seen.contains("k" + i), "k" + i);
        }
        assertTrue(steps > 10);
    }
}
