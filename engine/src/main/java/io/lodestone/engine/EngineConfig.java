package io.lodestone.engine;

import io.lodestone.engine.memory.MaxmemoryPolicy;
import java.util.Objects;

/**
 * The engine's tunables, read on every use so that CONFIG SET takes effect at once. The config
 * file parser and CONFIG GET/SET (server module) map directive names onto these.
 */
public final class EngineConfig {
    private final int databases;
    private volatile long protoMaxBulkLen = 512L * 1024 * 1024;
    private volatile int hashMaxListpackEntries = 512;
    private volatile int hashMaxListpackValue = 64;
    private volatile int setMaxIntsetEntries = 512;
    private volatile int listMaxListpackSize = -2;
    private volatile int listCompressDepth = 0;
    private volatile long zsetMaxListpackEntries = 128;
    private volatile long zsetMaxListpackValue = 64;
    private volatile int hz = 10;
    private volatile boolean activeExpire = true;
    private volatile long maxmemory;
    private volatile MaxmemoryPolicy maxmemoryPolicy = MaxmemoryPolicy.NOEVICTION;
    private volatile int maxmemorySamples = 5;
    private volatile int maxmemoryEvictionTenacity = 10;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayTime = 1;
    private volatile boolean replicaIgnoreMaxmemory = true;
    private volatile int notifyKeyspaceEvents;
    // persistence (RDB): the file, its format options and the automatic save rules
    private volatile String dir = java.nio.file.Path.of("").toAbsolutePath().toString();
    private volatile String dbfilename = "dump.rdb";
    private volatile boolean rdbCompression = true;
    private volatile boolean rdbChecksum = true;
    private volatile boolean stopWritesOnBgsaveError = true;
    private volatile boolean rdbSaveIncrementalFsync = true;
    /** Pairs (seconds, changes); empty: no automatic saves. Embedded engines default to none. */
    private volatile long[] saveRules = new long[0];
    /** Testing aid (Redis's rdb-key-save-delay): microseconds a background save sleeps per key written. */
    private volatile long rdbKeySaveDelayMicros;
    /** Testing aid (Redis's key-load-delay): microseconds loading sleeps per key read. */
    private volatile long keyLoadDelayMicros;
    // persistence (AOF): Redis 7's multi-part append-only file
    private volatile boolean appendonly;
    private volatile String appendfilename = "appendonly.aof";
    private volatile String appenddirname = "appendonlydir";
    private volatile AppendFsync appendfsync = AppendFsync.EVERYSEC;
    private volatile boolean noAppendfsyncOnRewrite;
    private volatile int autoAofRewritePercentage = 100;
    private volatile long autoAofRewriteMinSize = 64L * 1024 * 1024;
    private volatile boolean aofLoadTruncated = true;
    private volatile boolean aofUseRdbPreamble = true;
    private volatile boolean aofRewriteIncrementalFsync = true;
    private volatile boolean aofTimestampEnabled;
    private volatile boolean aofDisableAutoGc;
    private volatile long slowlogLogSlowerThan = 10_000;
    private volatile long slowlogMaxLen = 128;
    private volatile long latencyMonitorThreshold;

    public EngineConfig(int databases) {
        if (databases < 1) {
            throw new IllegalArgumentException("databases must be at least 1");
        }
        this.databases = databases;
    }

    public static EngineConfig defaults() {
        return new EngineConfig(16);
    }

    public int databases() {
        return databases;
    }

    /** Largest string value (SETRANGE, APPEND, a request's bulk). */
    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    public void setProtoMaxBulkLen(long value) {
        this.protoMaxBulkLen = value;
    }

    public int hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    public void setHashMaxListpackEntries(int value) {
        this.hashMaxListpackEntries = value;
    }

    public int hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    public void setHashMaxListpackValue(int value) {
        this.hashMaxListpackValue = value;
    }

    /** Most members a set of integers keeps in the compact intset encoding. */
    public int setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    public void setSetMaxIntsetEntries(int value) {
        this.setMaxIntsetEntries = value;
    }

    /**
     * Size of a list's nodes (list-max-listpack-size, alias list-max-ziplist-size): negative for a
     * byte limit (-1 = 4 KB ... -5 = 64 KB), positive for a number of elements.
     */
    public int listMaxListpackSize() {
        return listMaxListpackSize;
    }

    public void setListMaxListpackSize(int value) {
        this.listMaxListpackSize = value;
    }

    /**
     * Nodes left uncompressed at each end of a list (list-compress-depth). Lists are never
     * compressed: the value is kept for CONFIG GET and has no effect on memory.
     */
    public int listCompressDepth() {
        return listCompressDepth;
    }

