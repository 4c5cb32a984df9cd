package io.lodestone.server.config;

import static io.lodestone.server.config.ValueType.DIRECTORY;
import static io.lodestone.server.config.ValueType.FILE_NAME;
import static io.lodestone.server.config.ValueType.SAVE_RULES;
import static io.lodestone.server.config.ValueType.TEXT;
import static io.lodestone.server.config.ValueType.YES_NO;
import static io.lodestone.server.config.ValueType.choice;
import static io.lodestone.server.config.ValueType.integer;
import static io.lodestone.server.config.ValueType.memory;
import static io.lodestone.server.config.ValueType.words;

import io.lodestone.engine.EngineConfig.AppendFsync;
import io.lodestone.engine.memory.MaxmemoryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The directives Lodestone understands: the one table that the config file parser, CONFIG GET,
 * CONFIG SET and CONFIG REWRITE read. Names, ranges, defaults and mutability are Redis 7.0's
 * (checked against CONFIG GET / CONFIG SET on redis-server 7.0.15).
 */
public final class Directives {
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final long MB = 1024L * 1024;

    /** The default pidfile when daemonized without one, as Redis's. */
    public static final String DEFAULT_PIDFILE = "/var/run/redis.pid";

    /** Settings of the server layer (network, process), applied to {@link ServerConfig}. */
    static final List<Directive<?>> SERVER = List.of(
            Directive.builder("port", integer(0, 65535)).byDefault(6379L)
                    .rebinds("Unable to listen on this port. Check server logs.")
                    .on(c -> (long) c.port(), (c, v) -> c.setPort(v.intValue())),
            Directive.builder("bind", words(16, "Too many bind addresses specified.")).byDefault(List.of("*", "-::*"))
                    .rebinds("Failed to bind to specified addresses.")
                    .on(ServerConfig::bind, ServerConfig::setBind),
            Directive.builder("tcp-backlog", integer(0, INT_MAX)).byDefault(511L).immutable()
                    .on(c -> (long) c.tcpBacklog(), (c, v) -> c.setTcpBacklog(v.intValue())),
            Directive.builder("protected-mode", YES_NO).byDefault(true)
                    .on(ServerConfig::protectedMode, ServerConfig::setProtectedMode),
            Directive.builder("enable-protected-configs", choice("no", "yes", "local")).byDefault("no").immutable()
                    .on(ServerConfig::enableProtectedConfigs, ServerConfig::setEnableProtectedConfigs),
            Directive.builder("enable-debug-command", choice("no", "yes", "local")).byDefault("no").immutable()
                    .on(ServerConfig::enableDebugCommand, ServerConfig::setEnableDebugCommand),
            Directive.builder("requirepass", TEXT).byDefault("")
                    .on(ServerConfig::requirepass, ServerConfig::setRequirepass),
            Directive.builder("maxclients", integer(1, 4294967295L)).byDefault(10000L)
                    .on(c -> (long) c.maxclients(), (c, v) -> c.setMaxclients((int) Math.min(v, INT_MAX))),
            Directive.builder("timeout", integer(0, INT_MAX)).byDefault(0L)
                    .on(c -> (long) c.timeout(), (c, v) -> c.setTimeout(v.intValue())),
            Directive.builder("tcp-keepalive", integer(0, INT_MAX)).byDefault(300L)
                    .on(c -> (long) c.tcpKeepalive(), (c, v) -> c.setTcpKeepalive(v.intValue())),
            Directive.builder("client-query-buffer-limit", memory(MB, LONG_MAX)).byDefault(1024 * MB)
                    .on(ServerConfig::clientQueryBufferLimit, ServerConfig::setClientQueryBufferLimit),
            Directive.builder("client-output-buffer-limit", ValueType.OUTPUT_BUFFER_LIMITS)
                    .byDefault(OutputBufferLimits.DEFAULT)
                    .on(ServerConfig::clientOutputBufferLimits, ServerConfig::setClientOutputBufferLimits),
            Directive.builder("io-threads", integer(1, 128)).byDefault(1L).immutable()
                    .on(c -> (long) c.ioThreads(), (c, v) -> c.setIoThreads(v.intValue())),
            Directive.builder("databases", integer(1, INT_MAX)).byDefault(16L).immutable()
                    .on(c -> (long) c.databases(), (c, v) -> c.setDatabases(v.intValue())),
            Directive.builder("dir", DIRECTORY).byDefault(() -> Path.of("").toAbsolutePath().toString())
                    .protectedConfig().alwaysRewrite()
                    .on(ServerConfig::dir, ServerConfig::setDir),
            Directive.builder("daemonize", YES_NO).byDefault(false).immutable()
                    .on(ServerConfig::daemonize, ServerConfig::setDaemonize),
            Directive.builder("pidfile", TEXT).byDefault("").immutable()
                    .on(ServerConfig::pidfile, ServerConfig::setPidfile),
            Directive.builder("logfile", TEXT).byDefault("").immutable()
                    .on(ServerConfig::logfile, ServerConfig::setLogfile),
            // mutable in Redis; immutable here because SLF4J's simple logger fixes levels at startup
            Directive.builder("loglevel", choice("debug", "verbose", "notice", "warning")).byDefault("notice").immutable()
                    .on(ServerConfig::loglevel, ServerConfig::setLoglevel));

