package io.lodestone.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quicklist-like encoding: both ends, the middle, node boundaries, and a model check. */
class ListValueTest {
    private static final int FILL = -2;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tenBytes(int i) {
        return b(String.format("v%09d", i));
    }

    /** Every element, read forwards through a cursor. */
    private static List<String> contents(ListValue list) {
        List<String> out = new ArrayList<>();
        if (list.isEmpty()) {
            return out;
        }
        ListValue.Cursor c = list.cursor(0);
        do {
            out.add(new String(c.array(), c.offset(), c.length(), StandardCharsets.UTF_8));
        } while (c.next());
        return out;
    }

    /** Every element, read backwards from the tail. */
    private static List<String> contentsBackwards(ListValue list) {
        List<String> out = new ArrayList<>();
        if (list.isEmpty()) {
            return out;
        }
        ListValue.Cursor c = list.cursor(list.size() - 1);
        do {
            out.add(0, new String(c.array(), c.offset(), c.length(), StandardCharsets.UTF_8));
        } while (c.prev());
        return out;
    }

    /** No empty node, counts add up, and a node with several entries respects the fill. */
    private static void checkNodes(ListValue list, int fill) {
        long total = 0;
        for (int i = 0; i < list.nodeCount(); i++) {
            int count = list.nodeSize(i);
            assertTrue(count > 0, "node " + i + " is empty");
            total += count;
            if (count > 1) {
                if (fill < 0) {
                    assertTrue(list.nodeBytes(i) <= ListValue.maxBytes(fill),
                            "node " + i + " holds " + list.nodeBytes(i) + " bytes");
                } else {
                    assertTrue(count <= Math.max(fill, 1), "node " + i + " holds " + count + " entries");
                    assertTrue(list.nodeBytes(i) <= ListValue.SAFETY_LIMIT);
                }
            }
        }
        assertEquals(list.size(), total, "node counts add up to the size");
    }

    @Test
    void anEmptyListIsAQuicklist() {
        ListValue list = new ListValue();
        assertTrue(list.isEmpty());
        assertEquals(0, list.size());
        assertEquals("list", list.typeName());
        assertEquals("quicklist", list.encoding());
        assertEquals(0, list.nodeCount());
    }

    @Test
    void pushesAtBothEndsKeepTheirOrder() {
        ListValue list = new ListValue();
        list.pushTail(b("c"), FILL);
        list.pushHead(b("b"), FILL);
        list.pushTail(b("d"), FILL);
        list.pushHead(b("a"), FILL);
        assertEquals(List.of("a", "b", "c", "d"), contents(list));
        assertEquals(List.of("a", "b", "c", "d"), contentsBackwards(list));
        assertArrayEquals(b("a"), list.popHead());
        assertArrayEquals(b("d"), list.popTail());
        assertEquals(List.of("b", "c"), contents(list));
        assertEquals(2, list.size());
        list.popTail();
        list.popTail();
        assertTrue(list.isEmpty());
        assertEquals(0, list.nodeCount());
    }

    @Test
    void lengthsOfEveryVarintSizeRoundTripInBothDirections() {
        int[] lengths = {0, 1, 127, 128, 129, 16383, 16384, 16385, 100_000, 2_097_152};
        ListValue list = new ListValue();
        for (int len : lengths) {
            byte[] v = new byte[len];
            Arrays.fill(v, (byte) ('a' + len % 26));
            list.pushTail(v, FILL);
            list.pushHead(v, FILL);
        }
        for (int i = lengths.length - 1; i >= 0; i--) {
            assertEquals(lengths[i], list.popHead().length);
        }
        for (int i = lengths.length - 1; i >= 0; i--) {
            assertEquals(lengths[i], list.popTail().length);
        }
        assertTrue(list.isEmpty());
    }

