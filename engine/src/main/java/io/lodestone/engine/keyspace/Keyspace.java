package io.lodestone.engine.keyspace;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.type.TypedValue;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbered databases, the per-command time snapshot they expire against, and the memory
 * estimate of their contents. Not thread-safe: the engine lock guards it.
 */
public final class Keyspace {
    private final Database[] databases;
    private static final Snapshot[] NO_SNAPSHOTS = new Snapshot[0];

    private final EngineConfig config;
    private KeyspaceListener listener = KeyspaceListener.NONE;
    /** Running snapshots; every change to a key first tells each of them (see {@link Snapshot}). */
    private Snapshot[] snapshots = NO_SNAPSHOTS;
    private boolean replaying;
    private long now;
    private boolean replica;
    private boolean expiryPaused;
    /** Read lookups that found a key or not (INFO keyspace_hits / keyspace_misses). */
    long hits;
    long misses;
    /** Hits of reads made without the engine lock ({@link Database#getWithoutLock}): any thread. */
    private final LongAdder lockFreeHits = new LongAdder();

    /** Heap bytes of every database's entries, see {@link Database#memoryBytes()}. */
    long datasetBytes;
    /**
     * Values being changed in place by the running command (since {@link Database#getForWrite} or
     * since they were stored), with the bytes accounted for them: {@link #settleMemory} measures
     * them again once the command is done. Few per command, so searched linearly.
     */
    private Database[] inPlaceDbs = new Database[4];
    private TypedValue[] inPlaceValues = new TypedValue[4];
    private long[] inPlaceBytes = new long[4];
    private int inPlaceCount;
    /** State of the generator that draws LFU increments (xorshift: no allocation, no lock). */
    private long lfuRandom = 0x9E3779B97F4A7C15L;

