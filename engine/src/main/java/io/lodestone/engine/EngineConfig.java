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
    private volatile int listMaxListpackSize = -2;
    private volatile int listCompressDepth = 0;
    private volatile long zsetMaxListpackEntries = 128;
    private volatile long zsetMaxListpackValue = 64;
    private volatile int hz = 10;
    private volatile boolean activeExpire = true;
    private volatile int notifyKeyspaceEvents;

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

    /** notify-keyspace-events as {@link io.lodestone.engine.pubsub.Notifier} class bits; 0 = off. */
    public int notifyKeyspaceEvents() {
        return notifyKeyspaceEvents;
    }

    public void setNotifyKeyspaceEvents(int flags) {
        this.notifyKeyspaceEvents = flags;
    }
}