    /** Engine tunables, applied to {@link io.lodestone.engine.EngineConfig} once {@code databases} is known. */
    static final List<Directive<?>> ENGINE = List.of(
            // 0..INT_MAX as in Redis; the engine clamps it to 1..500, and CONFIG GET shows the clamped value
            Directive.builder("hz", integer(0, INT_MAX)).byDefault(10L)
                    .on(c -> (long) c.engine().hz(), (c, v) -> c.engine().setHz((int) Math.min(v, INT_MAX))),
            Directive.builder("notify-keyspace-events", ValueType.KEYSPACE_EVENTS).byDefault(0)
                    .on(c -> c.engine().notifyKeyspaceEvents(), (c, v) -> c.engine().setNotifyKeyspaceEvents(v)),
            Directive.builder("proto-max-bulk-len", memory(MB, LONG_MAX)).byDefault(512 * MB)
                    .on(c -> c.engine().protoMaxBulkLen(), (c, v) -> c.engine().setProtoMaxBulkLen(v)),
            Directive.builder("hash-max-listpack-entries", integer(0, LONG_MAX)).byDefault(512L)
                    .aliases("hash-max-ziplist-entries")
                    .on(c -> (long) c.engine().hashMaxListpackEntries(),
                            (c, v) -> c.engine().setHashMaxListpackEntries((int) Math.min(v, INT_MAX))),
            Directive.builder("hash-max-listpack-value", memory(0, LONG_MAX)).byDefault(64L)
                    .aliases("hash-max-ziplist-value")
                    .on(c -> (long) c.engine().hashMaxListpackValue(),
                            (c, v) -> c.engine().setHashMaxListpackValue((int) Math.min(v, INT_MAX))),
            Directive.builder("set-max-intset-entries", integer(0, LONG_MAX)).byDefault(512L)
                    .on(c -> (long) c.engine().setMaxIntsetEntries(),
                            (c, v) -> c.engine().setSetMaxIntsetEntries((int) Math.min(v, INT_MAX))),
            // memory limit and eviction: the limit applies to the engine's estimate of its data
            Directive.builder("maxmemory", memory(0, LONG_MAX)).byDefault(0L)
                    .on(c -> c.engine().maxmemory(), (c, v) -> c.engine().setMaxmemory(v)),
            Directive.builder("maxmemory-policy", choice(policyNames())).byDefault("noeviction")
                    .on(c -> c.engine().maxmemoryPolicy().configName(),
                            (c, v) -> c.engine().setMaxmemoryPolicy(MaxmemoryPolicy.fromConfigName(v))),
            Directive.builder("maxmemory-samples", integer(1, INT_MAX)).byDefault(5L)
                    .on(c -> (long) c.engine().maxmemorySamples(),
                            (c, v) -> c.engine().setMaxmemorySamples(v.intValue())),
            Directive.builder("maxmemory-eviction-tenacity", integer(0, 100)).byDefault(10L)
                    .on(c -> (long) c.engine().maxmemoryEvictionTenacity(),
                            (c, v) -> c.engine().setMaxmemoryEvictionTenacity(v.intValue())),
            Directive.builder("lfu-log-factor", integer(0, INT_MAX)).byDefault(10L)
                    .on(c -> (long) c.engine().lfuLogFactor(), (c, v) -> c.engine().setLfuLogFactor(v.intValue())),
            Directive.builder("lfu-decay-time", integer(0, INT_MAX)).byDefault(1L)
                    .on(c -> (long) c.engine().lfuDecayTime(), (c, v) -> c.engine().setLfuDecayTime(v.intValue())),
            Directive.builder("replica-ignore-maxmemory", YES_NO).byDefault(true).aliases("slave-ignore-maxmemory")
                    .on(c -> c.engine().replicaIgnoreMaxmemory(), (c, v) -> c.engine().setReplicaIgnoreMaxmemory(v)),
            Directive.builder("list-max-listpack-size", integer(Integer.MIN_VALUE, INT_MAX)).byDefault(-2L)
                    .aliases("list-max-ziplist-size")
                    .on(c -> (long) c.engine().listMaxListpackSize(),
                            (c, v) -> c.engine().setListMaxListpackSize(v.intValue())),
            // Redis's range is 0..INT_MAX; lists are never compressed here, so only 0 is accepted
            Directive.builder("list-compress-depth", uncompressedOnly()).byDefault(0L)
                    .on(c -> (long) c.engine().listCompressDepth(),
                            (c, v) -> c.engine().setListCompressDepth(v.intValue())),
            Directive.builder("zset-max-listpack-entries", integer(0, LONG_MAX)).byDefault(128L)
                    .aliases("zset-max-ziplist-entries")
                    .on(c -> c.engine().zsetMaxListpackEntries(), (c, v) -> c.engine().setZsetMaxListpackEntries(v)),
            Directive.builder("zset-max-listpack-value", memory(0, LONG_MAX)).byDefault(64L)
                    .aliases("zset-max-ziplist-value")
                    .on(c -> c.engine().zsetMaxListpackValue(), (c, v) -> c.engine().setZsetMaxListpackValue(v)),
            // persistence: RDB
            Directive.builder("save", SAVE_RULES).byDefault(List.of(3600L, 1L, 300L, 100L, 60L, 10000L))
                    .accumulates(Directives::moreSaveRules)
                    .on(c -> toList(c.engine().saveRules()), (c, v) -> c.engine().setSaveRules(toArray(v))),
            Directive.builder("dbfilename", FILE_NAME).byDefault("dump.rdb").protectedConfig()
                    .on(c -> c.engine().dbfilename(), (c, v) -> c.engine().setDbfilename(v)),
            Directive.builder("rdbcompression", YES_NO).byDefault(true)
                    .on(c -> c.engine().rdbCompression(), (c, v) -> c.engine().setRdbCompression(v)),
            Directive.builder("rdbchecksum", YES_NO).byDefault(true).immutable()
                    .on(c -> c.engine().rdbChecksum(), (c, v) -> c.engine().setRdbChecksum(v)),
            Directive.builder("rdb-save-incremental-fsync", YES_NO).byDefault(true)
                    .on(c -> c.engine().rdbSaveIncrementalFsync(), (c, v) -> c.engine().setRdbSaveIncrementalFsync(v)),
            Directive.builder("stop-writes-on-bgsave-error", YES_NO).byDefault(true)
                    .on(c -> c.engine().stopWritesOnBgsaveError(), (c, v) -> c.engine().setStopWritesOnBgsaveError(v)),
            // persistence: AOF
            Directive.builder("appendonly", YES_NO).byDefault(false)
                    .onSet(Directives::applyAppendonly)
                    .on(c -> c.engine().appendonly(), (c, v) -> c.engine().setAppendonly(v)),
            Directive.builder("appendfilename", FILE_NAME).byDefault("appendonly.aof").immutable()
                    .on(c -> c.engine().appendfilename(), (c, v) -> c.engine().setAppendfilename(v)),
            Directive.builder("appenddirname", FILE_NAME).byDefault("appendonlydir").immutable()
                    .on(c -> c.engine().appenddirname(), (c, v) -> c.engine().setAppenddirname(v)),
            Directive.builder("appendfsync", choice("everysec", "always", "no")).byDefault("everysec")
                    .on(c -> c.engine().appendfsync().name().toLowerCase(Locale.ROOT),
                            (c, v) -> c.engine().setAppendfsync(AppendFsync.valueOf(v.toUpperCase(Locale.ROOT)))),
            Directive.builder("no-appendfsync-on-rewrite", YES_NO).byDefault(false)
                    .on(c -> c.engine().noAppendfsyncOnRewrite(), (c, v) -> c.engine().setNoAppendfsyncOnRewrite(v)),
            Directive.builder("auto-aof-rewrite-percentage", integer(0, INT_MAX)).byDefault(100L)
                    .on(c -> (long) c.engine().autoAofRewritePercentage(),
                            (c, v) -> c.engine().setAutoAofRewritePercentage(v.intValue())),
            Directive.builder("auto-aof-rewrite-min-size", memory(0, LONG_MAX)).byDefault(64 * MB)
                    .on(c -> c.engine().autoAofRewriteMinSize(), (c, v) -> c.engine().setAutoAofRewriteMinSize(v)),
            Directive.builder("aof-load-truncated", YES_NO).byDefault(true)
                    .on(c -> c.engine().aofLoadTruncated(), (c, v) -> c.engine().setAofLoadTruncated(v)),
            Directive.builder("aof-use-rdb-preamble", YES_NO).byDefault(true)
                    .on(c -> c.engine().aofUseRdbPreamble(), (c, v) -> c.engine().setAofUseRdbPreamble(v)),
            Directive.builder("aof-rewrite-incremental-fsync", YES_NO).byDefault(true)
                    .on(c -> c.engine().aofRewriteIncrementalFsync(),
                            (c, v) -> c.engine().setAofRewriteIncrementalFsync(v)),
            Directive.builder("aof-timestamp-enabled", YES_NO).byDefault(false)
                    .on(c -> c.engine().aofTimestampEnabled(), (c, v) -> c.engine().setAofTimestampEnabled(v)),
            Directive.builder("aof-disable-auto-gc", YES_NO).byDefault(false)
                    .on(c -> c.engine().aofDisableAutoGc(), (c, v) -> c.engine().setAofDisableAutoGc(v)),
            // a testing aid in Redis too: microseconds a background save sleeps per key
            Directive.builder("rdb-key-save-delay", integer(Integer.MIN_VALUE, INT_MAX)).byDefault(0L)
                    .on(c -> c.engine().rdbKeySaveDelayMicros(), (c, v) -> c.engine().setRdbKeySaveDelayMicros(v)),
            // and microseconds loading sleeps per key
            Directive.builder("key-load-delay", integer(Integer.MIN_VALUE, INT_MAX)).byDefault(0L)
                    .on(c -> c.engine().keyLoadDelayMicros(), (c, v) -> c.engine().setKeyLoadDelayMicros(v)),

            Directive.builder("slowlog-log-slower-than", integer(-1, LONG_MAX)).byDefault(10000L)
                    .on(c -> c.engine().slowlogLogSlowerThan(), (c, v) -> c.engine().setSlowlogLogSlowerThan(v)),
            Directive.builder("slowlog-max-len", integer(0, LONG_MAX)).byDefault(128L)
                    .on(c -> c.engine().slowlogMaxLen(), (c, v) -> c.engine().setSlowlogMaxLen(v)),
            Directive.builder("latency-monitor-threshold", integer(0, LONG_MAX)).byDefault(0L)
                    .on(c -> c.engine().latencyMonitorThreshold(), (c, v) -> c.engine().setLatencyMonitorThreshold(v)));


