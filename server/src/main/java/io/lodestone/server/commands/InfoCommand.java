package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandStats;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.memory.ProcessMemory;
import io.lodestone.engine.persistence.RdbPersistence;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.LatencyHistogram;
import io.lodestone.server.LodestoneServer;
import io.lodestone.server.client.Connection;
import io.lodestone.server.stats.ProcessMetrics;
import io.lodestone.server.stats.ServerStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO [section ...]: the server's state as Redis 7.0 reports it, field for field, so that
 * dashboards, exporters and clients (which read redis_version to pick features) work unchanged.
 * Fields Lodestone has no counterpart for yet (AOF, replication backlog, Lua) carry the
 * values Redis shows when the feature is idle. Built on demand under the engine lock: each section
 * is a handful of reads, and the process metrics are small /proc files.
 */
public final class InfoCommand {
    /** Sections of a plain INFO (and of INFO default), in Redis's order. */
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");
    /** Keys of TTLs sampled for avg_ttl per database. */
    private static final int AVG_TTL_SAMPLES = 1024;
    /** Percentiles of INFO latencystats (Redis's latency-tracking-info-percentiles default). */
    private static final double[] LATENCY_PERCENTILES = {50, 99, 99.9};

    private InfoCommand() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("info").arity(-1).flags(LOADING, STALE).acl("slow", "dangerous")
                        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                        .group("server").since("1.0.0").summary("Get information and statistics about the server")
                        .complexity("O(1)").handler(InfoCommand::info).build());
    }

    /** INFO [section [section ...]]: a verbatim text of "# Section" blocks of field:value lines. */
    static void info(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Selection selection = Selection.parse(argv);
        out.verbatim("txt", render((Connection) ctx, selection));
    }

    // ---- section selection ---------------------------------------------------------------------

    /** Which sections one INFO call asked for: Redis 7.0's rules for default, all and everything. */
    record Selection(Set<String> sections, boolean all) {
        static Selection parse(byte[][] argv) {
            Set<String> sections = new HashSet<>();
            boolean all = false;
            if (argv.length == 1) {
                sections.addAll(DEFAULT_SECTIONS);
            }
            for (int i = 1; i < argv.length; i++) {
                String name = Bytes.string(argv[i]).toLowerCase(Locale.ROOT);
                switch (name) {
                    case "default" -> sections.addAll(DEFAULT_SECTIONS);
                    // "everything" adds only sections of modules to "all", and there are no modules
                    case "all", "everything" -> all = true;
                    default -> sections.add(name);
                }
            }
            return new Selection(sections, all);
        }

        boolean wants(String section) {
            return all || sections.contains(section);
        }
    }

    static String render(Connection c, Selection s) {
        Info info = new Info();
        LodestoneServer server = c.server();
        if (s.wants("server")) {
            server(info.section("Server"), server);
        }
        if (s.wants("clients")) {
            clients(info.section("Clients"), server);
        }
        if (s.wants("memory")) {
            memory(info.section("Memory"), server);
        }
        if (s.wants("persistence")) {
            persistence(info.section("Persistence"), server);
        }
        if (s.wants("stats")) {
            stats(info.section("Stats"), server);
        }
        if (s.wants("replication")) {
            replication(info.section("Replication"), server);
        }
        if (s.wants("cpu")) {
            cpu(info.section("CPU"));
        }
        if (s.wants("module_list") || s.wants("modules")) {
            info.section("Modules"); // no modules are loaded
        }
        if (s.wants("commandstats")) {
            commandStats(info.section("Commandstats"), server.engine());
        }
        if (s.wants("errorstats")) {
            errorStats(info.section("Errorstats"), server.engine().stats());
        }
        if (s.wants("latencystats")) {
            latencyStats(info.section("Latencystats"), server.engine());
        }
        if (s.wants("cluster")) {
            info.section("Cluster").field("cluster_enabled", 0);
        }
        if (s.wants("keyspace")) {
            keyspace(info.section("Keyspace"), server.engine().keyspace());
        }
        return info.text();
    }

    // ---- sections ------------------------------------------------------------------------------

    private static void server(Info i, LodestoneServer server) {
        long uptimeSeconds = server.uptimeNanos() / 1_000_000_000L;
        long nowMillis = server.engine().keyspace().now();
        i.field("redis_version", LodestoneServer.REDIS_VERSION)
                .field("lodestone_version", LodestoneServer.VERSION)
                .field("java_version", Runtime.version().toString())
                .field("redis_git_sha1", "00000000")
                .field("redis_git_dirty", 0)
                .field("redis_build_id", "0")
                .field("redis_mode", "standalone")
                .field("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + machine())
                .field("arch_bits", System.getProperty("sun.arch.data.model", "64"))
                .field("monotonic_clock", "POSIX clock_gettime")
                .field("multiplexing_api", server.transport())
                .field("atomicvar_api", "java.util.concurrent")
                .field("gcc_version", "0.0.0") // not built by a C compiler: Redis's value when not built by gcc
                .field("process_id", ProcessHandle.current().pid())
                .field("process_supervised", "no")
                .field("run_id", server.stats().runId())
                .field("tcp_port", server.boundPort())
                .field("server_time_usec", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()))
                .field("uptime_in_seconds", uptimeSeconds)
                .field("uptime_in_days", uptimeSeconds / 86400)
                .field("hz", server.config().engine().hz())
                .field("configured_hz", server.config().engine().hz())
                .field("lru_clock", (nowMillis / 1000) & ((1 << 24) - 1))
                .field("executable", ProcessHandle.current().info().command().orElse(""))
                .field("config_file", java.util.Objects.toString(server.config().configFile(), ""))
                .field("io_threads_active", 0);
    }

    /** The machine name as uname prints it (the JVM says amd64 where Linux says x86_64). */
    private static String machine() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static void clients(Info i, LodestoneServer server) {
        long maxInput = 0;
        long maxOutput = 0;
        for (Connection c : server.clients().all()) {
            maxInput = Math.max(maxInput, c.queryBufferBytes());
            maxOutput = Math.max(maxOutput, c.pendingOutputBytes());
        }
        i.field("connected_clients", server.clients().size())
                .field("cluster_connections", 0)
                .field("maxclients", server.config().maxclients())
                .field("client_recent_max_input_buffer", maxInput)
                .field("client_recent_max_output_buffer", maxOutput)
                .field("blocked_clients", server.engine().blockedClients().size())
                .field("tracking_clients", server.engine().tracking().trackingClients())
                .field("clients_in_timeout_table", server.engine().blockedClients().withTimeout());
    }

    /**
     * Memory as the engine estimates it (see MemoryManager): used_memory is the estimate of the
     * dataset plus a fixed startup base, the figure maxmemory limits; the JVM heap, which includes
     * garbage not yet collected, is reported apart as used_memory_heap. The "allocator" is the heap
     * (active = committed) and resident is the process's RSS.
     */
    private static void memory(Info i, LodestoneServer server) {
        Engine engine = server.engine();
        MemoryManager memory = engine.memory();
        ProcessMemory process = memory.process();
        long used = memory.usedMemory();
        long peak = memory.peak();
        long heap = process.heapUsed();
        long committed = process.heapCommitted();
        long rss = process.residentBytes();
        long clientBuffers = process.clientBuffers();
        long startup = MemoryManager.STARTUP_BYTES;
        long overhead = startup;
        Keyspace keyspace = engine.keyspace();
        for (int d = 0; d < keyspace.databaseCount(); d++) {
            Database db = keyspace.db(d);
            overhead += db.tableOverheadBytes() + db.expiresOverheadBytes();
        }
        long dataset = used - overhead;
        long netOfStartup = used - startup;
        long system = ProcessMetrics.totalSystemMemory();
        long maxmemory = server.config().engine().maxmemory();
        i.field("used_memory", used)
                .field("used_memory_human", bytesToHuman(used))
                .field("used_memory_heap", heap)
                .field("used_memory_heap_human", bytesToHuman(heap))
                .field("used_memory_rss", rss)
                .field("used_memory_rss_human", bytesToHuman(rss))
                .field("used_memory_peak", peak)
                .field("used_memory_peak_human", bytesToHuman(peak))
                .field("used_memory_peak_perc", fixed2(peak == 0 ? 0 : used * 100.0 / peak) + "%")
                .field("used_memory_overhead", overhead)
                .field("used_memory_startup", startup)
                .field("used_memory_dataset", dataset)
                .field("used_memory_dataset_perc", fixed2(netOfStartup <= 0 ? 0 : dataset * 100.0 / netOfStartup) + "%")
                .field("allocator_allocated", heap)
                .field("allocator_active", committed)
                .field("allocator_resident", rss)
                .field("total_system_memory", system)
                .field("total_system_memory_human", bytesToHuman(system))
                // no scripting engine yet
                .field("used_memory_lua", 0)
                .field("used_memory_vm_eval", 0)
                .field("used_memory_lua_human", bytesToHuman(0))
                .field("used_memory_scripts_eval", 0)
                .field("number_of_cached_scripts", 0)
                .field("number_of_functions", 0)
                .field("number_of_libraries", 0)
                .field("used_memory_vm_functions", 0)
                .field("used_memory_vm_total", 0)
                .field("used_memory_vm_total_human", bytesToHuman(0))
                .field("used_memory_functions", 0)
                .field("used_memory_scripts", 0)
                .field("used_memory_scripts_human", bytesToHuman(0))
                .field("maxmemory", maxmemory)
                .field("maxmemory_human", bytesToHuman(maxmemory))
                .field("maxmemory_policy", server.config().engine().maxmemoryPolicy().configName())
                .field("allocator_frag_ratio", ratio(committed, heap))
                .field("allocator_frag_bytes", committed - heap)
                .field("allocator_rss_ratio", ratio(rss, committed))
                .field("allocator_rss_bytes", rss - committed)
                .field("rss_overhead_ratio", "1.00")
                .field("rss_overhead_bytes", 0)
                .field("mem_fragmentation_ratio", ratio(rss, used))
                .field("mem_fragmentation_bytes", rss - used)
                .field("mem_not_counted_for_evict", 0)
                .field("mem_replication_backlog", 0)
                .field("mem_total_replication_buffers", 0)
                .field("mem_clients_slaves", 0)
                .field("mem_clients_normal", clientBuffers)
                .field("mem_cluster_links", 0)
                .field("mem_aof_buffer", 0)
                .field("mem_allocator", "jvm")
                .field("active_defrag_running", 0)
                .field("lazyfree_pending_objects", 0)
                .field("lazyfreed_objects", 0);
    }

    /**
     * The RDB fields, then the AOF's (with its sizes while it is on), from the engine's persistence;
     * while a dump loads, the loading_* fields follow at the end, as in Redis.
     */
    private static void persistence(Info i, LodestoneServer server) {
        RdbPersistence rdb = server.engine().rdb();
        for (Map.Entry<String, String> f : rdb.infoFields().entrySet()) {
            i.field(f.getKey(), f.getValue());
        }
        for (Map.Entry<String, String> f : server.engine().aof().infoFields().entrySet()) {
            i.field(f.getKey(), f.getValue());
        }
        for (Map.Entry<String, String> f : rdb.loadingInfoFields().entrySet()) {
            i.field(f.getKey(), f.getValue());
        }
    }

    private static void stats(Info i, LodestoneServer server) {
        EngineStats engine = server.engine().stats();
        Keyspace keyspace = server.engine().keyspace();
        ServerStats stats = server.stats();
        i.field("total_connections_received", server.clients().totalConnections())
                .field("total_commands_processed", engine.commandsProcessed)
                .field("instantaneous_ops_per_sec", stats.opsPerSecond())
                .field("total_net_input_bytes", stats.netInputBytes())
                .field("total_net_output_bytes", stats.netOutputBytes())
                .field("total_net_repl_input_bytes", 0)
                .field("total_net_repl_output_bytes", 0)
                .field("instantaneous_input_kbps", fixed2(stats.inputKbps()))
                .field("instantaneous_output_kbps", fixed2(stats.outputKbps()))
                .field("instantaneous_input_repl_kbps", "0.00")
                .field("instantaneous_output_repl_kbps", "0.00")
                .field("rejected_connections", server.clients().rejectedConnections())
                .field("sync_full", 0)
                .field("sync_partial_ok", 0)
                .field("sync_partial_err", 0)
                .field("expired_keys", engine.expiredKeys)
                .field("expired_stale_perc", "0.00")
                .field("expired_time_cap_reached_count", 0)
                .field("expire_cycle_cpu_milliseconds", 0)
                .field("evicted_keys", engine.evictedKeys)
                .field("evicted_clients", 0)
                .field("total_eviction_exceeded_time", server.engine().memory().totalOverLimitMillis())
                .field("current_eviction_exceeded_time", server.engine().memory().currentOverLimitMillis())
                .field("keyspace_hits", keyspace.hits())
                .field("keyspace_misses", keyspace.misses())
                .field("pubsub_channels", server.engine().pubsub().channelCount())
                .field("pubsub_patterns", server.engine().pubsub().patternCount())
                .field("pubsubshard_channels", 0)
                .field("latest_fork_usec", 0)
                .field("total_forks", 0)
                .field("migrate_cached_sockets", 0)
                .field("slave_expires_tracked_keys", 0)
                .field("active_defrag_hits", 0)
                .field("active_defrag_misses", 0)
                .field("active_defrag_key_hits", 0)
                .field("active_defrag_key_misses", 0)
                .field("total_active_defrag_time", 0)
                .field("current_active_defrag_time", 0)
                .field("tracking_total_keys", server.engine().tracking().trackedKeys())
                .field("tracking_total_items", server.engine().tracking().trackedItems())
                .field("tracking_total_prefixes", server.engine().tracking().trackedPrefixes())
                .field("unexpected_error_replies", 0)
                .field("total_error_replies", engine.errorReplies)
                .field("dump_payload_sanitizations", 0)
                .field("total_reads_processed", stats.readsProcessed())
                .field("total_writes_processed", stats.writesProcessed())
                .field("io_threaded_reads_processed", 0)
                .field("io_threaded_writes_processed", 0)
                .field("reply_buffer_shrinks", 0)
                .field("reply_buffer_expands", 0);
    }

    /** A master without replicas; the offset is the write stream's, in bytes of RESP as Redis counts. */
    private static void replication(Info i, LodestoneServer server) {
        i.field("role", "master")
                .field("connected_slaves", 0)
                .field("master_failover_state", "no-failover")
                .field("master_replid", server.stats().replicationId())
                .field("master_replid2", "0000000000000000000000000000000000000000")
                .field("master_repl_offset", server.engine().writeStream().offset())
                .field("second_repl_offset", -1)
                .field("repl_backlog_active", 0)
                .field("repl_backlog_size", 1048576)
                .field("repl_backlog_first_byte_offset", 0)
                .field("repl_backlog_histlen", 0);
    }

    /** The process's CPU time; "main thread" is the event-loop thread running this INFO. */
    private static void cpu(Info i) {
        ProcessMetrics.CpuTimes process = ProcessMetrics.processCpu();
        ProcessMetrics.CpuTimes thread = ProcessMetrics.currentThreadCpu();
        i.field("used_cpu_sys", seconds6(process.systemMicros()))
                .field("used_cpu_user", seconds6(process.userMicros()))
                .field("used_cpu_sys_children", "0.000000")
                .field("used_cpu_user_children", "0.000000")
                .field("used_cpu_sys_main_thread", seconds6(thread.systemMicros()))
                .field("used_cpu_user_main_thread", seconds6(thread.userMicros()));
    }

    private static void commandStats(Info i, Engine engine) {
        for (CommandSpec spec : commandsByName(engine)) {
            CommandStats s = spec.stats();
            if (s.isUsed()) {
                long micros = s.micros();
                i.field("cmdstat_" + spec.fullName(), "calls=" + s.calls() + ",usec=" + micros
                        + ",usec_per_call=" + fixed2(s.calls() == 0 ? 0 : (double) micros / s.calls())
                        + ",rejected_calls=" + s.rejectedCalls() + ",failed_calls=" + s.failedCalls());
            }
        }
    }

    private static void errorStats(Info i, EngineStats stats) {
        for (Map.Entry<String, long[]> e : stats.errorsByCode().entrySet()) {
            i.field("errorstat_" + e.getKey(), "count=" + e.getValue()[0]);
        }
    }

    private static void latencyStats(Info i, Engine engine) {
        for (CommandSpec spec : commandsByName(engine)) {
            LatencyHistogram h = spec.stats().latency();
            if (h == null || h.count() == 0) {
                continue;
            }
            StringBuilder v = new StringBuilder();
            for (double p : LATENCY_PERCENTILES) {
                if (v.length() > 0) {
                    v.append(',');
                }
                v.append('p').append(BigDecimal.valueOf(p).stripTrailingZeros().toPlainString()).append('=')
                        .append(fixed(h.valueAtPercentile(p) / 1000.0, 3));
            }
            i.field("latency_percentiles_usec_" + spec.fullName(), v.toString());
        }
    }

    /** Every command and subcommand, sorted by full name (Redis lists them in its hash order). */
    private static List<CommandSpec> commandsByName(Engine engine) {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandSpec spec : engine.commands().all()) {
            all.add(spec);
            all.addAll(spec.subcommands().values());
        }
        all.sort(Comparator.comparing(CommandSpec::fullName));
        return all;
    }

    /** {@code db0:keys=1,expires=0,avg_ttl=0} for each non-empty database; avg_ttl is sampled on demand. */
    private static void keyspace(Info i, Keyspace keyspace) {
        for (int d = 0; d < keyspace.databaseCount(); d++) {
            Database db = keyspace.db(d);
            if (db.size() > 0) {
                i.field("db" + d, "keys=" + db.size() + ",expires=" + db.volatileSize()
                        + ",avg_ttl=" + db.averageTtl(AVG_TTL_SAMPLES));
            }
        }
    }

    // ---- formatting ----------------------------------------------------------------------------

    /** Redis's human-readable sizes: {@code 200B}, {@code 894.91K}, {@code 1.05M}, {@code 23.54G}. */
    static String bytesToHuman(long n) {
        String[] units = {"K", "M", "G", "T", "P"};
        if (n < 1024) {
            return n + "B";
        }
        double scaled = n;
        for (String unit : units) {
            scaled /= 1024;
            if (scaled < 1024) {
                return fixed2(scaled) + unit;
            }
        }
        return n + "B"; // beyond petabytes Redis falls back to bytes
    }

    /** {@code %.2f} as C's printf rounds it: half-even on the exact binary value. */
    static String fixed2(double value) {
        return fixed(value, 2);
    }

    static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String ratio(long numerator, long denominator) {
        return fixed2(denominator == 0 ? 0 : (double) numerator / denominator);
    }

    /** Microseconds as seconds with 6 decimals, as Redis prints rusage times. */
    private static String seconds6(long micros) {
        return micros / 1_000_000 + "." + String.format(Locale.ROOT, "%06d", micros % 1_000_000);
    }

    /** The text being built: sections separated by a blank line, lines ending in CRLF. */
    private static final class Info {
        private final StringBuilder text = new StringBuilder(4096);
        private int sections;

        Info section(String title) {
            if (sections++ > 0) {
                text.append("\r\n");
            }
            text.append("# ").append(title).append("\r\n");
            return this;
        }

        Info field(String name, Object value) {
            text.append(name).append(':').append(value).append("\r\n");
            return this;
        }

        Info field(String name, long value) {
            text.append(name).append(':').append(value).append("\r\n");
            return this;
        }

        String text() {
            return text.toString();
        }
    }
}
