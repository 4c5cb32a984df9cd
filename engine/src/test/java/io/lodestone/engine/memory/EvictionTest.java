package io.lodestone.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.util.HeapSize;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** maxmemory and every maxmemory-policy, driven through commands on a fake clock. */
class EvictionTest {
    private static final Err OOM = new Err("OOM command not allowed when used memory > 'maxmemory'.");
    private static final String VALUE = "x".repeat(100);

    private final EngineHarness h = new EngineHarness();
    private final EngineConfig config = h.engine().config();
    private final MemoryManager memory = h.engine().memory();

    private void fill(String prefix, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals("OK", h.exec("SET", prefix + i, VALUE));
        }
    }

    private void fillWithTtl(String prefix, int n, long ttlMillis) {
        for (int i = 0; i < n; i++) {
            assertEquals("OK", h.exec("SET", prefix + i, VALUE, "PX", Long.toString(ttlMillis)));
        }
    }

    /** Sets maxmemory to the current usage plus {@code headroom} bytes. */
    private void limitToCurrentPlus(long headroom) {
        config.setMaxmemory(memory.usedMemory() + headroom);
    }

    private Set<String> present(String prefix, int n) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if ((Long) h.exec("EXISTS", prefix + i) == 1L) {
                keys.add(prefix + i);
            }
        }
        return keys;
    }

    /** What one of these keys costs at most: its entry, a short name, the value, a slot table of its own. */
    private static long bytesPerKey() {
        return Database.ENTRY_BYTES + HeapSize.byteArray(8) + HeapSize.byteArray(VALUE.length())
                + Database.SLOT_TABLE_BYTES;
    }

    // ---- noeviction -------------------------------------------------------------------------------

    @Test
    void noevictionRefusesDenyoomCommandsButReadsAndDeletesWork() {
        fill("a", 50);
        limitToCurrentPlus(-1);
        assertEquals(OOM, h.exec("SET", "new", "v"));
        assertEquals(OOM, h.exec("HSET", "h", "f", "v"));
        assertEquals(OOM, h.exec("SADD", "s", "m"));
        assertEquals(OOM, h.exec("APPEND", "a1", "more"));
        assertEquals(VALUE, h.exec("GET", "a1"));
        assertEquals(1L, h.exec("EXPIRE", "a2", "100")); // not DENYOOM
        assertEquals(1L, h.exec("DEL", "a1"));
        assertEquals("OK", h.exec("SET", "new", "v"), "under the limit again after DEL");
        assertEquals(50L, h.exec("DBSIZE"));
        assertEquals(0, h.engine().stats().evictedKeys);
        // refused commands count as rejected calls and as OOM errors
        assertEquals(4, h.engine().commands().lookup("set".getBytes()).stats().rejectedCalls()
                + h.engine().commands().lookup("hset".getBytes()).stats().rejectedCalls()
                + h.engine().commands().lookup("sadd".getBytes()).stats().rejectedCalls()
                + h.engine().commands().lookup("append".getBytes()).stats().rejectedCalls());
        assertEquals(4, h.engine().stats().errorsByCode().get("OOM")[0]);
    }

    @Test
    void noLimitMeansNoCheck() {
        fill("a", 20);
        config.setMaxmemory(0);
        assertEquals("OK", h.exec("SET", "b", "v"));
        assertEquals(MemoryManager.Result.OK, memory.performEvictions());
    }

    // ---- allkeys policies ------------------------------------------------------------------------

    @Test
    void allkeysRandomEvictsUntilUnderTheLimitAndPropagatesDel() {
        fill("a", 200);
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_RANDOM);
        limitToCurrentPlus(0);
        h.clearStream();
        for (int i = 0; i < 20; i++) {
            assertEquals("OK", h.exec("SET", "b" + i, VALUE));
        }
        long evicted = h.engine().stats().evictedKeys;
        assertTrue(evicted >= 15 && evicted <= 20, "evicted " + evicted);
        // eviction runs before each command: the last one may have gone over by its own key
        assertTrue(memory.usedMemory() <= config.maxmemory() + bytesPerKey(), "used " + memory.usedMemory());
        assertEquals(220 - evicted, h.engine().keyspace().totalKeys());
        // each eviction is a DEL in the stream, before the command that made room
        List<List<String>> stream = new ArrayList<>(h.stream());
        config.setMaxmemory(0); // no more evictions while checking
        long dels = stream.stream().filter(e -> e.get(0).equals("DEL")).count();
        assertEquals(evicted, dels);
        for (List<String> entry : stream) {
            if (entry.get(0).equals("DEL")) {
                assertEquals(0L, h.exec("EXISTS", entry.get(1)), entry + " was evicted");
            }
        }
        assertEquals(List.of("SET", "b19", VALUE), stream.get(stream.size() - 1));
    }

    @Test
    void allkeysLruEvictsMostlyIdleKeys() {
        config.setMaxmemorySamples(10);
        fill("cold", 300);
        h.clock().advance(100_000);
        fill("hot", 300);
        for (int round = 0; round < 3; round++) {
            h.clock().advance(10_000);
            for (int i = 0; i < 300; i++) {
                h.exec("GET", "hot" + i); // recently used
            }
        }
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_LRU);
        limitToCurrentPlus(0);
        fill("new", 200);
        // about one eviction per new key (fewer when an eviction empties a slot's table)
        assertTrue(h.engine().stats().evictedKeys >= 180, "evicted " + h.engine().stats().evictedKeys);
        int coldLeft = present("cold", 300).size();
        int hotLeft = present("hot", 300).size();
        // sampled LRU is approximate: nearly all evictions hit the cold keys
        assertTrue(coldLeft <= 300 - 180, "cold keys left " + coldLeft);
        assertTrue(hotLeft >= 280, "hot keys left " + hotLeft);
    }

    @Test
    void allkeysLfuKeepsFrequentlyUsedKeys() {
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_LFU);
        fill("rare", 300);
        fill("hot", 100);
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 100; i++) {
                h.exec("GET", "hot" + i);
            }
        }
        assertTrue((Long) h.exec("OBJECT", "FREQ", "hot1") > (Long) h.exec("OBJECT", "FREQ", "rare1"));
        limitToCurrentPlus(0);
        fill("new", 150);
        assertEquals(100, present("hot", 100).size(), "every hot key survives");
        // new keys start with the same count as the rare ones, so both kinds go
        assertTrue(present("rare", 300).size() + present("new", 150).size() <= 450 - 130);
    }

    @Test
    void lfuCountersDecayWithIdleMinutes() {
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_LFU);
        h.exec("SET", "k", "v");
        assertEquals(5L, h.exec("OBJECT", "FREQ", "k"), "a new key starts at 5");
        h.exec("GET", "k"); // from 5 the first hit always counts
        assertEquals(6L, h.exec("OBJECT", "FREQ", "k"));
        h.clock().advance(3 * 60_000);
        assertEquals(3L, h.exec("OBJECT", "FREQ", "k"), "one off per lfu-decay-time minute");
        config.setLfuDecayTime(0);
        assertEquals(6L, h.exec("OBJECT", "FREQ", "k"), "no decay");
        // overwriting keeps the counter, as Redis does under LFU
        h.exec("SET", "k", "w");
        assertTrue((Long) h.exec("OBJECT", "FREQ", "k") >= 6L);
    }

    // ---- volatile policies -----------------------------------------------------------------------

    @Test
    void volatileTtlEvictsTheNearestDeadlineFirst() {
        config.setMaxmemoryPolicy(MaxmemoryPolicy.VOLATILE_TTL);
        config.setMaxmemorySamples(10);
        fill("p", 100); // persistent
        for (int i = 0; i < 100; i++) {
            h.exec("SET", "t" + i, VALUE, "PX", Long.toString(1_000_000 + i * 10_000L));
        }
        limitToCurrentPlus(0);
        fill("new", 30);
        assertEquals(100, present("p", 100).size(), "persistent keys stay");
        Set<String> left = present("t", 100);
        assertTrue(left.size() <= 71, "left " + left.size());
        // the evicted ones are mostly among the earliest deadlines
        int earlyEvicted = 0;
        for (int i = 0; i < 40; i++) {
            if (!left.contains("t" + i)) {
                earlyEvicted++;
            }
        }
        assertTrue(earlyEvicted >= 25, "evicted among the 40 earliest: " + earlyEvicted);
        assertTrue(left.contains("t99") && left.contains("t98"), "the latest deadlines survive");
    }

    @Test
    void volatilePoliciesNeverEvictPersistentKeys() {
        for (MaxmemoryPolicy policy : List.of(MaxmemoryPolicy.VOLATILE_LRU, MaxmemoryPolicy.VOLATILE_LFU,
                MaxmemoryPolicy.VOLATILE_RANDOM, MaxmemoryPolicy.VOLATILE_TTL)) {
            h.exec("FLUSHALL");
            config.setMaxmemory(0);
            config.setMaxmemoryPolicy(policy);
            fill("p", 100);
            fillWithTtl("t", 10, 100_000);
            limitToCurrentPlus(0);
            int written = 0;
            while (written < 20 && "OK".equals(h.exec("SET", "new" + written, VALUE))) {
                written++;
            }
            assertTrue(written >= 8, policy + " evicts the keys with a TTL to make room: " + written);
            assertEquals(OOM, h.exec("SET", "more", VALUE), policy + ": nothing left to evict");
            assertEquals(MemoryManager.Result.FAIL, memory.performEvictions());
            long limit = config.maxmemory();
            config.setMaxmemory(0);
            assertEquals(0, present("t", 10).size(), policy.configName());
            assertEquals(100, present("p", 100).size(), policy.configName());
            config.setMaxmemory(limit);
        }
    }

    @Test
    void evictionSamplesEveryDatabase() {
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_LRU);
        h.exec("SELECT", "3");
        fill("a", 100);
        h.clock().advance(60_000);
        h.exec("SELECT", "0");
        fill("b", 100);
        limitToCurrentPlus(0);
        fill("c", 20);
        assertTrue((Long) h.exec("DBSIZE") >= 115, "db0 keeps its recent keys");
        h.exec("SELECT", "3");
        assertTrue((Long) h.exec("DBSIZE") <= 85, "the idle keys of db3 go");
    }

    // ---- the background cycle, limits, replicas ----------------------------------------------------

    @Test
    void theBackgroundCycleEvictsAfterTheLimitIsLowered() {
        fill("a", 100);
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_RANDOM);
        config.setMaxmemory(memory.usedMemory() - 10 * bytesPerKey());
        Database db = h.engine().keyspace().db(0);
        assertEquals(100, db.size());
        h.cron();
        assertTrue(memory.usedMemory() <= config.maxmemory());
        assertEquals(100 - h.engine().stats().evictedKeys, db.size());
        assertTrue(db.size() <= 90 && db.size() >= 80, "keys left " + db.size());
    }

    @Test
    void aReplicaDoesNotEvict() {
        fill("a", 50);
        config.setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_RANDOM);
        limitToCurrentPlus(-1);
        h.engine().keyspace().setReplica(true);
        assertEquals(MemoryManager.Result.OK, memory.performEvictions());
        assertEquals(50, h.engine().keyspace().db(0).size());
        config.setReplicaIgnoreMaxmemory(false);
        assertEquals(MemoryManager.Result.OK, memory.performEvictions());
        assertTrue(h.engine().keyspace().db(0).size() < 50);
    }

    @Test
    void timeOverTheLimitIsMeasured() {
        fill("a", 10);
        limitToCurrentPlus(-1);
        assertEquals(OOM, h.exec("SET", "b", "v"));
        h.clock().advance(1500);
        assertEquals(1500, memory.currentOverLimitMillis());
        h.exec("DEL", "a1"); // the check before DEL still finds it over the limit
        h.clock().advance(500);
        h.exec("GET", "a2"); // now under: the episode ends
        assertEquals(0, memory.currentOverLimitMillis());
        assertEquals(2000, memory.totalOverLimitMillis());
    }

    @Test
    void tenacitySetsTheTimeBudget() {
        assertEquals(0, MemoryManager.timeBudgetNanos(0));
        assertEquals(500_000, MemoryManager.timeBudgetNanos(10));
        assertEquals(Math.round(500_000 * Math.pow(1.15, 40)), MemoryManager.timeBudgetNanos(50), 1);
        assertEquals(-1, MemoryManager.timeBudgetNanos(100));
    }

    @Test
    void aRefusedCommandLeavesNothingInTheStream() {
        fill("a", 5);
        limitToCurrentPlus(-1);
        h.clearStream();
        assertEquals(OOM, h.exec("SET", "b", "v"));
        assertEquals(OOM, h.exec("SET", "b", "v"));
        assertNull(h.exec("GET", "b"));
        assertEquals(List.of(), h.stream());
        assertTrue(h.engine().dispatcher().outOfMemoryAfterEviction());
        config.setMaxmemory(0);
        assertFalse(h.engine().dispatcher().outOfMemoryAfterEviction());
    }
}
