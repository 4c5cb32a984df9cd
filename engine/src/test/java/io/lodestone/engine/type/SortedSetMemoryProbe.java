package io.lodestone.engine.type;

import io.lodestone.engine.EngineConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Measures what a 1,000,000-member sorted set costs (members "member:0".."member:999999", random
 * scores below 1e6), and times its basic operations. Not a unit test: run by hand, e.g.
 * {@code java -Xmx4g -cp target/classes:target/test-classes io.lodestone.engine.type.SortedSetMemoryProbe}.
 * Redis 7.0 for the same data (one ZADD of 1,000 pairs at a time): used_memory grows by about 110
 * bytes per member, MEMORY USAGE reports 101,717,784 bytes for the key.
 */
public final class SortedSetMemoryProbe {
    private static final int MEMBERS = 1_000_000;

    public static void main(String[] args) {
        EngineConfig config = EngineConfig.defaults();
        byte[][] members = new byte[MEMBERS][];
        for (int i = 0; i < MEMBERS; i++) {
            members[i] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
        }
        long membersOnly = usedHeap();
        Random random = new Random(1);
        SortedSetValue z = new SortedSetValue();
        long t0 = System.nanoTime();
        for (int i = 0; i < MEMBERS; i++) {
            z.put(members[i], random.nextDouble() * 1e6, config);
        }
        long t1 = System.nanoTime();
        long total = usedHeap() - membersOnly;
        SortedSetValue rising = new SortedSetValue();
        long beforeRising = usedHeap();
        for (int i = 0; i < MEMBERS; i++) {
            rising.put(members[i], i, config); // rising scores, such as timestamps
        }
        long risingTotal = usedHeap() - beforeRising;
        System.out.printf("rising scores (%d members): structures %.1f bytes per member%n", rising.size(),
                (double) risingTotal / MEMBERS);
        rising = null;
        // the member arrays are the requests' own, so they count as the set's
        long memberArrays = 0;
        for (byte[] m : members) {
            memberArrays += align(16 + m.length);
        }
        System.out.printf("%d members, %s encoding: structures %.1f bytes per member + member arrays %.1f = %.1f%n",
                z.size(), z.encoding(), (double) total / MEMBERS, (double) memberArrays / MEMBERS,
                (double) (total + memberArrays) / MEMBERS);
        System.out.printf("insert %.0f ns per member%n", (t1 - t0) / (double) MEMBERS);
        for (int rep = 0; rep < 3; rep++) {
            long a = System.nanoTime();
            double sum = 0;
            for (int i = 0; i < MEMBERS; i++) {
                sum += z.score(members[random.nextInt(MEMBERS)]);
            }
            long b = System.nanoTime();
            long ranks = 0;
            for (int i = 0; i < MEMBERS; i++) {
                ranks += z.rank(members[random.nextInt(MEMBERS)]);
            }
            long c = System.nanoTime();
            for (int i = 0; i < MEMBERS; i++) {
                z.put(members[random.nextInt(MEMBERS)], random.nextDouble() * 1e6, config);
            }
            long d = System.nanoTime();
            System.out.printf("score %.0f ns, rank %.0f ns, update %.0f ns (%s %s)%n", (b - a) / (double) MEMBERS,
                    (c - b) / (double) MEMBERS, (d - c) / (double) MEMBERS, sum > 0, ranks > 0);
        }
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