    /** CONFIG SET appendonly: the AOF is created from the data (yes) or closed (no), as Redis's updateAppendonly. */
    private static String applyAppendonly(io.lodestone.engine.Engine engine) {
        if (!engine.config().appendonly()) {
            engine.aof().disable();
            return null;
        }
        return engine.aof().enable() == null ? null : "Unable to turn on AOF. Check server logs.";
    }

    /** list-compress-depth: Redis's checks (0..INT_MAX), then a refusal of any depth but 0. */
    private static ValueType<Long> uncompressedOnly() {
        ValueType<Long> range = integer(0, INT_MAX);
        return new ValueType<>() {
            @Override
            public Long parse(List<String> args, Path workingDir) throws BadValueException {
                long depth = range.parse(args, workingDir);
                if (depth != 0) {
                    throw new BadValueException("list compression is not supported yet (only 0)");
                }
                return depth;
            }

            @Override
            public String format(Long value) {
                return range.format(value);
            }
        };
    }

    /** Config file lines {@code save s c} add rules; {@code save ""} drops those before it (Redis's rule). */
    private static List<Long> moreSaveRules(List<Long> earlier, List<Long> later) {
        if (later.isEmpty()) {
            return later;
        }
        List<Long> all = new ArrayList<>(earlier);
        all.addAll(later);
        return List.copyOf(all);
    }

