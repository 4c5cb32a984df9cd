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
    private volatile int hz = 10;
    private volatile boolean activeExpire = true;
    private volatile long maxmemory;
    private volatile MaxmemoryPolicy maxmemoryPolicy = MaxmemoryPolicy.NOEVICTION;
    private volatile int maxmemorySamples = 5;
    private volatile int maxmemoryEvictionTenacity = 10;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayTime = 1;
    private volatile boolean replicaIgnoreMaxmemory = true;

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
}
