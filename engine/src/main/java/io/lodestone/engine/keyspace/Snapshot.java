package io.lodestone.engine.keyspace;

/**
 * A point-in-time view of the whole keyspace, produced while writes go on, without copying the
 * dataset and without pausing clients (Dragonfly's approach, adapted to hash slots).
 *
 * <p>A snapshot walks every database slot by slot, handing each entry to its {@link Sink}. The
 * walker calls {@link #advance} under the engine lock for a small batch of slots at a time, so a
 * client never waits for more than one batch. A write to a slot the walker has not reached yet
 * first hands that whole slot, as it still is, to the sink ({@link Database} calls the hooks below
 * before every change: set, expire, delete, {@code getForWrite} of a value about to be mutated in
 * place, lazy and active expiry), then marks it done. So each slot is written exactly once, with the
 * contents it had when the snapshot began, and the sink must serialise an entry before returning
 * (the value may change right after).
 *
 * <p>Whole-database operations are followed without copying: FLUSHDB/FLUSHALL hand the dropped
 * slot tables to the snapshot (nothing else references them any more), and SWAPDB swaps which live
 * database holds each snapshot database's contents.
 *
 * <p>Entries of a database other than the one the walker is in may reach the sink early (a write
 * there); the sink keeps them apart per database. Every method runs under the engine lock. Used by
 * BGSAVE, and meant for AOF rewrite and replica full sync too; it knows nothing of file formats.
 */
public final class Snapshot {
    /** Receives the entries of a snapshot, always under the engine lock. */
    public interface Sink {
        /**
         * One entry as it was when the snapshot began. Serialise (or deep-copy) the value before
         * returning: it may be modified as soon as this returns. A string ({@code byte[]}) is the
         * exception: the engine never modifies one in place (a change stores a new array), so the
         * sink may keep the reference and serialise it later, without the lock.
         *
         * @param expireAt absolute expiry in ms, 0 for none
         */
        void entry(int db, byte[] key, Object value, long expireAt);
    }

    private static final int WORDS = Slots.COUNT / 64;

    private final Keyspace keyspace;
    private final Sink sink;
    private final long startMillis;
    /** Per snapshot database: the slots already handed to the sink. */
    private final long[][] visited;
    /** Per snapshot database: the live database now holding its contents, or null once detached. */
    private final Database[] holder;
    /** Per snapshot database: its slot tables once FLUSHDB/FLUSHALL dropped them from the keyspace. */
    private final SlotTable[][] detached;
    /** Per live database index: the snapshot database whose contents it holds, or -1. */
    private final int[] contentsOf;
    private final long[] keysAtStart;
    private final long[] volatileKeysAtStart;
    private long entriesWritten;
    private boolean ended;

    Snapshot(Keyspace keyspace, Sink sink) {
        this.keyspace = keyspace;
        this.sink = sink;
        this.startMillis = keyspace.now();
        int n = keyspace.databaseCount();
        visited = new long[n][WORDS];
        holder = new Database[n];
        detached = new SlotTable[n][];
        contentsOf = new int[n];
        keysAtStart = new long[n];
        volatileKeysAtStart = new long[n];
        for (int i = 0; i < n; i++) {
            Database db = keyspace.db(i);
            holder[i] = db;
            contentsOf[i] = i;
            keysAtStart[i] = db.size();
            volatileKeysAtStart[i] = db.volatileSize();
        }
    }

    public int databaseCount() {
        return holder.length;
    }

    /** The engine time when the snapshot began. */
    public long startMillis() {
        return startMillis;
    }

    /** Keys in database {@code db} when the snapshot began (expired ones not yet removed included). */
    public long keysAtStart(int db) {
        return keysAtStart[db];
    }

    public long volatileKeysAtStart(int db) {
        return volatileKeysAtStart[db];
    }

    public long totalKeysAtStart() {
        long total = 0;
        for (long k : keysAtStart) {
            total += k;
        }
        return total;
    }

    /** Entries handed to the sink so far. */
    public long entriesWritten() {
        return entriesWritten;
    }

    /**
     * Hands the not yet written slots of database {@code db} to the sink, from slot {@code from},
     * stopping after the slot that brings this call's entries to at least {@code maxEntries}.
     * Returns the slot to continue from, or -1 when the database is complete. Caller holds the
     * engine lock.
     */
    public int advance(int db, int from, int maxEntries) {
        checkActive();
        int written = 0;
        int slot = from;
        while (slot < Slots.COUNT && written < maxEntries) {
            if (!isVisited(db, slot)) {
                written += visit(db, slot);
            }
            slot++;
        }
        return slot >= Slots.COUNT ? -1 : slot;
    }

    /** Detaches the snapshot from the keyspace: writes no longer call it. Idempotent. */
    public void end() {
        if (!ended) {
            ended = true;
            keyspace.removeSnapshot(this);
        }
    }

    public boolean isEnded() {
        return ended;
    }

    private void checkActive() {
        if (ended) {
            throw new IllegalStateException("snapshot already ended");
        }
    }

    // ---- hooks, called by Database before a change ---------------------------------------------

    /** A key of {@code slot} in {@code live} is about to change. */
    void beforeWrite(Database live, int slot) {
        int db = contentsOf[live.index()];
        if (db >= 0 && !isVisited(db, slot)) {
            visit(db, slot);
        }
    }

    /** {@code live} is about to drop all its keys: keep its tables for the slots not written yet. */
    void beforeClear(Database live, SlotTable[] tables) {
        int db = contentsOf[live.index()];
        if (db < 0) {
            return;
        }
        detached[db] = tables;
        holder[db] = null;
        contentsOf[live.index()] = -1;
    }

    /** The contents of {@code a} and {@code b} are about to be exchanged (SWAPDB). */
    void beforeSwap(Database a, Database b) {
        int ofA = contentsOf[a.index()];
        int ofB = contentsOf[b.index()];
        contentsOf[a.index()] = ofB;
        contentsOf[b.index()] = ofA;
        if (ofA >= 0) {
            holder[ofA] = b;
        }
        if (ofB >= 0) {
            holder[ofB] = a;
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    private boolean isVisited(int db, int slot) {
        return (visited[db][slot >>> 6] & (1L << slot)) != 0;
    }

    private int visit(int db, int slot) {
        visited[db][slot >>> 6] |= 1L << slot;
        SlotTable t = holder[db] != null ? holder[db].tableForSnapshot(slot) : detached[db][slot];
        if (t == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0, cap = t.capacity(); i < cap; i++) {
            byte[] key = t.keyAt(i);
            if (key != null) {
                sink.entry(db, key, t.valueAt(i), t.expireAt(i));
                n++;
            }
        }
        entriesWritten += n;
        return n;
    }
}
