package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.EngineLock;
import io.lodestone.engine.memory.MaxmemoryPolicy;
import io.lodestone.engine.testing.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link Database#getWithoutLock}: what it answers without the engine lock, and what it leaves to it. */
class LockFreeReadTest {
    private final EngineHarness h = new EngineHarness();

    private Object read(String key) {
        return h.engine().keyspace().db(0).getWithoutLock(bytes(key), h.clock().millis());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLiveKeyReadThisSecondIsAnsweredAndAMissIsLeftToTheLock() {
        h.exec("SET", "k", "v");
        assertArrayEquals(bytes("v"), (byte[]) read("k"));
        assertNull(read("absent"), "a miss is counted and notified under the lock");
        assertNull(read("{k}absent"), "a slot with no table");
    }

    @Test
    void anEntryLastReadInAnEarlierSecondIsLeftToTheLockWhichTouchesIt() {
        h.exec("SET", "k", "v");
        h.clock().advance(1_000);
        assertNull(read("k"), "its LRU word must be updated under the lock");
        assertEquals("v", h.exec("GET", "k"));
        assertArrayEquals(bytes("v"), (byte[]) read("k"));
    }

    @Test
    void aKeyPastItsDeadlineIsLeftToTheLockWhichRemovesIt() {
        h.exec("SET", "k", "v", "PX", "10");
        assertArrayEquals(bytes("v"), (byte[]) read("k"));
        h.clock().advance(10);
        assertNull(read("k"));
        assertTrue(h.engine().keyspace().db(0).isStored(bytes("k")), "nothing removed without the lock");
        assertNull(h.exec("GET", "k"));
    }

    @Test
    void underAnLfuPolicyEveryReadTakesTheLock() {
        EngineConfig config = new EngineConfig(16);
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_LFU);
        EngineHarness lfu = new EngineHarness(config);
        lfu.exec("SET", "k", "v");
        assertNull(lfu.engine().keyspace().db(0).getWithoutLock(bytes("k"), lfu.clock().millis()));
    }

    @Test
    void validatedHitsCountInKeyspaceHits() {
        h.exec("SET", "k", "v");
        h.exec("GET", "k");
        h.engine().keyspace().countLockFreeHit();
        assertEquals(2, h.engine().keyspace().hits());
        h.engine().keyspace().resetHitStats();
        assertEquals(0, h.engine().keyspace().hits());
    }

    /**
     * Readers race a writer that deletes and re-inserts keys of one slot (a delete shifts the entries
     * after it back into its place, and the table resizes): every read the lock's sequence validates must be
     * a value that was stored under that very key. Each value names its key.
     */
    @Test
    void validatedReadsRacingAWriterNeverSeeAnotherKeysValue() throws Exception {
        int keys = 95; // in a table of 128: long probe runs, so deletes shift many entries
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "{slot}k" + i;
            h.exec("SET", names[i], names[i] + ":0");
        }
        Database db = h.engine().keyspace().db(0);
        EngineLock lock = h.engine().lock();
        long now = h.clock().millis();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> reader = pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(1);
                long validated = 0;
                while (writing.get()) {
                    String name = names[random.nextInt(keys)];
                    byte[] key = bytes(name);
                    long stamp = lock.readStamp();
                    if ((stamp & 1) != 0) {
                        continue;
                    }
                    Object value = db.getWithoutLock(key, now);
                    if (!lock.validate(stamp)) {
                        continue;
                    }
                    if (value != null) {
                        String text = new String((byte[]) value, StandardCharsets.UTF_8);
                        if (!text.startsWith(name + ":")) {
                            throw new AssertionError("read " + text + " under " + name);
                        }
                        validated++;
                    }
                }
                return validated;
            });
            // the writer works on the database directly, one change per hold, so that changes are
            // dense enough for readers to meet them mid-read (commands would spend most of their
            // hold in the dispatcher)
            SplittableRandom random = new SplittableRandom(7);
            for (int n = 1; n <= 1_500_000; n++) {
                byte[] key = bytes(names[random.nextInt(keys)]);
                lock.lock();
                try {
                    h.engine().keyspace().setNow(now);
                    if (n % 2 == 0) {
                        db.delete(key);
                    } else {
                        db.set(key, bytes(new String(key, StandardCharsets.UTF_8) + ":" + n));
                    }
                } finally {
                    lock.unlock();
                }
            }
            writing.set(false);
            assertTrue(reader.get(30, TimeUnit.SECONDS) > 0, "some reads must have been answered without the lock");
        } finally {
            writing.set(false);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
