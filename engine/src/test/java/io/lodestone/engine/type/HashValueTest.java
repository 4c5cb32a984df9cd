package io.lodestone.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashValueTest {
    /** A listpack limit of 128 entries (Redis's default is 512) keeps the conversion tests small. */
    private final EngineConfig config = EngineConfig.defaults();

    {
        config.setHashMaxListpackEntries(128);
    }

    private static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    private static List<String> fields(HashValue h) {
        List<String> out = new ArrayList<>();
        for (int pos = h.first(); pos >= 0; pos = h.next(pos)) {
            out.add(new String(h.fieldArray(pos), h.fieldOffset(pos), h.fieldLength(pos)));
        }
        return out;
    }

    private static Map<String, String> contents(HashValue h) {
        Map<String, String> out = new HashMap<>();
        for (int pos = h.first(); pos >= 0; pos = h.next(pos)) {
            out.put(Bytes.string(h.field(pos)), new String(h.valueArray(pos), h.valueOffset(pos), h.valueLength(pos)));
        }
        return out;
    }

    @Test
    void compactKeepsInsertionOrderThroughUpdatesAndDeletes() {
        HashValue h = new HashValue();
        assertTrue(h.isEmpty());
        assertEquals(-1, h.first());
        assertTrue(h.set(b("a"), b("1"), config));
        assertTrue(h.set(b("b"), b("2"), config));
        assertTrue(h.set(b("c"), b("3"), config));
        assertFalse(h.set(b("a"), b("a much longer value"), config));
        assertFalse(h.set(b("c"), b("9"), config)); // same length: written in place
        assertTrue(h.remove(b("b")));
        assertFalse(h.remove(b("b")));
        assertTrue(h.set(b("b"), b("7"), config));
        assertEquals(List.of("a", "c", "b"), fields(h));
        assertEquals("a much longer value", Bytes.string(h.get(b("a"))));
        assertEquals("9", Bytes.string(h.get(b("c"))));
        assertNull(h.get(b("zz")));
        assertEquals(3, h.size());
        assertEquals("listpack", h.encoding());
        assertEquals("hash", h.typeName());
    }

    @Test
    void compactHandlesLengthsNeedingMultiByteVarints() {
        config.setHashMaxListpackValue(100_000);
        config.setHashMaxListpackEntries(1000);
        HashValue h = new HashValue();
        String big = "x".repeat(20_000);
        for (int i = 0; i < 300; i++) {
            h.set(b("f" + i), b(i == 150 ? big : "v" + i), config);
        }
        assertTrue(h.isCompact());
        assertEquals(300, h.size());
        assertEquals(big, Bytes.string(h.get(b("f150"))));
        assertEquals(20_000, h.valueLength(h.find(b("f150"))));
        for (int i = 0; i < 300; i += 2) {
            assertTrue(h.remove(b("f" + i)));
        }
        assertEquals(150, h.size());
        assertEquals("v151", Bytes.string(h.get(b("f151"))));
        assertEquals("f1", fields(h).get(0));
    }

    @Test
    void convertsWhenEntriesExceedTheLimit() {
        HashValue h = new HashValue();
        for (int i = 0; i < 128; i++) {
            h.set(b("f" + i), b("v"), config);
        }
        assertEquals("listpack", h.encoding());
        h.set(b("f0"), b("updated"), config); // an update adds no entry
        assertEquals("listpack", h.encoding());
        h.set(b("f128"), b("v"), config);
        assertEquals("hashtable", h.encoding());
        assertEquals(129, h.size());
        assertEquals("updated", Bytes.string(h.get(b("f0"))));
        // never back, even when small again
        for (int i = 0; i < 128; i++) {
            h.remove(b("f" + i));
        }
        assertEquals("hashtable", h.encoding());
        assertEquals(List.of("f128"), fields(h));
    }

    @Test
    void convertsWhenAFieldOrValueIsTooLong() {
        String limit = "x".repeat(64);
        HashValue h = new HashValue();
        h.set(b("f"), b(limit), config);
        h.set(b(limit), b("v"), config);
        assertEquals("listpack", h.encoding());
        h.set(b("f"), b(limit + "x"), config);
        assertEquals("hashtable", h.encoding());
        assertEquals(Map.of("f", limit + "x", limit, "v"), contents(h));

        HashValue byField = new HashValue();
        byField.set(b("a"), b("1"), config);
        byField.set(b(limit + "y"), b("1"), config);
        assertEquals("hashtable", byField.encoding());
        assertEquals(2, byField.size());
    }

    @Test
    void tableBehavesLikeAMapThroughGrowthAndShrink() {
        config.setHashMaxListpackEntries(0);
        HashValue h = new HashValue();
        Map<String, String> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            String f = "k" + random.nextInt(5000);
            if (random.nextInt(3) == 0) {
                assertEquals(model.remove(f) != null, h.remove(b(f)));
            } else {
                String v = "v" + step;
                assertEquals(model.put(f, v) == null, h.set(b(f), b(v), config));
            }
            if (step % 20_000 == 0) {
                assertEquals(model, contents(h));
            }
        }
        assertEquals("hashtable", h.encoding());
        assertEquals(model.size(), h.size());
        assertEquals(model, contents(h));
        // shrink down to one entry, then empty
        for (String f : new ArrayList<>(model.keySet())) {
            h.remove(b(f));
        }
        assertTrue(h.isEmpty());
        assertTrue(h.positionBound() <= 8, "shrunk to " + h.positionBound());
    }

    @Test
    void copyIsIndependent() {
        for (int entries : new int[] {128, 0}) {
            config.setHashMaxListpackEntries(entries);
            HashValue h = new HashValue();
            h.set(b("a"), b("1"), config);
            h.set(b("b"), b("2"), config);
            HashValue c = h.copy();
            h.set(b("a"), b("9"), config);
            h.remove(b("b"));
            assertEquals(Map.of("a", "1", "b", "2"), contents(c));
            assertEquals(Map.of("a", "9"), contents(h));
            assertEquals(h.encoding(), c.encoding());
        }
    }

    @Test
    void scanOfATableSeesEveryStableEntryWhileItGrowsAndShrinks() {
        config.setHashMaxListpackEntries(0);
        HashValue h = new HashValue();
        for (int i = 0; i < 1000; i++) {
            h.set(b("stable" + i), b("v"), config);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = h.scan(cursor, 10, 100, pos -> seen.add(Bytes.string(h.field(pos))));
            // churn between steps: grow a lot, then shrink back
            if (step == 5) {
                for (int i = 0; i < 5000; i++) {
                    h.set(b("temp" + i), b("v"), config);
                }
            } else if (step == 40) {
                for (int i = 0; i < 5000; i++) {
                    h.remove(b("temp" + i));
                }
            }
            step++;
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("stable" + i), "missed stable" + i);
        }
    }

    @Test
    void scanOfACompactHashReturnsEverythingAtOnce() {
        HashValue h = new HashValue();
        for (int i = 0; i < 50; i++) {
            h.set(b("f" + i), b("v"), config);
        }
        List<Integer> seen = new ArrayList<>();
        assertEquals(0, h.scan(0, 1, 1, seen::add));
        assertEquals(50, seen.size());
    }

    @Test
    void randomPositionsCoverEveryEntry() {
        for (int entries : new int[] {128, 0}) {
            config.setHashMaxListpackEntries(entries);
            HashValue h = new HashValue();
            for (int i = 0; i < 20; i++) {
                h.set(b("f" + i), b("v" + i), config);
            }
            Set<String> seen = new HashSet<>();
            Random random = new Random(1);
            for (int i = 0; i < 2000; i++) {
                seen.add(Bytes.string(h.field(h.randomPosition(random))));
            }
            assertEquals(20, seen.size());
            assertEquals(20, h.positions().length);
        }
    }

    @Test
    void tableStoresTheGivenArraysWithoutCopying() {
        config.setHashMaxListpackEntries(0);
        HashValue h = new HashValue();
        byte[] value = b("v");
        h.set(b("f"), value, config);
        assertArrayEquals(value, h.get(b("f")));
        assertTrue(value == h.valueArray(h.find(b("f"))));
    }
}