    public void setListCompressDepth(int value) {
        this.listCompressDepth = value;
    }

    /** Most members a sorted set holds in the compact (listpack) encoding. */
    public long zsetMaxListpackEntries() {
        return zsetMaxListpackEntries;
    }

    public void setZsetMaxListpackEntries(long value) {
        this.zsetMaxListpackEntries = value;
    }

    /** Longest member (bytes) a sorted set holds in the compact (listpack) encoding. */
    public long zsetMaxListpackValue() {
        return zsetMaxListpackValue;
    }

    public void setZsetMaxListpackValue(long value) {
        this.zsetMaxListpackValue = value;
    }

    /** Background task frequency (active expiry cycles per second), 1..500. */
    public int hz() {
        return hz;
    }

    public void setHz(int value) {
        this.hz = Math.max(1, Math.min(500, value));
    }

    public boolean activeExpire() {
        return activeExpire;
    }

    public void setActiveExpire(boolean value) {
        this.activeExpire = value;
    }

    // ---- memory limit and eviction ---------------------------------------------------------------

    /** The limit of the memory estimate in bytes; 0 means none. */
    public long maxmemory() {
        return maxmemory;
    }

    public void setMaxmemory(long bytes) {
        this.maxmemory = bytes;
    }

    public MaxmemoryPolicy maxmemoryPolicy() {
        return maxmemoryPolicy;
    }

    public void setMaxmemoryPolicy(MaxmemoryPolicy policy) {
        this.maxmemoryPolicy = Objects.requireNonNull(policy);
    }

    /** Keys sampled per database for each eviction (LRU, LFU, TTL policies). */
    public int maxmemorySamples() {
        return maxmemorySamples;
    }

    public void setMaxmemorySamples(int value) {
        this.maxmemorySamples = Math.max(1, value);
    }

    /** 0..100: how long one eviction pass may run before the rest is left to the background cycle. */
    public int maxmemoryEvictionTenacity() {
        return maxmemoryEvictionTenacity;
    }

    public void setMaxmemoryEvictionTenacity(int value) {
        this.maxmemoryEvictionTenacity = Math.max(0, Math.min(100, value));
    }

    /** How many hits it takes to saturate the LFU counter: higher means a slower logarithmic climb. */
    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    public void setLfuLogFactor(int value) {
        this.lfuLogFactor = Math.max(0, value);
    }

    /** Minutes of idleness that take one off a key's LFU counter; 0 = counters never decay. */
    public int lfuDecayTime() {
        return lfuDecayTime;
    }

    public void setLfuDecayTime(int value) {
        this.lfuDecayTime = Math.max(0, value);
    }

    /** A replica does not evict (it waits for its master's DEL), as replica-ignore-maxmemory says. */
    public boolean replicaIgnoreMaxmemory() {
        return replicaIgnoreMaxmemory;
    }

    public void setReplicaIgnoreMaxmemory(boolean value) {
        this.replicaIgnoreMaxmemory = value;
    }

    /** notify-keyspace-events as {@link io.lodestone.engine.pubsub.Notifier} class bits; 0 = off. */
    public int notifyKeyspaceEvents() {
        return notifyKeyspaceEvents;
    }

    public void setNotifyKeyspaceEvents(int flags) {
        this.notifyKeyspaceEvents = flags;
    }

    // ---- persistence ---------------------------------------------------------------------------

    /** The directory the RDB file lives in (absolute). */
    public String dir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public String dbfilename() {
        return dbfilename;
    }

    public void setDbfilename(String dbfilename) {
        this.dbfilename = dbfilename;
    }

    /** The RDB file: {@code dbfilename} in {@code dir}. */
    public java.nio.file.Path rdbPath() {
        return java.nio.file.Path.of(dir).resolve(dbfilename);
    }

    public boolean rdbCompression() {
        return rdbCompression;
    }

    public void setRdbCompression(boolean value) {
        this.rdbCompression = value;
    }

    public boolean rdbChecksum() {
        return rdbChecksum;
    }

    public void setRdbChecksum(boolean value) {
        this.rdbChecksum = value;
    }

    public boolean rdbSaveIncrementalFsync() {
        return rdbSaveIncrementalFsync;
    }

    public void setRdbSaveIncrementalFsync(boolean value) {
        this.rdbSaveIncrementalFsync = value;
    }

    public boolean stopWritesOnBgsaveError() {
        return stopWritesOnBgsaveError;
    }

    public void setStopWritesOnBgsaveError(boolean value) {
        this.stopWritesOnBgsaveError = value;
    }

