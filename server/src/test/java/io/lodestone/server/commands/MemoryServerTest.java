package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** maxmemory, eviction and MEMORY over a socket, with the replies of redis-server 7.0. */
class MemoryServerTest {
    private TestServer server;
    private RespClient client;

    @BeforeEach
    void start() {
        server = TestServer.start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Map<String, String> info(String section) {
        return InfoCommandTest.fields((String) client.call("INFO", section));
    }

    private static RespClient.Err configError(String name, String reason) {
        return new RespClient.Err("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    @Test
    void configGetAndSetOfTheMemoryDirectives() {
        assertEquals(List.of("maxmemory-policy", "noeviction"), client.call("CONFIG", "GET", "maxmemory-policy"));
        assertEquals(List.of("maxmemory-samples", "5", "maxmemory-eviction-tenacity", "10", "lfu-log-factor", "10",
                "lfu-decay-time", "1", "replica-ignore-maxmemory", "yes", "slave-ignore-maxmemory", "yes"),
                client.call("CONFIG", "GET", "maxmemory-samples", "maxmemory-eviction-tenacity", "lfu-*",
                        "*ignore-maxmemory"));
        assertEquals("OK", client.call("CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU"));
        assertEquals(List.of("maxmemory-policy", "allkeys-lru"), client.call("CONFIG", "GET", "maxmemory-policy"));
        assertEquals("OK", client.call("CONFIG", "SET", "maxmemory", "100mb"));
        assertEquals(List.of("maxmemory", "104857600"), client.call("CONFIG", "GET", "maxmemory"));
        assertEquals(104857600L, server.config().engine().maxmemory());
        assertEquals(configError("maxmemory-policy", "argument(s) must be one of the following: volatile-lru,"
                + " volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"),
                client.call("CONFIG", "SET", "maxmemory-policy", "foo"));
        assertEquals(configError("maxmemory-samples", "argument must be between 1 and 2147483647 inclusive"),
                client.call("CONFIG", "SET", "maxmemory-samples", "0"));
        assertEquals(configError("maxmemory-eviction-tenacity", "argument must be between 0 and 100 inclusive"),
                client.call("CONFIG", "SET", "maxmemory-eviction-tenacity", "101"));
        assertEquals(configError("lfu-log-factor", "argument must be between 0 and 2147483647 inclusive"),
                client.call("CONFIG", "SET", "lfu-log-factor", "-1"));
        assertEquals(configError("lfu-decay-time", "argument must be between 0 and 2147483647 inclusive"),
                client.call("CONFIG", "SET", "lfu-decay-time", "-1"));
        assertEquals(configError("maxmemory", "argument must be a memory value"),
                client.call("CONFIG", "SET", "maxmemory", "-1"));
        Map<String, String> memory = info("memory");
        assertEquals("104857600", memory.get("maxmemory"));
        assertEquals("100.00M", memory.get("maxmemory_human"));
        assertEquals("allkeys-lru", memory.get("maxmemory_policy"));
    }

    @Test
    void noevictionRefusesWritesWithRedisError() {
        client.call("SET", "k", "v");
        long used = Long.parseLong(info("memory").get("used_memory"));
        client.call("CONFIG", "SET", "maxmemory", Long.toString(used - 1));
        try (RawClient raw = server.rawClient()) {
            assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", raw.call("SET", "a", "b"));
            assertEquals("$1\r\nv\r\n", raw.call("GET", "k"));
            assertEquals(":1\r\n", raw.call("DEL", "k"));
            assertEquals("+OK\r\n", raw.call("SET", "a", "b"));
        }
        assertTrue(info("errorstats").get("errorstat_OOM").equals("count=1"));
    }

    @Test
    void evictionKeepsUsedMemoryNearTheLimit() {
        String value = "x".repeat(1000);
        long limit = 3L * 1024 * 1024;
        assertEquals("OK", client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"));
        assertEquals("OK", client.call("CONFIG", "SET", "maxmemory", "3mb"));
        int keys = 6000; // about 6 MB of values
        for (int i = 0; i < keys; i += 500) {
            for (int j = i; j < i + 500; j++) {
                client.send("SET", "key:" + j, value);
            }
            for (int j = i; j < i + 500; j++) {
                assertEquals("OK", client.read());
            }
        }
        Map<String, String> stats = info("stats");
        long evicted = Long.parseLong(stats.get("evicted_keys"));
        assertTrue(evicted > 2000, "evicted " + evicted);
        Map<String, String> memory = info("memory");
        long used = Long.parseLong(memory.get("used_memory"));
        assertTrue(used <= limit + 2000 && used > limit - 200_000, "used " + used);
        assertEquals(keys - evicted, (Long) client.call("DBSIZE"));
        assertTrue(Long.parseLong(memory.get("used_memory_heap")) > 0);
        long perKey = (Long) client.call("MEMORY", "USAGE", "key:" + (keys - 1));
        assertTrue(perKey > 1000 && perKey < 1200, "MEMORY USAGE " + perKey);
    }

    @Test
    void memoryStatsAndDoctorInResp3() {
        client.call("SET", "k", "v");
        try (RespClient resp3 = server.client(3)) {
            Object stats = resp3.call("MEMORY", "STATS");
            Map<?, ?> map = assertInstanceOf(Map.class, stats);
            assertInstanceOf(Long.class, map.get("total.allocated"));
            assertInstanceOf(Double.class, map.get("dataset.percentage"));
            assertEquals(Map.of("overhead.hashtable.main", 200L, "overhead.hashtable.expires", 0L,
                    "overhead.hashtable.slot-to-keys", 0L), map.get("db.0"));
            assertEquals(1L, map.get("keys.count"));
            resp3.call("MEMORY", "DOCTOR");
            assertTrue(resp3.lastRaw().startsWith("=272\r\ntxt:Hi Sam, this instance is empty"), resp3.lastRaw());
            assertEquals(":80\r\n", rawOf(resp3, "MEMORY", "USAGE", "k"));
            assertEquals("_\r\n", rawOf(resp3, "MEMORY", "USAGE", "nokey"));
        }
    }

    private static String rawOf(RespClient c, String... args) {
        c.call(args);
        return c.lastRaw();
    }
}
