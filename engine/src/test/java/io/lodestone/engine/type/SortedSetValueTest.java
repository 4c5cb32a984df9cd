package io.lodestone.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.type.SortedSetValue.LexBound;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SortedSetValueTest {
    private final EngineConfig config = EngineConfig.defaults();

    /** A reference entry: ordered by score (numerically), then member (ASCII, so as unsigned bytes). */
    private record Entry(double score, String member) {}

    private static final Comparator<Entry> ORDER = (a, b) -> {
        if (a.score < b.score) {
            return -1;
        }
        if (a.score > b.score) {
            return 1;
        }
        return a.member.compareTo(b.member);
    };

    private static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    /** A set of m0..m(n-1) with scores 0..n-1. */
    private SortedSetValue filled(int n) {
        SortedSetValue z = new SortedSetValue();
        for (int i = 0; i < n; i++) {
            z.put(b("m" + i), i, config);
        }
        return z;
    }

    private static List<String> members(SortedSetValue z) {
        List<String> out = new ArrayList<>();
        for (SortedSetValue.Cursor c = z.cursor(0); c.valid(); c.next()) {
            out.add(new String(c.memberArray(), c.memberOffset(), c.memberLength()));
        }
        return out;
    }

    // ---- encodings -----------------------------------------------------------------------------

    @Test
    void startsCompactAndOrdersByScoreThenMemberBytes() {
        SortedSetValue z = new SortedSetValue();
        assertTrue(z.isEmpty());
        assertEquals("listpack", z.encoding());
        assertEquals("zset", z.typeName());
        assertTrue(z.put(b("b"), 1, config));
        assertTrue(z.put(b("a"), 1, config));
        assertTrue(z.put(b("c"), 0.5, config));
        assertTrue(z.put(new byte[] {(byte) 0xFF}, 1, config)); // unsigned: above every ASCII member
        assertTrue(z.put(b("z"), Double.NEGATIVE_INFINITY, config));
        assertFalse(z.put(b("c"), 2, config)); // an update moves the member
        assertEquals(List.of("z", "a", "b", "\uFFFD", "c"), members(z));
        assertEquals(5, z.size());
        assertEquals(2.0, z.score(b("c")));
        assertTrue(Double.isNaN(z.score(b("nope"))));
        assertEquals(0, z.rank(b("z")));
        assertEquals(4, z.rank(b("c")));
        assertEquals(-1, z.rank(b("nope")));
        assertTrue(z.remove(b("a")));
        assertFalse(z.remove(b("a")));
        assertEquals(List.of("z", "b", "\uFFFD", "c"), members(z));
    }

    @Test
    void convertsOnceOverTheEntryLimitAndNeverBack() {
        SortedSetValue z = filled(128);
        assertEquals("listpack", z.encoding());
        z.put(b("m128"), 128, config);
        assertEquals("skiplist", z.encoding());
        for (int i = 0; i < 120; i++) {
            z.remove(b("m" + i));
        }
        assertEquals("skiplist", z.encoding());
        assertEquals(List.of("m120", "m121", "m122", "m123", "m124", "m125", "m126", "m127", "m128"), members(z));
        z.check();
    }

    @Test
    void convertsForALongMemberAndFollowsTheConfiguredLimits() {
        SortedSetValue z = new SortedSetValue();
        z.put(b("x".repeat(64)), 1, config);
        assertEquals("listpack", z.encoding());
        z.put(b("y".repeat(65)), 2, config);
        assertEquals("skiplist", z.encoding());
        assertEquals(List.of("x".repeat(64), "y".repeat(65)), members(z));

        EngineConfig none = EngineConfig.defaults();
        none.setZsetMaxListpackEntries(0);
        SortedSetValue large = new SortedSetValue();
        large.put(b("a"), 1, none);
        assertEquals("skiplist", large.encoding());

        EngineConfig small = EngineConfig.defaults();
        small.setZsetMaxListpackEntries(2);
        small.setZsetMaxListpackValue(3);
        SortedSetValue z2 = new SortedSetValue();
        z2.put(b("abc"), 1, small);
        z2.put(b("def"), 2, small);
        assertEquals("listpack", z2.encoding());
        z2.put(b("ghi"), 3, small);
        assertEquals("skiplist", z2.encoding());
    }

    @Test
    void compactEncodingStoresNegativeZeroAsZeroButTheLargeOneKeepsIt() {
        SortedSetValue z = new SortedSetValue();
        z.put(b("a"), -0.0, config);
        assertEquals(0, Double.doubleToRawLongBits(z.score(b("a"))));
        EngineConfig none = EngineConfig.defaults();
        none.setZsetMaxListpackEntries(0);
        SortedSetValue large = new SortedSetValue();
        large.put(b("a"), -0.0, none);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(large.score(b("a"))));
        // -0 and 0 are the same score: an update between them changes nothing
        assertFalse(large.put(b("a"), 0.0, none));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(large.score(b("a"))));
    }

    @Test
    void risingAndFallingScoresKeepTheTreeSound() {
        SortedSetValue rising = filled(20_000); // appends: each new leaf starts with one entry
        rising.check();
        SortedSetValue falling = new SortedSetValue();
        for (int i = 20_000; i > 0; i--) {
            falling.put(b("m" + i), i, config);
        }
        falling.check();
        // shrink both from the ends and the middle, as pops and range removals do
        rising.removeRange(0, 5_000);
        rising.removeRange(rising.size() - 5_000, rising.size());
        falling.removeRange(5_000, 15_000);
        for (int i = 0; i < 20_000; i += 3) {
            rising.remove(b("m" + i));
        }
        rising.check();
        falling.check();
        assertEquals(List.of("m5000", "m5002", "m5003"), members(rising).subList(0, 3)); // m5001 = 3 x 1667
        assertEquals(10_000, falling.size());
        assertEquals(List.of("m1", "m2"), members(falling).subList(0, 2));
        assertEquals(5_000, falling.rank(b("m15001")));
    }

    @Test
    void copiesAreIndependent() {
        for (int n : new int[] {5, 500}) {
            SortedSetValue z = new SortedSetValue();
            for (int i = 0; i < n; i++) {
                z.put(b("m" + i), i % 7, config);
            }
            SortedSetValue copy = z.copy();
            assertEquals(z.encoding(), copy.encoding());
            z.put(b("m0"), 99, config);
            z.remove(b("m1"));
            assertEquals(0.0, copy.score(b("m0")));
            assertTrue(copy.contains(b("m1")));
            assertEquals(n, copy.size());
            copy.check();
        }
    }

    @Test
    void removesRankRangesInBothEncodings() {
        for (int n : new int[] {10, 1000}) {
            SortedSetValue z = new SortedSetValue();
            for (int i = 0; i < n; i++) {
                z.put(b(String.format("m%04d", i)), i, config);
            }
            z.removeRange(2, 5);
            assertEquals(n - 3, z.size());
            assertEquals(List.of("m0000", "m0001", "m0005"), members(z).subList(0, 3));
            z.removeRange(0, 0);
            assertEquals(n - 3, z.size());
            z.removeRange(n - 5, n - 3);
            assertEquals(n - 5, z.size());
            assertFalse(z.contains(b(String.format("m%04d", n - 1))));
            z.removeRange(0, z.size());
            assertTrue(z.isEmpty());
            z.check();
        }
    }

    @Test
    void buildsFromSortedEntriesInTheEncodingRedisWouldChoose() {
        byte[][] members = {b("a"), b("b"), b("c")};
        double[] scores = {-0.0, 1, 1};
        SortedSetValue small = SortedSetValue.fromSorted(members, scores, 3, config);
        assertEquals("listpack", small.encoding());
        assertEquals(List.of("a", "b", "c"), members(small));
        assertEquals(0, Double.doubleToRawLongBits(small.score(b("a"))));

        int n = 129;
        byte[][] many = new byte[n][];
        double[] manyScores = new double[n];
        for (int i = 0; i < n; i++) {
            many[i] = b("m" + (char) ('A' + i % 26) + i);
            manyScores[i] = (i * 31) % 17;
        }
        SortedSetValue.sort(many, manyScores, n);
        for (int i = 1; i < n; i++) {
            assertTrue(manyScores[i - 1] < manyScores[i]
                    || (manyScores[i - 1] == manyScores[i] && java.util.Arrays.compareUnsigned(many[i - 1], many[i]) < 0));
        }
        SortedSetValue large = SortedSetValue.fromSorted(many, manyScores, n, config);
        assertEquals("skiplist", large.encoding());
        large.check();
        assertEquals(n, large.size());
        assertEquals(SortedSetValue.fromSorted(many, manyScores, 128, config).encoding(), "listpack");
    }

    // ---- lexicographic bounds ------------------------------------------------------------------

    @Test
    void parsesLexBoundsAsRedisDoes() {
        assertNotNull(LexBound.parse(b("-")));
        assertNotNull(LexBound.parse(b("+")));
        assertNotNull(LexBound.parse(b("[a")));
        assertNotNull(LexBound.parse(b("(")));
        assertNotNull(LexBound.parse(new byte[] {'+', 0, 'x'})); // C stops at the NUL
        assertNull(LexBound.parse(b("")));
        assertNull(LexBound.parse(b("a")));
        assertNull(LexBound.parse(b("+x")));
        assertNull(LexBound.parse(b("-x")));
    }

    @Test
    void compactLexRangesWalkAsRedisListpacksDoEvenWithMixedScores() {
        // ZADD lx 0 b 5 a 0 c 1 z 0 d: b c d z a, as checked against redis-server 7.0
        SortedSetValue z = new SortedSetValue();
        z.put(b("b"), 0, config);
        z.put(b("a"), 5, config);
        z.put(b("c"), 0, config);
        z.put(b("z"), 1, config);
        z.put(b("d"), 0, config);
        assertEquals(List.of("b", "c", "d", "z", "a"), members(z));
        // the last member "a" is below [b: Redis gives up at once
        assertEquals(-1, z.lexFirst(LexBound.parse(b("[b")), LexBound.parse(b("[d"))));
        long first = z.lexFirst(LexBound.parse(b("[a")), LexBound.parse(b("+")));
        assertEquals(0, first);
        assertEquals(5, z.lexCountUpFrom(first, LexBound.parse(b("+"))));
        long last = z.lexLast(LexBound.parse(b("[a")), LexBound.parse(b("[z")));
        assertEquals(4, last);
        assertEquals(5, z.lexCountDownFrom(last, LexBound.parse(b("[a"))));
        first = z.lexFirst(LexBound.parse(b("-")), LexBound.parse(b("[b")));
        assertEquals(1, z.lexCountUpFrom(first, LexBound.parse(b("[b"))));
        // crossed or open-equal bounds are empty
        assertEquals(-1, z.lexFirst(LexBound.parse(b("(c")), LexBound.parse(b("[c"))));
        assertEquals(-1, z.lexFirst(LexBound.parse(b("+")), LexBound.parse(b("+"))));
        assertEquals(-1, z.lexFirst(LexBound.parse(b("-")), LexBound.parse(b("-"))));
    }

    // ---- positions and scans -------------------------------------------------------------------

    @Test
    void compactScanVisitsEverythingInOneStep() {
        SortedSetValue z = filled(20);
        List<String> seen = new ArrayList<>();
        long next = z.scan(0, 1, 1, pos -> seen.add(new String(z.memberAt(pos))));
        assertEquals(0, next);
        assertEquals(20, seen.size());
    }

    @Test
    void largeScanVisitsEveryMemberPresentThroughoutDespiteResizes() {
        SortedSetValue z = filled(5000);
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int steps = 0;
        Random random = new Random(7);
        do {
            cursor = z.scan(cursor, 10, 100, pos -> seen.add(new String(z.memberAt(pos)) + "=" + z.scoreAt(pos)));
            // grow and shrink the table between steps; members 0..999 stay throughout
            if (steps % 3 == 0 && steps < 60) {
                for (int i = 0; i < 200; i++) {
                    z.put(b("extra" + random.nextInt(100000)), -1, config);
                }
            } else {
                for (int i = 1000 + steps * 40; i < 1000 + steps * 40 + 40 && i < 5000; i++) {
                    z.remove(b("m" + i));
                }
            }
            steps++;
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("m" + i + "=" + (double) i), "m" + i);
        }
        z.check();
    }

    @Test
    void positionsReachEveryMember() {
        for (int n : new int[] {10, 300}) {
            SortedSetValue z = filled(n);
            Set<String> viaIteration = new HashSet<>();
            for (int pos = z.firstPosition(); pos >= 0; pos = z.nextPosition(pos)) {
                byte[] arr = z.memberArrayAt(pos);
                String m = new String(arr, z.memberOffsetAt(pos), z.memberLengthAt(pos));
                assertEquals(Double.parseDouble(m.substring(1)), z.scoreAt(pos));
                viaIteration.add(m);
            }
            assertEquals(n, viaIteration.size());
            assertEquals(n, z.positions().length);
            Random random = new Random(1);
            for (int i = 0; i < 100; i++) {
                int pos = z.randomPosition(random);
                assertTrue(pos >= 0 && pos < z.positionBound());
                assertTrue(viaIteration.contains(new String(z.memberAt(pos))));
            }
        }
    }

    // ---- against a reference model -------------------------------------------------------------

    /**
     * Ranks, ranges and updates on a 100,000-member set, checked against a TreeSet model. Mutations
     * run in rounds; after each round every structure invariant is verified and a batch of rank,
     * select and score-range queries is compared with a sorted snapshot of the model.
     */
    @Test
    void matchesAReferenceModelOnAHundredThousandMembers() {
        Random random = new Random(20240611);
        SortedSetValue z = new SortedSetValue();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        Map<String, Double> scores = new HashMap<>();
        int universe = 150_000;
        for (int i = 0; i < 100_000; i++) {
            putBoth(z, model, scores, "member:" + random.nextInt(universe), randomScore(random));
        }
        assertEquals("skiplist", z.encoding());
        for (int round = 0; round < 8; round++) {
            for (int op = 0; op < 3000; op++) {
                int kind = random.nextInt(10);
                String m = "member:" + random.nextInt(universe);
                if (kind < 5) {
                    putBoth(z, model, scores, m, randomScore(random));
                } else if (kind < 9) {
                    boolean present = scores.containsKey(m);
                    assertEquals(present, z.remove(b(m)));
                    if (present) {
                        model.remove(new Entry(scores.remove(m), m));
                    }
                } else if (random.nextInt(20) == 0) {
                    // remove a small block of ranks, as ZREMRANGEBYRANK and the pops do
                    int size = model.size();
                    int from = random.nextInt(size);
                    int to = Math.min(size, from + random.nextInt(30));
                    // the model drops the same block, found from the set's entry at rank "from": a wrong
                    // rank here makes the two diverge, which the comparisons below catch
                    SortedSetValue.Cursor c = z.cursor(from);
                    Entry start = new Entry(c.score(), new String(c.member()));
                    z.removeRange(from, to);
                    List<Entry> removed = new ArrayList<>();
                    for (Entry e : model.tailSet(start, true)) {
                        if (removed.size() == to - from) {
                            break;
                        }
                        removed.add(e);
                    }
                    for (Entry e : removed) {
                        model.remove(e);
                        scores.remove(e.member);
                    }
                }
            }
            z.check();
            compareWithModel(z, new ArrayList<>(model), scores, random);
        }
    }

    /** ZADD on the set and on the model alike; both must agree on whether the member is new. */
    private void putBoth(SortedSetValue z, TreeSet<Entry> model, Map<String, Double> scores, String m, double s) {
        boolean isNew = !scores.containsKey(m);
        assertEquals(isNew, z.put(b(m), s, config));
        if (!isNew) {
            model.remove(new Entry(scores.get(m), m));
        }
        model.add(new Entry(s, m));
        scores.put(m, s);
    }

    private static double randomScore(Random random) {
        // many ties (ordered by member), some fractions and infinities
        int r = random.nextInt(100);
        if (r == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (r == 1) {
            return Double.NEGATIVE_INFINITY;
        }
        if (r < 30) {
            return random.nextInt(1000) / 8.0;
        }
        return random.nextInt(500);
    }

    private static void compareWithModel(SortedSetValue z, List<Entry> sorted, Map<String, Double> scores,
                                          Random random) {
        int n = sorted.size();
        assertEquals(n, z.size());
        for (int q = 0; q < 300; q++) {
            int rank = random.nextInt(n);
            Entry e = sorted.get(rank);
            assertEquals(rank, z.rank(b(e.member)), e.member);
            assertEquals(e.score, z.score(b(e.member)));
            // select by rank, then walk a few steps both ways
            SortedSetValue.Cursor c = z.cursor(rank);
            for (int k = 0; k < 5 && rank + k < n; k++, c.next()) {
                Entry expected = sorted.get(rank + k);
                assertEquals(expected.member, new String(c.member()));
                assertEquals(expected.score, c.score());
            }
            c = z.cursor(rank);
            for (int k = 0; k < 5 && rank - k >= 0; k++, c.previous()) {
                assertEquals(sorted.get(rank - k).member, new String(c.member()));
            }
            // score bounds: how many entries lie below, with and without the bound itself
            double bound = randomScore(random);
            assertEquals(countBelow(sorted, bound, false), z.countScoresBelow(bound, false), "below " + bound);
            assertEquals(countBelow(sorted, bound, true), z.countScoresBelow(bound, true), "at most " + bound);
        }
        assertEquals(scores.size(), n);
        assertEquals(sorted.get(0).member, new String(z.cursor(0).member()));
        assertEquals(sorted.get(n - 1).member, new String(z.cursor(n - 1).member()));
    }

    private static long countBelow(List<Entry> sorted, double bound, boolean orEqual) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = sorted.get(mid).score;
            if (orEqual ? s <= bound : s < bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the first element above {@code key} ({@code orEqual}: at or above it). */
    private static int firstAbove(List<String> sorted, String key, boolean orEqual) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = sorted.get(mid).compareTo(key);
            if (orEqual ? c < 0 : c <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void largeLexRangesMatchAModelOfEqualScores() {
        Random random = new Random(99);
        SortedSetValue z = new SortedSetValue();
        TreeSet<String> model = new TreeSet<>();
        for (int i = 0; i < 100_000; i++) {
            String m = Integer.toString(random.nextInt(1_000_000), 36);
            z.put(b(m), 0, config);
            model.add(m);
        }
        for (int i = 0; i < 20_000; i++) {
            String m = Integer.toString(random.nextInt(1_000_000), 36);
            if (z.remove(b(m))) {
                model.remove(m);
            }
        }
        z.check();
        List<String> sorted = new ArrayList<>(model);
        for (int q = 0; q < 2000; q++) {
            String lo = Integer.toString(random.nextInt(1_000_000), 36);
            String hi = Integer.toString(random.nextInt(1_000_000), 36);
            boolean loOpen = random.nextBoolean();
            boolean hiOpen = random.nextBoolean();
            LexBound min = LexBound.parse(b((loOpen ? "(" : "[") + lo));
            LexBound max = LexBound.parse(b((hiOpen ? "(" : "[") + hi));
            // the model's answer: the ranks [from, to) of the members in the range
            int from = firstAbove(sorted, lo, !loOpen);
            int to = firstAbove(sorted, hi, hiOpen);
            boolean crossed = lo.compareTo(hi) > 0 || (lo.equals(hi) && (loOpen || hiOpen));
            long first = z.lexFirst(min, max);
            if (crossed || from >= to) {
                assertEquals(-1, first, lo + " " + hi);
                assertEquals(-1, z.lexLast(min, max));
                continue;
            }
            assertEquals(from, first);
            assertEquals(to - from, z.lexCountUpFrom(first, max));
            long last = z.lexLast(min, max);
            assertEquals(to - 1, last);
            assertEquals(to - from, z.lexCountDownFrom(last, min));
        }
        assertArrayEquals(new long[] {0, sorted.size()},
                new long[] {z.lexFirst(LexBound.parse(b("-")), LexBound.parse(b("+"))),
                        z.lexCountUpFrom(0, LexBound.parse(b("+")))});
    }
}