    private static List<Long> toList(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return List.copyOf(list);
    }

    private static long[] toArray(List<Long> values) {
        long[] array = new long[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    /** Every supported directive, server settings first (so {@code databases} is set before the engine's). */
    public static final List<Directive<?>> ALL;

    /**
     * Redis directives of features Lodestone has not built yet. The config file and the command
     * line reject them with "not supported yet" (never accepted and ignored); CONFIG SET refuses
     * them and CONFIG GET does not list them. Remove a name from here when its feature lands and
     * give it a row in the table above.
     */
    public static final Set<String> NOT_SUPPORTED_YET = Set.of(
            // persistence: RDB
            "rdb-del-sync-files", "sanitize-dump-payload",
            // replication
            "replicaof", "slaveof", "masterauth", "masteruser", "replica-serve-stale-data", "slave-serve-stale-data",
            "replica-read-only", "slave-read-only", "repl-diskless-sync", "repl-diskless-sync-delay",
            "repl-diskless-sync-max-replicas", "repl-diskless-load", "repl-ping-replica-period",
            "repl-ping-slave-period", "repl-timeout", "repl-disable-tcp-nodelay", "repl-backlog-size",
            "repl-backlog-ttl", "replica-priority", "slave-priority", "replica-announced", "replica-announce-ip",
            "slave-announce-ip", "replica-announce-port", "slave-announce-port", "min-replicas-to-write",
            "min-slaves-to-write", "min-replicas-max-lag", "min-slaves-max-lag", "replica-lazy-flush",
            "slave-lazy-flush", "replica-ignore-disk-write-errors", "propagation-error-behavior",
            "bind-source-addr", "shutdown-timeout",
            // cluster
            "cluster-enabled", "cluster-config-file", "cluster-node-timeout", "cluster-port",
            "cluster-replica-validity-factor", "cluster-slave-validity-factor", "cluster-migration-barrier",
            "cluster-allow-replica-migration", "cluster-require-full-coverage", "cluster-replica-no-failover",
            "cluster-slave-no-failover", "cluster-allow-reads-when-down", "cluster-allow-pubsubshard-when-down",
            "cluster-link-sendbuf-limit", "cluster-announce-ip", "cluster-announce-port",
            "cluster-announce-tls-port", "cluster-announce-bus-port", "cluster-announce-hostname",
            "cluster-preferred-endpoint-type",
            // memory limit, eviction, lazy freeing, defragmentation
            "maxmemory-clients", "lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del", "lazyfree-lazy-user-del",
            "lazyfree-lazy-user-flush", "active-expire-effort", "activedefrag", "active-defrag-ignore-bytes",
            "active-defrag-threshold-lower", "active-defrag-threshold-upper", "active-defrag-cycle-min",
            "active-defrag-cycle-max", "active-defrag-max-scan-fields", "activerehashing", "jemalloc-bg-thread",
            // security: ACL, renamed commands, modules, debug
            "aclfile", "user", "acllog-max-len", "acl-pubsub-default", "rename-command", "loadmodule",
            "enable-module-command",
            // TLS and unix sockets
            "tls-port", "tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
            "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
            "tls-ca-cert-dir", "tls-auth-clients", "tls-replication", "tls-cluster", "tls-protocols",
            "tls-ciphers", "tls-ciphersuites", "tls-prefer-server-ciphers", "tls-session-caching",
            "tls-session-cache-size", "tls-session-cache-timeout", "unixsocket", "unixsocketperm",
            // keyspace events, client tracking, scripting, monitoring, output buffers
            "tracking-table-max-keys", "lua-time-limit", "busy-reply-threshold",
            "latency-tracking",
            "latency-tracking-info-percentiles",
            // encodings of data types not built yet
            // (list-max-ziplist-entries/-value: deprecated in Redis 7.0, which ignores them)
            "list-max-ziplist-entries", "list-max-ziplist-value",
            "hll-sparse-max-bytes", "stream-node-max-bytes", "stream-node-max-entries",
            // process and operating-system integration
            "supervised", "syslog-enabled", "syslog-ident", "syslog-facility", "always-show-logo", "set-proc-title",
            "proc-title-template", "crash-log-enabled", "crash-memcheck-enabled", "disable-thp", "oom-score-adj",
            "oom-score-adj-values", "server_cpulist", "bio_cpulist", "aof_rewrite_cpulist", "bgsave_cpulist",
            "dynamic-hz", "io-threads-do-reads", "shutdown-on-sigint", "shutdown-on-sigterm", "socket-mark-id",
            "ignore-warnings", "sentinel");

    private static final Map<String, Directive<?>> BY_NAME;

    static {
        List<Directive<?>> all = new ArrayList<>(SERVER);
        all.addAll(ENGINE);
        ALL = Collections.unmodifiableList(all);
        Map<String, Directive<?>> byName = new HashMap<>();
        for (Directive<?> d : ALL) {
            register(byName, d.name(), d);
            for (String alias : d.aliases()) {
                register(byName, alias, d);
            }
        }
        BY_NAME = Map.copyOf(byName);
    }

    private Directives() {}

    /** The policies in the order Redis lists them in its CONFIG SET error. */
    private static String[] policyNames() {
        MaxmemoryPolicy[] policies = MaxmemoryPolicy.values();
        String[] names = new String[policies.length];
        for (int i = 0; i < policies.length; i++) {
            names[i] = policies[i].configName();
        }
        return names;
    }

    private static void register(Map<String, Directive<?>> byName, String name, Directive<?> d) {
        if (byName.put(name, d) != null || NOT_SUPPORTED_YET.contains(name)) {
            throw new IllegalStateException("directive declared twice: " + name);
        }
    }

    /** The directive with this name or alias (any case), or null. */
    public static Directive<?> lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public static boolean isNotSupportedYet(String name) {
        return NOT_SUPPORTED_YET.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * What CONFIG GET lists for these patterns: the name to show and its directive, in table
     * order, each name once. A pattern without wildcards is looked up as a name and shown as
     * given (Redis answers {@code CONFIG GET PORT} with "PORT"); a glob matches names and
     * aliases without regard to case.
     */
    public static Map<String, Directive<?>> matching(List<String> patterns) {
        Map<String, Directive<?>> found = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String pattern : patterns) {
            if (!NameGlob.hasWildcards(pattern)) {
                Directive<?> d = lookup(pattern);
                if (d != null && seen.add(pattern.toLowerCase(Locale.ROOT))) {
                    found.put(pattern, d);
                }
                continue;
            }
            for (Directive<?> d : ALL) {
                addIfMatches(pattern, d.name(), d, found, seen);
                for (String alias : d.aliases()) {
                    addIfMatches(pattern, alias, d, found, seen);
                }
            }
        }
        return found;
    }

    private static void addIfMatches(String pattern, String name, Directive<?> d, Map<String, Directive<?>> found,
            Set<String> seen) {
        if (NameGlob.matches(pattern, name, true) && seen.add(name)) {
            found.put(name, d);
        }
    }
}
