package io.lodestone.engine.memory;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.testing.FakeClock;
import io.lodestone.engine.testing.ReplyRecorder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Compares the memory estimate with what the heap really grows by, for a few datasets. Not a unit
 * test: run by hand, e.g. {@code java -Xmx4g -cp target/classes:target/test-classes
 * io.lodestone.engine.memory.MemoryEstimateProbe}.
 */
public final class MemoryEstimateProbe {
    public static void main(String[] args) {
        probe("1M strings, 10-byte keys, 20-byte values", 1_000_000,
                i -> new String[] {"SET", key(i), String.format("value-%014d", i)});
        probe("200k hashes of 5 fields (10/20 bytes)", 200_000, i -> {
            String[] c = new String[12];
            c[0] = "HSET";
            c[1] = key(i);
            for (int f = 0; f < 5; f++) {
                c[2 + 2 * f] = "field0000" + f;
                c[3 + 2 * f] = String.format("value-%014d", i * 5L + f);
            }
            return c;
        });
        probe("100k sets of 10 strings", 100_000, i -> {
            String[] c = new String[12];
            c[0] = "SADD";
            c[1] = key(i);
            for (int m = 0; m < 10; m++) {
                c[2 + m] = String.format("member-%08d", i * 10L + m);
            }
            return c;
        });
        probe("200k intsets of 20", 200_000, i -> {
            String[] c = new String[22];
            c[0] = "SADD";
            c[1] = key(i);
            for (int m = 0; m < 20; m++) {
                c[2 + m] = Integer.toString(m * 1000);
            }
            return c;
        });
        probe("1M strings with a TTL", 1_000_000,
                i -> new String[] {"SET", key(i), String.format("value-%014d", i), "EX", "10000"});
    }

    private static String key(int i) {
        return String.format("key:%06d", i);
    }

    private static void probe(String name, int n, IntFunction<String[]> command) {
        Engine engine = new Engine(EngineConfig.defaults(), new FakeClock());
        CommandContext ctx = new CommandContext(engine, 1, true);
        ReplyRecorder out = new ReplyRecorder(2);
        long heapBefore = usedHeap();
        for (int i = 0; i < n; i++) {
            String[] c = command.apply(i);
            byte[][] argv = new byte[c.length][];
            for (int a = 0; a < c.length; a++) {
                argv[a] = c[a].getBytes(StandardCharsets.US_ASCII);
            }
            engine.dispatcher().execute(ctx, argv, out);
            out.take();
        }
        // the request arrays that are not stored are garbage, collected before measuring
        long heap = usedHeap() - heapBefore;
        long estimate = engine.keyspace().datasetBytes();
        System.out.printf("%-45s heap %6.1f B/key, estimate %6.1f B/key, estimate/heap %.2f%n", name,
                (double) heap / n, (double) estimate / n, (double) estimate / heap);
        engine.close();
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
