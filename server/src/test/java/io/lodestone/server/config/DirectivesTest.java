package io.lodestone.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectivesTest {
    @Test
    void namesAreLowerCaseAndDisjointFromNotSupported() {
        for (Directive<?> d : Directives.ALL) {
            assertEquals(d.name().toLowerCase(Locale.ROOT), d.name());
            assertFalse(Directives.NOT_SUPPORTED_YET.contains(d.name()), d.name());
            for (String alias : d.aliases()) {
                assertFalse(Directives.NOT_SUPPORTED_YET.contains(alias), alias);
                assertSame(d, Directives.lookup(alias));
            }
            assertSame(d, Directives.lookup(d.name().toUpperCase(Locale.ROOT)));
        }
        assertNull(Directives.lookup("cluster-enabled"));
        assertTrue(Directives.isNotSupportedYet("CLUSTER-ENABLED"));
    }

    @Test
    void aNewConfigHoldsEveryDefault() {
        ServerConfig c = new ServerConfig();
        for (Directive<?> d : Directives.ALL) {
            assertTrue(d.isDefault(c), d.name());
        }
    }

    /** The engine's own defaults (used without the server, in engine tests) must agree with the table. */
    @Test
    void engineConfigDefaultsAgreeWithTheTable() {
        EngineConfig standalone = EngineConfig.defaults();
        ServerConfig c = new ServerConfig();
        assertEquals(standalone.hz(), c.engine().hz());
        assertEquals(standalone.protoMaxBulkLen(), c.engine().protoMaxBulkLen());
        assertEquals(standalone.hashMaxListpackEntries(), c.engine().hashMaxListpackEntries());
        assertEquals(standalone.hashMaxListpackValue(), c.engine().hashMaxListpackValue());
        assertEquals(standalone.databases(), c.databases());
        assertEquals(standalone.slowlogLogSlowerThan(), c.engine().slowlogLogSlowerThan());
        assertEquals(standalone.slowlogMaxLen(), c.engine().slowlogMaxLen());
        assertEquals(standalone.latencyMonitorThreshold(), c.engine().latencyMonitorThreshold());
    }

    /** What CONFIG GET prints for a default configuration, as redis-server 7.0.15 prints it. */
    @Test
    void configGetTextsOfTheDefaults() {
        ServerConfig c = new ServerConfig();
        Map<String, String> expected = Map.ofEntries(
                Map.entry("port", "6379"), Map.entry("bind", "* -::*"), Map.entry("tcp-backlog", "511"),
                Map.entry("protected-mode", "yes"), Map.entry("enable-protected-configs", "no"),
                Map.entry("requirepass", ""), Map.entry("maxclients", "10000"), Map.entry("timeout", "0"),
                Map.entry("tcp-keepalive", "300"), Map.entry("client-query-buffer-limit", "1073741824"),
                Map.entry("client-output-buffer-limit",
                        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
                Map.entry("notify-keyspace-events", ""),
                Map.entry("io-threads", "1"), Map.entry("databases", "16"),
                Map.entry("dir", Path.of("").toAbsolutePath().toString()), Map.entry("daemonize", "no"),
                Map.entry("pidfile", ""), Map.entry("logfile", ""), Map.entry("loglevel", "notice"),
                Map.entry("hz", "10"), Map.entry("proto-max-bulk-len", "536870912"),
                Map.entry("hash-max-listpack-entries", "512"), Map.entry("hash-max-listpack-value", "64"),
                Map.entry("set-max-intset-entries", "512"), Map.entry("maxmemory", "0"),
                Map.entry("maxmemory-policy", "noeviction"), Map.entry("maxmemory-samples", "5"),
                Map.entry("maxmemory-eviction-tenacity", "10"), Map.entry("lfu-log-factor", "10"),
                Map.entry("lfu-decay-time", "1"), Map.entry("replica-ignore-maxmemory", "yes"),
                Map.entry("list-max-listpack-size", "-2"), Map.entry("list-compress-depth", "0"),
                Map.entry("zset-max-listpack-entries", "128"), Map.entry("zset-max-listpack-value", "64"),
                Map.entry("save", "3600 1 300 100 60 10000"), Map.entry("dbfilename", "dump.rdb"),
                Map.entry("rdbcompression", "yes"), Map.entry("rdbchecksum", "yes"),
                Map.entry("stop-writes-on-bgsave-error", "yes"),
                Map.entry("rdb-save-incremental-fsync", "yes"), Map.entry("rdb-key-save-delay", "0"),
                Map.entry("enable-debug-command", "no"), Map.entry("key-load-delay", "0"),
                Map.entry("slowlog-log-slower-than", "10000"), Map.entry("slowlog-max-len", "128"),
                Map.entry("latency-monitor-threshold", "0"), Map.entry("appendonly", "no"),
                Map.entry("appendfilename", "appendonly.aof"), Map.entry("appenddirname", "appendonlydir"),
                Map.entry("appendfsync", "everysec"), Map.entry("no-appendfsync-on-rewrite", "no"),
                Map.entry("auto-aof-rewrite-percentage", "100"), Map.entry("auto-aof-rewrite-min-size", "67108864"),
                Map.entry("aof-load-truncated", "yes"), Map.entry("aof-use-rdb-preamble", "yes"),
                Map.entry("aof-rewrite-incremental-fsync", "yes"), Map.entry("aof-timestamp-enabled", "no"),
                Map.entry("aof-disable-auto-gc", "no"));
        assertEquals(expected.size(), Directives.ALL.size());
        for (Directive<?> d : Directives.ALL) {
            assertEquals(expected.get(d.name()), d.get(c), d.name());
        }
    }

    /** Each directive's file line (CONFIG REWRITE) reads back as the same value. */
    @Test
    void fileLinesParseBack() throws Exception {
        ServerConfig c = new ServerConfig();
        c.setRequirepass("a \"b\"\n");
        c.setBind(List.of("127.0.0.1", "-::1"));
        c.setClientQueryBufferLimit(3L << 30);
        c.engine().setHashMaxListpackValue(3000);
        for (Directive<?> d : Directives.ALL) {
            String line = d.fileLine(c);
            List<String> args = ConfigArgs.split(line);
            assertNotNull(args, line);
            assertEquals(d.name(), args.get(0));
            Object value = d.parse(args.subList(1, args.size()), Path.of(""));
            assertEquals(d.value(c), value, line);
        }
        assertEquals("client-query-buffer-limit 3gb", Directives.lookup("client-query-buffer-limit").fileLine(c));
        assertEquals("proto-max-bulk-len 512mb", Directives.lookup("proto-max-bulk-len").fileLine(c));
        assertEquals("hash-max-listpack-value 3000", Directives.lookup("hash-max-listpack-value").fileLine(c));
        assertEquals("requirepass \"a \\\"b\\\"\\n\"", Directives.lookup("requirepass").fileLine(c));
        assertEquals("bind 127.0.0.1 -::1", Directives.lookup("bind").fileLine(c));
    }

    @Test
    void configGetMatching() {
        assertEquals(List.of("PORT"), List.copyOf(Directives.matching(List.of("PORT", "port")).keySet()));
        assertEquals(List.of("hash-max-listpack-entries", "hash-max-ziplist-entries", "hash-max-listpack-value",
                "hash-max-ziplist-value"), List.copyOf(Directives.matching(List.of("hash-max-*")).keySet()));
        assertEquals(List.of("port", "bind"), List.copyOf(Directives.matching(List.of("[pb]?[nr][dt]")).keySet()));
        assertEquals(List.of("maxclients", "maxmemory", "maxmemory-policy", "maxmemory-samples",
                "maxmemory-eviction-tenacity", "timeout"),
                List.copyOf(Directives.matching(List.of("MAX*", "timeout", "maxclients")).keySet()));
        assertTrue(Directives.matching(List.of("cluster-enabled", "nothing*")).isEmpty());
        int aliases = Directives.ALL.stream().mapToInt(d -> d.aliases().size()).sum();
        assertEquals(6, aliases); // hash x2, list, zset x2, slave-ignore-maxmemory
        assertEquals(Directives.ALL.size() + aliases, Directives.matching(List.of("*")).size());
        assertEquals(List.of("list-max-listpack-size", "list-max-ziplist-size", "list-compress-depth"),
                List.copyOf(Directives.matching(List.of("list*")).keySet()), "Redis 7.0's order");
        assertEquals(List.of("zset-max-listpack-entries", "zset-max-ziplist-entries", "zset-max-listpack-value",
                "zset-max-ziplist-value"), List.copyOf(Directives.matching(List.of("zset-max-*")).keySet()));
    }

    @Test
    void nameGlob() {
        assertTrue(NameGlob.matches("*", "", false));
        assertTrue(NameGlob.matches("a*b*c", "aXbYbZc", false));
        assertFalse(NameGlob.matches("a*b*c", "aXbYbZ", false));
        assertTrue(NameGlob.matches("h?llo", "hello", false));
        assertTrue(NameGlob.matches("h[^e]llo", "hallo", false));
        assertFalse(NameGlob.matches("h[^e]llo", "hello", false));
        assertTrue(NameGlob.matches("h[a-b]llo", "hbllo", false));
        assertTrue(NameGlob.matches("h\\*llo", "h*llo", false));
        assertFalse(NameGlob.matches("h\\*llo", "hello", false));
        assertTrue(NameGlob.matches("HeLLo", "hello", true));
        assertFalse(NameGlob.matches("HeLLo", "hello", false));
        assertTrue(NameGlob.matches("[A-Z]ort", "port", true));
    }
}
