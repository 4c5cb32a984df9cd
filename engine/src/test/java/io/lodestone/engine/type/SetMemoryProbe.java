package io.lodestone.engine.type;

import io.lodestone.engine.EngineConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures what one set of 1,000,000 members costs, for integer members ("0".."999999") and for
 * 16-byte strings ("member-000000000"..), each member arriving as its own array as SADD stores it.
 * Not a unit test: run by hand, e.g.
 * {@code java -Xmx2g -cp target/classes:target/test-classes io.lodestone.engine.type.SetMemoryProbe}.
 * Redis 7.0.15 for the same sets (SADD in batches of 1,000; both are hashtables): used_memory grows by
 * 48.4 bytes per member for the integers and 72.4 for the strings; MEMORY USAGE reports 40.4 and 64.4.
 */
public final class SetMemoryProbe {
    private static final int MEMBERS = 1_000_000;

    public static void main(String[] args) {
        EngineConfig config = EngineConfig.defaults();
        for (String kind : new String[] {"integers", "16-byte strings"}) {
            long before = usedHeap();
            SetValue set = new SetValue();
            for (int i = 0; i < MEMBERS; i++) {
                String member = kind.equals("integers") ? Integer.toString(i) : String.format("member-%09d", i);
                set.add(member.getBytes(StandardCharsets.US_ASCII), config);
            }
            long used = usedHeap() - before;
            System.out.printf("%s: %.1f bytes per member (%d members, %s)%n", kind, (double) used / MEMBERS,
                    set.size(), set.encoding());
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