    @Test
    void eightKilobyteNodesHoldAboutSixHundredEightyTenByteElements() {
        ListValue list = new ListValue();
        for (int i = 0; i < 100_000; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        checkNodes(list, FILL);
        // a 10-byte element takes 12 bytes: 8192 / 12 = 682 per node
        assertEquals(682, list.nodeSize(0));
        assertEquals((100_000 + 681) / 682, list.nodeCount());
        assertArrayEquals(tenBytes(54_321), list.get(54_321));
        assertArrayEquals(tenBytes(99_999), list.get(99_999));
        assertArrayEquals(tenBytes(0), list.get(0));
    }

    @Test
    void headPushesFillNodesFromTheRightSide() {
        ListValue list = new ListValue();
        for (int i = 0; i < 2000; i++) {
            list.pushHead(tenBytes(i), FILL);
        }
        checkNodes(list, FILL);
        assertEquals(682, list.nodeSize(list.nodeCount() - 1));
        for (int i = 0; i < 2000; i++) {
            assertArrayEquals(tenBytes(1999 - i), list.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -2, -3, -4, -5, -6})
    void negativeFillsLimitNodeBytes(int fill) {
        ListValue list = new ListValue();
        for (int i = 0; i < 20_000; i++) {
            list.pushTail(tenBytes(i), fill);
        }
        checkNodes(list, fill);
        int limit = 4096 << (Math.min(-fill, 5) - 1);
        assertEquals(limit / 12, list.nodeSize(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 128, 1000})
    void positiveFillsLimitNodeEntries(int fill) {
        ListValue list = new ListValue();
        for (int i = 0; i < 5000; i++) {
            list.pushTail(tenBytes(i), fill);
        }
        checkNodes(list, fill);
        // 1000 entries of 12 bytes would pass the 8 KB safety limit: 682 fit
        assertEquals(Math.min(Math.max(fill, 1), 682), list.nodeSize(0));
    }

    @Test
    void anElementLargerThanANodeGetsANodeOfItsOwn() {
        ListValue list = new ListValue();
        list.pushTail(b("small"), FILL);
        list.pushTail(new byte[20_000], FILL);
        list.pushTail(b("after"), FILL);
        checkNodes(list, FILL);
        assertEquals(3, list.nodeCount());
        assertEquals(20_000, list.get(1).length);
        assertEquals(List.of(1, 1, 1), List.of(list.nodeSize(0), list.nodeSize(1), list.nodeSize(2)));
    }

    @Test
    void insertIntoAFullNodeSplitsIt() {
        ListValue list = new ListValue();
        for (int i = 0; i < 682; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        assertEquals(1, list.nodeCount());
        ListValue.Cursor at = list.find(tenBytes(300));
        list.insert(at, b("inserted"), false, FILL);
        checkNodes(list, FILL);
        assertEquals(2, list.nodeCount());
        assertEquals("inserted", new String(list.get(300), StandardCharsets.UTF_8));
        assertArrayEquals(tenBytes(300), list.get(301));
        assertArrayEquals(tenBytes(299), list.get(299));
        assertEquals(683, list.size());
    }

    @Test
    void insertAtTheEdgeOfAFullNodeUsesTheNeighbour() {
        ListValue list = new ListValue();
        for (int i = 0; i < 682 + 10; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        assertEquals(2, list.nodeCount());
        list.insert(list.find(tenBytes(681)), b("x"), true, FILL); // after the first node's last entry
        checkNodes(list, FILL);
        assertEquals(2, list.nodeCount(), "the second node had room");
        assertEquals("x", new String(list.get(682), StandardCharsets.UTF_8));
        list.insert(list.find(tenBytes(0)), b("y"), false, FILL); // before the first entry of a full node
        checkNodes(list, FILL);
        assertEquals("y", new String(list.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void setReplacesInPlaceOrMovesBytes() {
        ListValue list = new ListValue();
        for (int i = 0; i < 1000; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        list.set(5, b("sameLength"), FILL);
        list.set(681, b("a much longer value than before, which no longer fits in place"), FILL);
        list.set(999, b(""), FILL);
        checkNodes(list, FILL);
        assertEquals("sameLength", new String(list.get(5), StandardCharsets.UTF_8));
        assertTrue(new String(list.get(681), StandardCharsets.UTF_8).startsWith("a much longer"));
        assertEquals(0, list.get(999).length);
        assertArrayEquals(tenBytes(682), list.get(682));
        assertEquals(1000, list.size());
    }

    @Test
    void setOfASingleElementNode() {
        ListValue list = new ListValue();
        list.pushTail(new byte[20_000], FILL);
        list.pushTail(b("x"), FILL);
        list.set(0, b("small now"), FILL);
        assertEquals(List.of("small now", "x"), contents(list));
    }

    @Test
    void removeFromHeadOrTailHonoursTheCount() {
        ListValue list = new ListValue();
        for (String s : List.of("a", "b", "a", "c", "a", "b", "a")) {
            list.pushTail(b(s), FILL);
        }
        assertEquals(2, list.remove(b("a"), 2));
        assertEquals(List.of("b", "c", "a", "b", "a"), contents(list));
        assertEquals(1, list.remove(b("a"), -1));
        assertEquals(List.of("b", "c", "a", "b"), contents(list));
        assertEquals(2, list.remove(b("b"), 0));
        assertEquals(0, list.remove(b("zz"), 0));
        assertEquals(List.of("c", "a"), contents(list));
        assertEquals(2, list.remove(b("c"), Long.MIN_VALUE) + list.remove(b("a"), Long.MIN_VALUE));
        assertTrue(list.isEmpty());
        assertEquals(0, list.nodeCount());
    }

    @Test
    void removingEveryOtherElementOfALargeListLeavesNoEmptyNode() {
        ListValue list = new ListValue();
        for (int i = 0; i < 10_000; i++) {
            list.pushTail(b(i % 2 == 0 ? "even" : "odd" + i), FILL);
        }
        assertEquals(5000, list.remove(b("even"), 0));
        checkNodes(list, FILL);
        assertEquals("odd1", new String(list.get(0), StandardCharsets.UTF_8));
        assertEquals("odd9999", new String(list.get(4999), StandardCharsets.UTF_8));
        assertEquals(1, list.remove(b("odd9999"), 0));
        assertEquals(1, list.remove(b("odd1"), -5));
        assertEquals(4998, list.size());
        assertEquals("odd3", new String(list.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void trimDropsWholeNodesAndPartsOfTheEdgeNodes() {
        ListValue list = new ListValue();
        for (int i = 0; i < 5000; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        list.removeHead(1500);
        list.removeTail(1000);
        checkNodes(list, FILL);
        assertEquals(2500, list.size());
        assertArrayEquals(tenBytes(1500), list.get(0));
        assertArrayEquals(tenBytes(3999), list.get(2499));
        list.removeHead(2500);
        assertTrue(list.isEmpty());
        assertEquals(0, list.nodeCount());
    }

    @Test
    void poppingMostOfANodeGivesMemoryBack() {
        ListValue list = new ListValue();
        for (int i = 0; i < 682; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        for (int i = 0; i < 670; i++) {
            list.popHead();
        }
        assertEquals(12, list.size());
        assertTrue(list.nodeBytes(0) == 12 * 12);
        assertEquals(contents(list), contentsBackwards(list));
        assertArrayEquals(tenBytes(670), list.get(0));
    }

    @Test
    void copyIsDeep() {
        ListValue list = new ListValue();
        for (int i = 0; i < 2000; i++) {
            list.pushTail(tenBytes(i), FILL);
        }
        ListValue copy = list.copy();
        assertNotSame(list, copy);
        assertEquals(contents(list), contents(copy));
        copy.set(0, b("changed!!!"), FILL);
        copy.popTail();
        assertArrayEquals(tenBytes(0), list.get(0));
        assertEquals(2000, list.size());
        assertEquals(1999, copy.size());
        copy.pushHead(b("more"), FILL);
        copy.pushTail(b("more"), FILL);
        assertEquals(2001, copy.size());
        assertEquals(contents(copy), contentsBackwards(copy));
        assertEquals(0, new ListValue().copy().size());
    }

    @Test
    void findAndCursorEdges() {
        ListValue list = new ListValue();
        list.pushTail(b("a"), FILL);
        list.pushTail(b("b"), FILL);
        assertNull(list.find(b("c")));
        ListValue.Cursor c = list.cursor(0);
        assertFalse(c.prev(), "nothing before the head");
        assertTrue(c.next());
        assertTrue(c.valueEquals(b("b")));
        assertFalse(c.next(), "nothing after the tail");
        assertTrue(c.valueEquals(b("b")), "a failed move stays");
    }

    // ---- the model check -----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {-2, -1, 1, 2, 5, 128})
    void randomOperationsMatchAnArrayList(int fill) {
        Random random = new Random(0x11575L + fill);
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 40_000; step++) {
            int op = random.nextInt(100);
            if (op < 20) {
                String v = randomValue(random);
                list.pushHead(b(v), fill);
                model.add(0, v);
            } else if (op < 42) {
                String v = randomValue(random);
                list.pushTail(b(v), fill);
                model.add(v);
            } else if (op < 50 && !model.isEmpty()) {
                assertEquals(model.remove(0), new String(list.popHead(), StandardCharsets.UTF_8));
            } else if (op < 58 && !model.isEmpty()) {
                assertEquals(model.remove(model.size() - 1), new String(list.popTail(), StandardCharsets.UTF_8));
            } else if (op < 66 && !model.isEmpty()) {
                int i = random.nextInt(model.size());
                assertEquals(model.get(i), new String(list.get(i), StandardCharsets.UTF_8));
            } else if (op < 72 && !model.isEmpty()) {
                int i = random.nextInt(model.size());
                String v = randomValue(random);
                list.set(i, b(v), fill);
                model.set(i, v);
            } else if (op < 80) {
                String pivot = randomValue(random);
                String v = randomValue(random);
                boolean after = random.nextBoolean();
                ListValue.Cursor at = list.find(b(pivot));
                int i = model.indexOf(pivot);
                assertEquals(i < 0, at == null);
                if (at != null) {
                    list.insert(at, b(v), after, fill);
                    model.add(after ? i + 1 : i, v);
                }
            } else if (op < 86) {
                String v = randomValue(random);
                long count = random.nextInt(7) - 3;
                assertEquals(modelRemove(model, v, count), list.remove(b(v), count));
            } else if (op < 89 && !model.isEmpty()) {
                int k = random.nextInt(Math.min(model.size(), 50) + 1);
                list.removeHead(k);
                model.subList(0, k).clear();
            } else if (op < 92 && !model.isEmpty()) {
                int k = random.nextInt(Math.min(model.size(), 50) + 1);
                list.removeTail(k);
                model.subList(model.size() - k, model.size()).clear();
            } else if (op < 96 && !model.isEmpty()) {
                int from = random.nextInt(model.size());
                int n = random.nextInt(30);
                ListValue.Cursor c = list.cursor(from);
                boolean forwards = random.nextBoolean();
                for (int j = 0; j < n; j++) {
                    int at = forwards ? from + j : from - j;
                    if (at < 0 || at >= model.size()) {
                        break;
                    }
                    assertTrue(c.valueEquals(b(model.get(at))), "cursor at " + at);
                    boolean moved = forwards ? c.next() : c.prev();
                    assertEquals(forwards ? at + 1 < model.size() : at > 0, moved);
                }
            } else if (op < 97) {
                ListValue copy = list.copy();
                assertEquals(model, contents(copy));
                list = copy; // keep going on the copy: it must be just as usable
            }
            assertEquals(model.size(), list.size());
            if (step % 997 == 0) {
                assertEquals(model, contents(list));
                assertEquals(model, contentsBackwards(list));
                checkNodes(list, fill);
            }
        }
        assertEquals(model, contents(list));
        checkNodes(list, fill);
    }

    /** Values from a small alphabet (so that LREM and LINSERT find them), some long, rarely huge. */
    private static String randomValue(Random random) {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return "v" + random.nextInt(40);
        }
        if (kind < 97) {
            return "m" + random.nextInt(10) + "-".repeat(100 + random.nextInt(300));
        }
        return "L" + random.nextInt(3) + "=".repeat(9000 + random.nextInt(3000));
    }

    /** LREM on the model. */
    private static long modelRemove(List<String> model, String v, long count) {
        long removed = 0;
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        if (count >= 0) {
            for (Iterator<String> it = model.iterator(); it.hasNext() && removed < limit; ) {
                if (it.next().equals(v)) {
                    it.remove();
                    removed++;
                }
            }
        } else {
            for (ListIterator<String> it = model.listIterator(model.size()); it.hasPrevious() && removed < limit; ) {
                if (it.previous().equals(v)) {
                    it.remove();
                    removed++;
                }
            }
        }
        return removed;
    }
}
