package io.lodestone.engine.keyspace;

/**
 * The numbered databases and the per-command time snapshot they expire against. Not thread-safe:
 * the engine lock guards it.
 */
public final class Keyspace {
    private final Database[] databases;
    private static final Snapshot[] NO_SNAPSHOTS = new Snapshot[0];

    private KeyspaceListener listener = KeyspaceListener.NONE;
    /** Running snapshots; every change to a key first tells each of them (see {@link Snapshot}). */
    private Snapshot[] snapshots = NO_SNAPSHOTS;
    private long now;
    private boolean replica;
    private boolean expiryPaused;
    /** Read lookups that found a key or not (INFO keyspace_hits / keyspace_misses). */
    long hits;
    long misses;

    public Keyspace(int databaseCount) {
        databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(i, this);
        }
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

    /** Redis's LRU clock: seconds, wrapping at 2^24 (about 194 days). */
    int clockSeconds() {
        return (int) ((now / 1000) & SlotTable.LRU_MASK);
    }

    /** A replica reports expired keys as missing but never deletes them: it waits for DEL. */
    public boolean isReplica() {
        return replica;
    }

    public void setReplica(boolean replica) {
        this.replica = replica;
    }

    /** CLIENT PAUSE keeps the dataset still: expired keys are reported missing but not deleted. */
    public void setExpiryPaused(boolean paused) {
        this.expiryPaused = paused;
    }

    /** Whether expired keys are deleted now: not on a replica (it waits for DEL), not during a pause. */
    public boolean deletesExpiredKeys() {
        return !replica && !expiryPaused;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public void resetHitStats() {
        hits = 0;
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
        for (int i = 0; i < databases.length; i++) {
            databases[i].clear(); // a running snapshot keeps the old contents (see Snapshot)
            databases[i].swapContents(loaded.databases[i]);
        }
    }
}