    /** A keyspace whose access tracking (LRU or LFU) follows {@code config}'s maxmemory-policy. */
    public Keyspace(EngineConfig config) {
        this.config = config;
        int databaseCount = config.databases();
        databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(i, this);
        }
    }

    /** A keyspace with default settings (LRU access tracking). */
    public Keyspace(int databaseCount) {
        this(new EngineConfig(databaseCount));
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database db(int index) {
        return databases[index];
    }

    public void setListener(KeyspaceListener listener) {
        this.listener = listener;
    }

    KeyspaceListener listener() {
        return listener;
    }

    /** The time every expiry check of the current command uses (Redis's commandTimeSnapshot). */
    public long now() {
        return now;
    }

    public void setNow(long millis) {
        this.now = millis;
    }

    /** Redis's LRU clock at the command time: seconds, wrapping at 2^24 (about 194 days). */
    int clockSeconds() {
        return lruClock(now);
    }

    /** Redis's LRU clock at {@code millis}. */
    static int lruClock(long millis) {
        return (int) ((millis / 1000) & SlotTable.LRU_MASK);
    }

    // ---- access tracking: LRU clock or LFU counter -------------------------------------------------

    /** True while an LFU policy is on: the entries' access words hold frequencies, not times. */
    public boolean tracksFrequency() {
        return config.maxmemoryPolicy().lfu();
    }

    /** The access word of a new entry. */
    int newAccessWord() {
        return tracksFrequency() ? Lfu.newWord(now) : clockSeconds();
    }

    /** The access word of an entry after a hit. */
    int hitAccessWord(int word) {
        if (!tracksFrequency()) {
            return clockSeconds();
        }
        return Lfu.hit(word, now, config.lfuLogFactor(), config.lfuDecayTime(), nextRandomDouble());
    }

    /** The decayed LFU counter of an access word (OBJECT FREQ, eviction). */
    public int frequency(int word) {
        return Lfu.counter(word, now, config.lfuDecayTime());
    }

    private double nextRandomDouble() {
        long x = lfuRandom;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        lfuRandom = x;
        return (x >>> 11) * 0x1.0p-53;
    }

    // ---- memory estimate -------------------------------------------------------------------------

    /** Heap bytes of all entries of all databases: the dataset part of the memory estimate. O(1). */
    public long datasetBytes() {
        return datasetBytes;
    }

    /** Starts watching a value that may change in place, accounted at {@code bytes}; once per value. */
    void trackInPlace(Database db, TypedValue value, long bytes) {
        for (int i = 0; i < inPlaceCount; i++) {
            if (inPlaceValues[i] == value && inPlaceDbs[i] == db) {
                return;
            }
        }
        if (inPlaceCount == inPlaceValues.length) {
            int n = inPlaceCount * 2;
            inPlaceDbs = Arrays.copyOf(inPlaceDbs, n);
            inPlaceValues = Arrays.copyOf(inPlaceValues, n);
            inPlaceBytes = Arrays.copyOf(inPlaceBytes, n);
        }
        inPlaceDbs[inPlaceCount] = db;
        inPlaceValues[inPlaceCount] = value;
        inPlaceBytes[inPlaceCount] = bytes;
        inPlaceCount++;
    }

    /**
     * The bytes accounted for a value leaving {@code db}: what was recorded if it is being
     * changed in place (it stops being watched), else what it measures now.
     */
    long accountedBytes(Database db, Object value) {
        if (value instanceof byte[] string) {
            return Database.stringBytes(string);
        }
        for (int i = 0; i < inPlaceCount; i++) {
            if (inPlaceValues[i] == value && inPlaceDbs[i] == db) {
                long bytes = inPlaceBytes[i];
                removeInPlace(i);
                return bytes;
            }
        }
        return ((TypedValue) value).memoryUsage();
    }

    private void removeInPlace(int i) {
        int last = --inPlaceCount;
        inPlaceDbs[i] = inPlaceDbs[last];
        inPlaceValues[i] = inPlaceValues[last];
        inPlaceBytes[i] = inPlaceBytes[last];
        inPlaceDbs[last] = null;
        inPlaceValues[last] = null;
    }

    /**
     * Measures the values changed in place since the last call again and corrects the estimate.
     * The dispatcher calls it after every command; code that writes outside commands calls it too.
     */
    public void settleMemory() {
        for (int i = 0; i < inPlaceCount; i++) {
            inPlaceDbs[i].adjustBytes(inPlaceValues[i].memoryUsage() - inPlaceBytes[i]);
            inPlaceDbs[i] = null;
            inPlaceValues[i] = null;
        }
        inPlaceCount = 0;
    }

    /** Forgets the watched values of a database that is being emptied. */
    void forgetInPlace(Database db) {
        for (int i = inPlaceCount - 1; i >= 0; i--) {
            if (inPlaceDbs[i] == db) {
                removeInPlace(i);
            }
        }
    }

    /** Seconds since the time of an LRU access word (OBJECT IDLETIME, LRU eviction). */
    public long idleSeconds(int accessWord) {
        int clock = clockSeconds();
        // the clock wraps every 2^24 seconds, as Redis's estimateObjectIdleTime allows for
        return clock >= accessWord ? clock - accessWord : clock + (SlotTable.LRU_MASK - accessWord);
    }

    /** A replica reports expired keys as missing but never deletes them: it waits for DEL. */
    public boolean isReplica() {
        return replica;
    }

    public void setReplica(boolean replica) {
        this.replica = replica;
    }

    /**
     * While the AOF is replayed no key counts as expired (Redis's expireIfNeeded when loading):
     * a command in the file ran when its key was alive, and replaying it must find the key alive,
     * e.g. a PERSIST logged before the deadline that has passed since.
     */
    public void setReplaying(boolean replaying) {
        this.replaying = replaying;
    }

    public boolean replaying() {
        return replaying;
    }

    /** CLIENT PAUSE keeps the dataset still: expired keys are reported missing but not deleted. */
    public void setExpiryPaused(boolean paused) {
        this.expiryPaused = paused;
    }

    /** True during CLIENT PAUSE (WRITE or ALL): neither expiry nor eviction deletes keys then. */
    public boolean expiryPaused() {
        return expiryPaused;
    }

    /** Whether expired keys are deleted now: not on a replica (it waits for DEL), not during a pause. */
    public boolean deletesExpiredKeys() {
        return !replica && !expiryPaused;
    }

    public long hits() {
        return hits + lockFreeHits.sum();
    }

    /** Counts a validated hit of {@link Database#getWithoutLock}. */
    public void countLockFreeHit() {
        lockFreeHits.increment();
    }

    public long misses() {
        return misses;
    }

    public void resetHitStats() {
        hits = 0;
        lockFreeHits.reset();
        misses = 0;
    }

    public long totalKeys() {
        long total = 0;
        for (Database db : databases) {
            total += db.size();
        }
        return total;
    }

    public void flushAll() {
        for (Database db : databases) {
            db.clear();
        }
    }

    public void swap(int a, int b) {
        settleMemory(); // the watched values change databases
        for (Snapshot s : snapshots) {
            s.beforeSwap(databases[a], databases[b]);
        }
        databases[a].swapContents(databases[b]);
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /**
     * Begins a point-in-time snapshot of every database, as they are now; see {@link Snapshot}.
     * Caller holds the engine lock, and must {@link Snapshot#end()} it.
     */
    public Snapshot beginSnapshot(Snapshot.Sink sink) {
        Snapshot s = new Snapshot(this, sink);
        Snapshot[] more = java.util.Arrays.copyOf(snapshots, snapshots.length + 1);
        more[snapshots.length] = s;
        snapshots = more;
        return s;
    }

    void removeSnapshot(Snapshot s) {
        int n = 0;
        Snapshot[] rest = new Snapshot[snapshots.length];
        for (Snapshot each : snapshots) {
            if (each != s) {
                rest[n++] = each;
            }
        }
        snapshots = n == 0 ? NO_SNAPSHOTS : java.util.Arrays.copyOf(rest, n);
    }

    /** True while at least one snapshot is running. */
    public boolean snapshotting() {
        return snapshots.length != 0;
    }

    void beforeWrite(Database db, int slot) {
        for (Snapshot s : snapshots) {
            s.beforeWrite(db, slot);
        }
    }

    void beforeClear(Database db, SlotTable[] tables) {
        for (Snapshot s : snapshots) {
            s.beforeClear(db, tables);
        }
    }

    /**
     * Replaces the contents of every database with those of {@code loaded} (a keyspace filled by a
     * loader, never used afterwards), in one step: a load that failed never touches the live data.
     */
    public void adopt(Keyspace loaded) {
        if (loaded.databaseCount() != databases.length) {
            throw new IllegalArgumentException("database counts differ");
        }
        settleMemory();
        loaded.settleMemory();
        for (int i = 0; i < databases.length; i++) {
            databases[i].clear(); // a running snapshot keeps the old contents (see Snapshot)
            databases[i].swapContents(loaded.databases[i]);
            long moved = databases[i].memoryBytes(); // swapContents keeps each keyspace's total
            datasetBytes += moved;
            loaded.datasetBytes -= moved;
        }
    }
}
