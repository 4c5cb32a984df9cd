package io.lodestone.engine.type;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.testing.FakeClock;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures what 1,000,000 small hashes cost (5 fields of 10 bytes, values of 20 bytes), the values
 * alone and with their keys in the keyspace. Not a unit test: run by hand, e.g.
 * {@code java -Xmx4g -cp target/classes:target/test-classes io.lodestone.engine.type.HashMemoryProbe}.
 * Redis 7.0 for the same data (keys "hash:0000000".., HSET with five pairs): used_memory grows by
 * about 264 bytes per hash, MEMORY USAGE reports 248 bytes per key.
 */
public final class HashMemoryProbe {
    private static final int HASHES = 1_000_000;

    public static void main(String[] args) {
        EngineConfig config = EngineConfig.defaults();
        long before = usedHeap();
        HashValue[] values = new HashValue[HASHES];
        for (int i = 0; i < HASHES; i++) {
            values[i] = smallHash(i, config);
        }
        long valuesOnly = usedHeap() - before;
        System.out.printf("values only: %.1f bytes per hash (excluding the 4-byte array slot)%n",
                (valuesOnly - 4.0 * HASHES) / HASHES);
        values = null;

        before = usedHeap();
        Engine engine = new Engine(config, new FakeClock());
        Database db = engine.keyspace().db(0);
        for (int i = 0; i < HASHES; i++) {
            db.set(String.format("hash:%07d", i).getBytes(StandardCharsets.US_ASCII), smallHash(i, config));
        }
        long withKeys = usedHeap() - before;
        System.out.printf("in the keyspace, with keys: %.1f bytes per hash (%d keys)%n",
                (double) withKeys / HASHES, db.size());
    }

    private static HashValue smallHash(int i, EngineConfig config) {
        HashValue h = new HashValue();
        for (int f = 0; f < 5; f++) {
            byte[] field = String.format("field%05d", f).getBytes(StandardCharsets.US_ASCII);
            byte[] value = String.format("value-%014d", i * 5L + f).getBytes(StandardCharsets.US_ASCII);
            h.set(field, value, config);
        }
        return h;
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
