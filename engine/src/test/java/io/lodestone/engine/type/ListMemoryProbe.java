package io.lodestone.engine.type;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.testing.FakeClock;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures what a list of 1,000,000 ten-byte elements costs, pushed at the tail and at the head,
 * and what 100,000 small lists (5 elements of 10 bytes) cost. Not a unit test: run by hand, e.g.
 * {@code java -Xmx2g -cp target/classes:target/test-classes io.lodestone.engine.type.ListMemoryProbe}.
 * Redis 7.0.15 for the same list (RPUSH of "v000000000".."v000999999", 100 per command):
 * used_memory grows by 12.12 bytes per element, MEMORY USAGE reports 12.09. For 100,000 lists
 * "list:0000000".. of five such elements: 250 bytes per list with its key, MEMORY USAGE 216.
 */
public final class ListMemoryProbe {
    private static final int ELEMENTS = 1_000_000;
    private static final int SMALL_LISTS = 100_000;
    private static final int FILL = -2;

    public static void main(String[] args) {
        element(0); // load String.format's machinery before measuring
        long before = usedHeap();
        ListValue tail = new ListValue();
        for (int i = 0; i < ELEMENTS; i++) {
            tail.pushTail(element(i), FILL);
        }
        long used = usedHeap() - before;
        System.out.printf("RPUSH x %d: %.2f bytes per element (%d nodes)%n", ELEMENTS, (double) used / ELEMENTS,
                tail.nodeCount());
        tail = null;

        before = usedHeap();
        ListValue head = new ListValue();
        for (int i = 0; i < ELEMENTS; i++) {
            head.pushHead(element(i), FILL);
        }
        used = usedHeap() - before;
        System.out.printf("LPUSH x %d: %.2f bytes per element (%d nodes)%n", ELEMENTS, (double) used / ELEMENTS,
                head.nodeCount());
        head = null;

        before = usedHeap();
        ListValue[] lists = new ListValue[SMALL_LISTS];
        for (int l = 0; l < SMALL_LISTS; l++) {
            lists[l] = new ListValue();
            for (int i = 0; i < 5; i++) {
                lists[l].pushTail(element(l * 5 + i), FILL);
            }
        }
        used = usedHeap() - before;
        System.out.printf("%d lists of 5 elements: %.1f bytes per list (excluding the 4-byte array slot)%n",
                SMALL_LISTS, (used - 4.0 * SMALL_LISTS) / SMALL_LISTS);
        lists = null;

        before = usedHeap();
        Engine engine = new Engine(EngineConfig.defaults(), new FakeClock());
        Database db = engine.keyspace().db(0);
        for (int l = 0; l < SMALL_LISTS; l++) {
            ListValue list = new ListValue();
            for (int i = 0; i < 5; i++) {
                list.pushTail(element(l * 5 + i), FILL);
            }
            db.set(String.format("list:%07d", l).getBytes(StandardCharsets.US_ASCII), list);
        }
        used = usedHeap() - before;
        System.out.printf("the same in the keyspace, with keys: %.1f bytes per list (%d keys)%n",
                (double) used / SMALL_LISTS, db.size());
    }

    private static byte[] element(int i) {
        return String.format("v%09d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
