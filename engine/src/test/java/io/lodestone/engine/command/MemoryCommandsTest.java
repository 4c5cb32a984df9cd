package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.memory.MaxmemoryPolicy;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.util.HeapSize;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryCommandsTest {
    private static final Err SYNTAX = new Err("ERR syntax error");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");

    private final EngineHarness h = new EngineHarness();

    private long usage(String key) {
        return (Long) h.exec("MEMORY", "USAGE", key);
    }

    // ---- MEMORY USAGE ----------------------------------------------------------------------------

    @Test
    void usageOfStringsIsEntryKeyAndValue() {
        h.exec("SET", "k", "v");
        assertEquals(Database.ENTRY_BYTES + 24 + 24, usage("k")); // 80; Redis says 64
        h.exec("SET", "key:000001", "value-00000000000001");
        assertEquals(32 + 32 + 40, usage("key:000001")); // Redis: 88
        h.exec("SET", "s1000", "a".repeat(1000));
        assertEquals(32 + 24 + 1016, usage("s1000")); // Redis: 1072
        // a TTL does not count, as in Redis
        h.exec("EXPIRE", "k", "100");
        assertEquals(80, usage("k"));
    }

    @Test
    void usageOfHashesAndSetsFollowsTheirEncoding() {
        List<String> args = new ArrayList<>(List.of("HSET", "hash5"));
        for (int f = 0; f < 5; f++) {
            args.add("field0000" + f);
            args.add("value-0000000000000" + f);
        }
        h.exec(args.toArray(new String[0]));
        // entry + key + HashValue + one packed array of 5 x (1 + 10 + 1 + 20) bytes
        assertEquals(32 + 24 + 16 + HeapSize.byteArray(160), usage("hash5")); // Redis: 240
        h.exec("SADD", "ints", "1", "2", "3");
        assertEquals(32 + 24 + 16 + HeapSize.shortArray(3), usage("ints"));
        h.exec("SADD", "ints", "100000"); // widens to int[]
        assertEquals(32 + 24 + 16 + HeapSize.intArray(4), usage("ints"));
        h.exec("SADD", "strs", "a");
        long oneMember = usage("strs");
        h.exec("SADD", "strs", "b");
        assertEquals(oneMember + HeapSize.byteArray(1), usage("strs"), "a member's array, same table");
    }

    @Test
    void usageParsesSamplesAndAnswersNilForMissingKeys() {
        h.exec("SET", "k", "v");
        assertNull(h.exec("MEMORY", "USAGE", "nokey"));
        assertEquals(80L, h.exec("MEMORY", "USAGE", "k", "SAMPLES", "0"));
        assertEquals(80L, h.exec("MEMORY", "USAGE", "k", "samples", "1", "SAMPLES", "3"));
        assertEquals(SYNTAX, h.exec("MEMORY", "USAGE", "k", "SAMPLES"));
        assertEquals(SYNTAX, h.exec("MEMORY", "USAGE", "k", "SAMPLES", "-1"));
        assertEquals(SYNTAX, h.exec("MEMORY", "USAGE", "k", "foo", "1"));
        assertEquals(SYNTAX, h.exec("MEMORY", "USAGE", "k", "SAMPLES", "1", "extra"));
        assertEquals(NOT_INTEGER, h.exec("MEMORY", "USAGE", "k", "SAMPLES", "abc"));
        assertEquals(NOT_INTEGER, h.exec("MEMORY", "USAGE", "nokey", "SAMPLES", "x"), "options before the lookup");
        assertEquals(new Err("ERR wrong number of arguments for 'memory|usage' command"), h.exec("MEMORY", "USAGE"));
        assertEquals(new Err("ERR unknown subcommand 'foo'. Try MEMORY HELP."), h.exec("MEMORY", "foo"));
    }

    @Test
    void usageNeitherTouchesNorCountsAHit() {
        h.exec("SET", "k", "v");
        h.clock().advance(10_000);
        long hits = h.engine().keyspace().hits();
        usage("k");
        assertEquals(hits, h.engine().keyspace().hits());
        assertEquals(10L, h.exec("OBJECT", "IDLETIME", "k"));
    }

    // ---- MEMORY STATS DOCTOR HELP MALLOC-STATS PURGE -----------------------------------------------

    @Test
    void statsListsRedisFieldsWithPerDatabaseOverheads() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2", "EX", "100");
        h.exec("SELECT", "2");
        h.exec("SET", "c", "3");
        List<?> stats = (List<?>) h.exec("MEMORY", "STATS");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < stats.size(); i += 2) {
            names.add((String) stats.get(i));
        }
        assertEquals(List.of("peak.allocated", "total.allocated", "startup.allocated", "replication.backlog",
                "clients.slaves", "clients.normal", "cluster.links", "aof.buffer", "lua.caches", "functions.caches",
                "db.0", "db.2", "overhead.total", "keys.count", "keys.bytes-per-key", "dataset.bytes",
                "dataset.percentage", "peak.percentage", "allocator.allocated", "allocator.active",
                "allocator.resident", "allocator-fragmentation.ratio", "allocator-fragmentation.bytes",
                "allocator-rss.ratio", "allocator-rss.bytes", "rss-overhead.ratio", "rss-overhead.bytes",
                "fragmentation", "fragmentation.bytes"), names);
        long used = h.engine().memory().usedMemory();
        assertEquals(used, stats.get(3));
        assertEquals(MemoryManager.STARTUP_BYTES, stats.get(5));
        long main0 = 2 * Database.ENTRY_BYTES + 2 * Database.SLOT_TABLE_BYTES; // a and b sit in two slots
        assertEquals(List.of("overhead.hashtable.main", main0, "overhead.hashtable.expires",
                Database.EXPIRE_BYTES, "overhead.hashtable.slot-to-keys", 0L), stats.get(21));
        long overhead = MemoryManager.STARTUP_BYTES + main0 + Database.EXPIRE_BYTES
                + Database.ENTRY_BYTES + Database.SLOT_TABLE_BYTES;
        assertEquals(overhead, stats.get(25));
        assertEquals(3L, stats.get(27));
        assertEquals((used - MemoryManager.STARTUP_BYTES) / 3, stats.get(29));
        assertEquals(used - overhead, stats.get(31));
        assertInstanceOf(Double.class, stats.get(33));
        assertEquals(3 * 24 * 2L, (Long) stats.get(31), "the dataset is the keys' and values' arrays");
    }

    @Test
    void doctorDeclinesSmallInstancesAndReportsPeaks() {
        String empty = (String) h.exec("MEMORY", "DOCTOR");
        assertTrue(empty.startsWith("Hi Sam, this instance is empty or is using very little memory"), empty);
        String value = "x".repeat(1000);
        for (int i = 0; i < 6000; i++) {
            h.exec("SET", "k" + i, value);
        }
        assertEquals("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs"
                + " on this base.\n", h.exec("MEMORY", "DOCTOR"));
        for (int i = 0; i < 2500; i++) {
            h.exec("DEL", "k" + i);
        }
        String peak = (String) h.exec("MEMORY", "DOCTOR");
        assertTrue(peak.startsWith("Sam, I detected a few issues in this Redis instance memory implants:\n\n"
                + " * Peak memory: In the past this instance used more than 150% the memory"), peak);
        assertTrue(peak.endsWith("\n\nI'm here to keep you safe, Sam. I want to help you.\n"), peak);
    }

    @Test
    void helpMallocStatsAndPurge() {
        List<?> help = (List<?>) h.exec("MEMORY", "HELP");
        assertEquals(14, help.size());
        assertEquals("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
        assertEquals("    sampled up to <count> times (default: 5, 0 means sample all).", help.get(11));
        assertEquals("Stats not supported for the current allocator", h.exec("MEMORY", "MALLOC-STATS"));
        assertEquals("OK", h.exec("MEMORY", "PURGE"));
    }

    // ---- OBJECT FREQ and IDLETIME by policy ------------------------------------------------------

    @Test
    void objectFreqNeedsAnLfuPolicyAndIdletimeAnLruOne() {
        h.exec("SET", "k", "v");
        assertEquals(new Err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note"
                + " that when switching between policies at runtime LRU and LFU data will take some time to adjust."),
                h.exec("OBJECT", "FREQ", "k"));
        h.engine().config().setMaxmemoryPolicy(MaxmemoryPolicy.VOLATILE_LFU);
        assertNull(h.exec("OBJECT", "FREQ", "nokey"));
        h.exec("SET", "k2", "v");
        assertEquals(5L, h.exec("OBJECT", "FREQ", "k2"));
        assertNull(h.exec("OBJECT", "IDLETIME", "nokey"));
        assertEquals(new Err("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when"
                + " switching between policies at runtime LRU and LFU data will take some time to adjust."),
                h.exec("OBJECT", "IDLETIME", "k"));
        h.engine().config().setMaxmemoryPolicy(MaxmemoryPolicy.ALLKEYS_LRU);
        h.clock().advance(3000);
        assertEquals(3L, h.exec("OBJECT", "IDLETIME", "k"));
    }

    @Test
    void commandMetadataMatchesRedis() {
        CommandSpec memory = h.engine().commands().lookup("memory".getBytes());
        assertEquals(-2, memory.arity());
        assertEquals("server", memory.group());
        CommandSpec usage = memory.subcommand("usage".getBytes());
        assertEquals(-3, usage.arity());
        assertEquals(List.of("@read", "@slow"), usage.aclCategories());
        assertTrue(usage.has(CommandFlag.READONLY));
        assertEquals(2, usage.firstKey());
        assertEquals(List.of("nondeterministic_output", "request_policy:all_shards", "response_policy:special"),
                memory.subcommand("stats".getBytes()).tips());
        assertTrue(memory.subcommand("help".getBytes()).has(CommandFlag.LOADING));
    }
}
