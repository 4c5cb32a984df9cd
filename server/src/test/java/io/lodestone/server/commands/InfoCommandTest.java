package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** INFO against an embedded server, as Redis 7.0 answers it. */
class InfoCommandTest {
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

    private String info(String... sections) {
        String[] args = new String[sections.length + 1];
        args[0] = "INFO";
        System.arraycopy(sections, 0, args, 1, sections.length);
        return (String) client.call(args);
    }

    private static List<String> headers(String text) {
        List<String> headers = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("# ")) {
                headers.add(line.substring(2));
            }
        }
        return headers;
    }

    static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    private long field(String section, String name) {
        return Long.parseLong(fields(info(section)).get(name));
    }

    /** Polls a counter until it satisfies the condition, for at most 5 s; returns its last value. */
    private long awaitField(String section, String name, LongPredicate condition) {
        long[] value = new long[1];
        Await.until(() -> condition.test(value[0] = field(section, name)), Duration.ofSeconds(5));
        return value[0];
    }

    // ---- sections ------------------------------------------------------------------------------

    @Test
    void plainInfoHasTheDefaultSectionsInRedisOrder() {
        List<String> defaults = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                "Modules", "Errorstats", "Cluster", "Keyspace");
        assertEquals(defaults, headers(info()));
        assertEquals(defaults, headers(info("default")));
    }

    @Test
    void allAndEverythingAddCommandAndLatencyStats() {
        List<String> all = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
        assertEquals(all, headers(info("all")));
        assertEquals(all, headers(info("everything")));
        assertEquals(all, headers(info("default", "ALL")));
    }

    @Test
    void sectionsAreCaseInsensitiveAndComeInRedisOrder() {
        // byte for byte what Redis 7.0 answers to INFO keyspace CLUSTER on an empty server
        assertEquals("# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n", info("keyspace", "CLUSTER"));
        assertEquals("# Modules\r\n", info("modules"));
        assertEquals(List.of("Clients", "Commandstats"), headers(info("commandstats", "clients")));
        assertEquals(List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                "Commandstats", "Errorstats", "Cluster", "Keyspace"), headers(info("default", "commandstats")));
    }

    @Test
    void anUnknownSectionGivesAnEmptyText() {
        assertEquals("", info("nosuch"));
        assertEquals("$0\r\n\r\n", client.lastRaw());
    }

    @Test
    void theReplyIsABulkStringInResp2AndVerbatimTextInResp3() {
        info("cluster");
        assertEquals("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n", client.lastRaw());
        try (RespClient resp3 = server.client(3)) {
            assertEquals("# Cluster\r\ncluster_enabled:0\r\n", resp3.call("INFO", "cluster"));
            assertEquals("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n", resp3.lastRaw());
        }
    }

    @Test
    void everyLineEndsWithCrLfAndSectionsAreSeparatedByABlankLine() {
        String text = info("everything");
        assertTrue(text.endsWith("\r\n"));
        assertFalse(text.replace("\r\n", "").contains("\n"), "no bare LF");
        assertTrue(text.contains("\r\n\r\n# Clients\r\n"));
        assertFalse(text.contains("\r\n\r\n\r\n"));
    }

    // ---- values --------------------------------------------------------------------------------

    @Test
    void serverSection() {
        Map<String, String> f = fields(info("server"));
        assertEquals("7.0.15", f.get("redis_version"));
        assertEquals(LodestoneServer.VERSION, f.get("lodestone_version"));
        assertEquals("standalone", f.get("redis_mode"));
        assertTrue(f.get("run_id").matches("[0-9a-f]{40}"), f.get("run_id"));
        assertEquals(f.get("run_id"), fields(info("server")).get("run_id"), "one run id per start");
        assertEquals(Long.toString(ProcessHandle.current().pid()), f.get("process_id"));
        assertEquals(Integer.toString(server.port()), f.get("tcp_port"));
        assertTrue(Long.parseLong(f.get("uptime_in_seconds")) >= 0);
        assertEquals("0", f.get("uptime_in_days"));
        assertEquals("10", f.get("hz"));
        assertFalse(f.get("executable").isEmpty());
        assertEquals("", f.get("config_file"));
        long now = System.currentTimeMillis() * 1000;
        assertTrue(Math.abs(Long.parseLong(f.get("server_time_usec")) - now) < 60_000_000L);
    }

    @Test
    void anotherRunHasAnotherId() {
        String runId = fields(info("server")).get("run_id");
        try (TestServer other = TestServer.start(); RespClient c = other.client()) {
            assertNotEquals(runId, fields((String) c.call("INFO", "server")).get("run_id"));
        }
    }

    @Test
    void connectedClientsFollowsConnections() {
        assertEquals(1, field("clients", "connected_clients"));
        long received = field("stats", "total_connections_received");
        try (RespClient second = server.client()) {
            second.call("PING");
            assertEquals(2, field("clients", "connected_clients"));
            assertEquals(received + 1, field("stats", "total_connections_received"));
        }
        assertEquals(1, awaitField("clients", "connected_clients", v -> v == 1));
        assertEquals(10000, field("clients", "maxclients"));
    }

    @Test
    void totalCommandsProcessedCountsEveryCommandThatRan() {
        long before = field("stats", "total_commands_processed");
        for (int i = 0; i < 5; i++) {
            client.call("PING");
        }
        client.call("NOSUCH"); // unknown: not processed
        // the INFO that read "before" ran too; an INFO does not count itself
        assertEquals(before + 6, field("stats", "total_commands_processed"));
    }

    @Test
    void keyspaceLineAndHitsAndMisses() {
        assertEquals("# Keyspace\r\n", info("keyspace"));
        client.call("SET", "k", "v");
        client.call("SET", "t", "v", "EX", "100");
        String line = fields(info("keyspace")).get("db0");
        assertTrue(line.matches("keys=2,expires=1,avg_ttl=\\d+"), line);
        long avgTtl = Long.parseLong(line.substring(line.lastIndexOf('=') + 1));
        assertTrue(avgTtl > 90_000 && avgTtl <= 100_000, line);
        long hits = field("stats", "keyspace_hits");
        long misses = field("stats", "keyspace_misses");
        client.call("GET", "k");
        client.call("GET", "nope");
        client.call("GET", "nope2");
        assertEquals(hits + 1, field("stats", "keyspace_hits"));
        assertEquals(misses + 2, field("stats", "keyspace_misses"));
    }

    @Test
    void expiredKeysAreCounted() {
        client.call("SET", "k", "v", "PX", "1");
        assertTrue(Await.until(() -> client.call("GET", "k") == null, Duration.ofSeconds(5)));
        assertEquals(1, field("stats", "expired_keys"));
    }

    @Test
    void instantaneousOpsPerSecondIsSampled() {
        assertEquals(0, field("stats", "instantaneous_ops_per_sec"));
        long[] ops = new long[1];
        Await.until(() -> {
            for (int i = 0; i < 500; i++) {
                client.send("PING");
            }
            for (int i = 0; i < 500; i++) {
                client.read();
            }
            ops[0] = field("stats", "instantaneous_ops_per_sec");
            return ops[0] > 0;
        }, Duration.ofSeconds(5));
        assertTrue(ops[0] > 0, "sampled rate " + ops[0]);
        Map<String, String> stats = fields(info("stats"));
        assertTrue(Long.parseLong(stats.get("total_net_input_bytes")) > 500 * 14, stats.get("total_net_input_bytes"));
        assertTrue(Long.parseLong(stats.get("total_net_output_bytes")) > 500 * 7, stats.get("total_net_output_bytes"));
        assertTrue(stats.get("instantaneous_input_kbps").matches("\\d+\\.\\d\\d"));
    }

    @Test
    void errorsAreCountedByCommandAndByCode() {
        client.call("GET");                          // rejected: arity
        client.call("SET", "k", "v", "EX", "0");     // ran and failed
        client.call("NOSUCH");                       // unknown: no command to count it on
        client.call("GET", "k");
        Map<String, String> commands = fields(info("commandstats"));
        assertTrue(commands.get("cmdstat_get").matches(
                "calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,failed_calls=0"), commands.get("cmdstat_get"));
        assertTrue(commands.get("cmdstat_set").endsWith("rejected_calls=0,failed_calls=1"), commands.get("cmdstat_set"));
        assertFalse(commands.containsKey("cmdstat_nosuch"));
        assertFalse(commands.containsKey("cmdstat_ping"), "never called");
        assertEquals("count=3", fields(info("errorstats")).get("errorstat_ERR"));
        assertEquals(3, field("stats", "total_error_replies"));
    }

    @Test
    void subcommandsHaveTheirOwnStats() {
        client.call("CLIENT", "ID");
        Map<String, String> commands = fields(info("commandstats"));
        assertTrue(commands.containsKey("cmdstat_client|id"), commands.keySet().toString());
        String latency = fields(info("latencystats")).get("latency_percentiles_usec_client|id");
        assertTrue(latency.matches("p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}"), latency);
    }

    @Test
    void memorySection() {
        Map<String, String> f = fields(info("memory"));
        long used = Long.parseLong(f.get("used_memory"));
        assertTrue(used > 0);
        assertTrue(f.get("used_memory_human").matches("\\d+(\\.\\d\\d[KMGTP])?B?"), f.get("used_memory_human"));
        assertTrue(Long.parseLong(f.get("used_memory_rss")) > 0, "RSS read from /proc");
        assertTrue(Long.parseLong(f.get("used_memory_peak")) >= used);
        assertTrue(f.get("mem_fragmentation_ratio").matches("\\d+\\.\\d\\d"));
        assertTrue(f.get("used_memory_peak_perc").matches("\\d+\\.\\d\\d%"));
        assertEquals("0", f.get("maxmemory"));
        assertEquals("noeviction", f.get("maxmemory_policy"));
        assertTrue(Long.parseLong(f.get("total_system_memory")) > 0);
    }

    @Test
    void persistenceOfAServerThatNeverSaved() {
        long changes = field("persistence", "rdb_changes_since_last_save");
        client.call("SET", "k", "v");
        Map<String, String> f = fields(info("persistence"));
        assertEquals(changes + 1, Long.parseLong(f.get("rdb_changes_since_last_save")));
        assertEquals("0", f.get("loading"));
        assertEquals("0", f.get("aof_enabled"));
        assertEquals("0", f.get("rdb_saves"));
        assertEquals("ok", f.get("rdb_last_bgsave_status"));
        assertEquals("-1", f.get("rdb_last_bgsave_time_sec"));
    }

    @Test
    void replicationSectionOfAMasterWithoutReplicas() {
        Map<String, String> f = fields(info("replication"));
        assertEquals("master", f.get("role"));
        assertEquals("0", f.get("connected_slaves"));
        assertTrue(f.get("master_replid").matches("[0-9a-f]{40}"));
        assertEquals("0".repeat(40), f.get("master_replid2"));
        long offset = Long.parseLong(f.get("master_repl_offset"));
        client.call("SET", "k", "v");
        assertTrue(field("replication", "master_repl_offset") > offset, "the write stream's offset moves");
    }

    @Test
    void cpuSection() {
        Map<String, String> f = fields(info("cpu"));
        for (String name : List.of("used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children",
                "used_cpu_sys_main_thread", "used_cpu_user_main_thread")) {
            assertTrue(f.get(name).matches("\\d+\\.\\d{6}"), name + "=" + f.get(name));
        }
        assertTrue(Double.parseDouble(f.get("used_cpu_user")) > 0, "the JVM has used some CPU");
    }

    // ---- formatting ----------------------------------------------------------------------------

    @Test
    void sizesAreFormattedAsRedisFormatsThem() {
        // values and texts seen on redis-server 7.0
        assertEquals("0B", InfoCommand.bytesToHuman(0));
        assertEquals("200B", InfoCommand.bytesToHuman(200));
        assertEquals("1023B", InfoCommand.bytesToHuman(1023));
        assertEquals("1.00K", InfoCommand.bytesToHuman(1024));
        assertEquals("894.91K", InfoCommand.bytesToHuman(916384));
        assertEquals("6.52M", InfoCommand.bytesToHuman(6840320));
        assertEquals("23.54G", InfoCommand.bytesToHuman(25276502016L));
        assertEquals("1.12K", InfoCommand.bytesToHuman(1152), "1.125 rounds half to even, as C's printf");
        assertEquals("1.00T", InfoCommand.bytesToHuman(1L << 40));
        assertEquals("1.00P", InfoCommand.bytesToHuman(1L << 50));
        assertEquals((1L << 60) + "B", InfoCommand.bytesToHuman(1L << 60));
    }
}