    /** The {@code save} rules as pairs (seconds, changes); a copy. */
    public long[] saveRules() {
        return saveRules.clone();
    }

    public long rdbKeySaveDelayMicros() {
        return rdbKeySaveDelayMicros;
    }

    public void setRdbKeySaveDelayMicros(long micros) {
        this.rdbKeySaveDelayMicros = micros;
    }

    public long keyLoadDelayMicros() {
        return keyLoadDelayMicros;
    }

    public void setKeyLoadDelayMicros(long micros) {
        this.keyLoadDelayMicros = micros;
    }

    // ---- persistence: AOF ----------------------------------------------------------------------

    /** When the AOF is fsynced: after every write, once a second, or when the OS decides. */
    public enum AppendFsync {
        ALWAYS, EVERYSEC, NO
    }

    /** {@code appendonly}: the configured wish; the AOF's own state follows it (see AofPersistence). */
    public boolean appendonly() {
        return appendonly;
    }

    public void setAppendonly(boolean value) {
        this.appendonly = value;
    }

    public String appendfilename() {
        return appendfilename;
    }

    public void setAppendfilename(String value) {
        this.appendfilename = value;
    }

    public String appenddirname() {
        return appenddirname;
    }

    public void setAppenddirname(String value) {
        this.appenddirname = value;
    }

    /** The AOF directory: {@code appenddirname} in {@code dir}. */
    public java.nio.file.Path aofDirectory() {
        return java.nio.file.Path.of(dir).resolve(appenddirname);
    }

    public AppendFsync appendfsync() {
        return appendfsync;
    }

    public void setAppendfsync(AppendFsync value) {
        this.appendfsync = Objects.requireNonNull(value);
    }

    public boolean noAppendfsyncOnRewrite() {
        return noAppendfsyncOnRewrite;
    }

    public void setNoAppendfsyncOnRewrite(boolean value) {
        this.noAppendfsyncOnRewrite = value;
    }

    public int autoAofRewritePercentage() {
        return autoAofRewritePercentage;
    }

    public void setAutoAofRewritePercentage(int value) {
        this.autoAofRewritePercentage = value;
    }

    public long autoAofRewriteMinSize() {
        return autoAofRewriteMinSize;
    }

    public void setAutoAofRewriteMinSize(long value) {
        this.autoAofRewriteMinSize = value;
    }

    public boolean aofLoadTruncated() {
        return aofLoadTruncated;
    }

    public void setAofLoadTruncated(boolean value) {
        this.aofLoadTruncated = value;
    }

    public boolean aofUseRdbPreamble() {
        return aofUseRdbPreamble;
    }

    public void setAofUseRdbPreamble(boolean value) {
        this.aofUseRdbPreamble = value;
    }

    public boolean aofRewriteIncrementalFsync() {
        return aofRewriteIncrementalFsync;
    }

    public void setAofRewriteIncrementalFsync(boolean value) {
        this.aofRewriteIncrementalFsync = value;
    }

    public boolean aofTimestampEnabled() {
        return aofTimestampEnabled;
    }

    public void setAofTimestampEnabled(boolean value) {
        this.aofTimestampEnabled = value;
    }

    public boolean aofDisableAutoGc() {
        return aofDisableAutoGc;
    }

    public void setAofDisableAutoGc(boolean value) {
        this.aofDisableAutoGc = value;
    }

    public boolean hasSaveRules() {
        return saveRules.length > 0;
    }

    /** @param pairs seconds, changes, seconds, changes...; empty for none ({@code save ""}) */
    public void setSaveRules(long[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("save rules come in (seconds, changes) pairs");
        }
        this.saveRules = pairs.clone();
    }

    /** Commands that run at least this many microseconds go to the slow log; negative: none, 0: all. */
    public long slowlogLogSlowerThan() {
        return slowlogLogSlowerThan;
    }

    public void setSlowlogLogSlowerThan(long micros) {
        this.slowlogLogSlowerThan = micros;
    }

    /** Entries the slow log keeps (the oldest go first); 0 disables it. */
    public long slowlogMaxLen() {
        return slowlogMaxLen;
    }

    public void setSlowlogMaxLen(long entries) {
        this.slowlogMaxLen = entries;
    }

    /** Latency monitor threshold in milliseconds: events at least this long are sampled; 0 disables it. */
    public long latencyMonitorThreshold() {
        return latencyMonitorThreshold;
    }

    public void setLatencyMonitorThreshold(long millis) {
        this.latencyMonitorThreshold = millis;
    }
}
