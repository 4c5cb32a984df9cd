package io.lodestone.engine;

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
    private volatile int hz = 10;
    private volatile boolean activeExpire = true;
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
