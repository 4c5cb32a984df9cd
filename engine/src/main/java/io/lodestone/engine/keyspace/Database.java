package io.lodestone.engine.keyspace;

import io.lodestone.engine.util.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One of the numbered databases: its keys split over the 16384 hash slots, so that counting,
 * listing or dropping one slot never scans the others. A slot's table exists only while the slot
 * holds keys.
 *
 * <p>Reads expire lazily: a key past its deadline is reported missing and, on a master, removed
 * and reported to the {@link KeyspaceListener}. Not thread-safe: the engine lock guards it.
 */
public final class Database {
    private static final int WORDS = Slots.COUNT / 64;

    private final int index;
    private final Keyspace keyspace;
    private SlotTable[] tables = new SlotTable[Slots.COUNT];
    private long[] occupied = new long[WORDS];
    private long size;
    private long volatileKeys;

    Database(int index, Keyspace keyspace) {
        this.index = index;
        this.keyspace = keyspace;
    }

    public int index() {
        return index;
    }

    public long size() {
        return size;
    }

    /** Number of keys with a TTL. */
    public long volatileSize() {
        return volatileKeys;
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The live value of a key for reading, or null; records the access (LRU) and a hit or miss. */
    public Object get(byte[] key) {
        Object value = lookup(key);
        if (value == null) {
            keyspace.misses++;
        } else {
            keyspace.hits++;
        }
        return value;
    }

    /**
     * The live value of a key that the caller is about to modify in place, or null. Always use this
     * (never {@link #get}) before mutating a value object, so that watchers and snapshots see it.
     */
    public Object getForWrite(byte[] key) {
        Object value = lookup(key);
        if (value != null) {
            if (keyspace.snapshotting()) {
                keyspace.beforeWrite(this, Slots.slotOf(key));
            }
            keyspace.listener().modified(this, key);
        }
        return value;
    }

    private Object lookup(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return null;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return null;
        }
        t.touch(i, keyspace.clockSeconds());
        return t.valueAt(i);
    }

    /**
     * The live value for reading without touching its access time, still counted as a hit or miss:
     * Redis's LOOKUP_NOTOUCH reads (TYPE, EXISTS, TTL, OBJECT).
     */
    public Object getNoTouch(byte[] key) {
        Object value = peek(key);
        if (value == null) {
            keyspace.misses++;
        } else {
            keyspace.hits++;
        }
        return value;
    }

    /** The live value without touching its access time (TYPE-like peeks, OBJECT IDLETIME). */
    public Object peek(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return null;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return null;
        }
        return t.valueAt(i);
    }

    public boolean exists(byte[] key) {
        return peek(key) != null;
    }

    /** Absolute expiry in ms of a live key, 0 if it has none, -1 if the key does not exist. */
    public long expireAt(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return -1;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return -1;
        }
        return t.expireAt(i);
    }

    /** Seconds since the key was last accessed, or -1 if it does not exist. */
    public long idleSeconds(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return -1;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return -1;
        }
        return Math.max(0, keyspace.clockSeconds() - t.accessedAt(i));
    }

    /**
     * Sets how long ago a key was last accessed (RESTORE IDLETIME, loading an RDB with idle
     * times); false if the key does not exist.
     */
    public boolean setIdleSeconds(byte[] key, long seconds) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return false;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0) {
            return false;
        }
        long at = keyspace.clockSeconds() - Math.max(0, seconds);
        t.touch(i, (int) Math.max(Integer.MIN_VALUE, at));
        return true;
    }

    // ---- writes --------------------------------------------------------------------------------

    /** Sets a key to a value and clears any TTL (Redis's setKey). */
    public void set(byte[] key, Object value) {
        put(key, value, 0, false);
    }

    /** Sets a key to a value with an absolute expiry in ms (0 for none). */
    public void set(byte[] key, Object value, long expireAt) {
        put(key, value, expireAt, false);
    }

    /** Replaces a key's value, keeping its TTL if it has one (KEEPTTL, in-place type changes). */
    public void setKeepTtl(byte[] key, Object value) {
        put(key, value, 0, true);
    }

    private void put(byte[] key, Object value, long expireAt, boolean keepTtl) {
        int slot = Slots.slotOf(key);
        int hash = Hashing.hash(key);
        if (keyspace.snapshotting()) {
            keyspace.beforeWrite(this, slot);
        }
        SlotTable t = tables[slot];
        if (t == null) {
            t = tables[slot] = new SlotTable();
            occupied[slot >>> 6] |= 1L << slot;
        }
        keyspace.listener().modified(this, key);
        int now = keyspace.clockSeconds();
        int i = t.find(key, hash);
        if (i < 0) {
            t.insert(key, hash, value, expireAt, now);
            size++;
            if (expireAt != 0) {
                volatileKeys++;
            }
            return;
        }
        t.setValue(i, value);
        t.touch(i, now);
        if (!keepTtl) {
            changeExpire(t, i, expireAt);
        }
    }

    /** Sets the absolute expiry (ms) of an existing key, or clears it with 0; false if no such key. */
    public boolean setExpire(byte[] key, long expireAt) {
        int slot = Slots.slotOf(key);
        SlotTable t = tables[slot];
        if (t == null) {
            return false;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return false;
        }
        if (keyspace.snapshotting()) {
            keyspace.beforeWrite(this, slot); // no probe moves before the change: i stays valid
        }
        keyspace.listener().modified(this, key);
        changeExpire(t, i, expireAt);
        return true;
    }

    private void changeExpire(SlotTable t, int i, long expireAt) {
        long old = t.expireAt(i);
        if (old == expireAt) {
            return;
        }
        t.setExpire(i, expireAt);
        if (old == 0) {
            volatileKeys++;
        } else if (expireAt == 0) {
            volatileKeys--;
        }
    }

    /** Deletes a live key; false if it did not exist (or had already expired). */
    public boolean delete(byte[] key) {
        int slot = Slots.slotOf(key);
        SlotTable t = tables[slot];
        if (t == null) {
            return false;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return false;
        }
        if (keyspace.snapshotting()) {
            keyspace.beforeWrite(this, slot);
        }
        keyspace.listener().modified(this, key);
        removeAt(slot, t, i);
        return true;
    }

    private void removeAt(int slot, SlotTable t, int i) {
        if (t.expireAt(i) != 0) {
            volatileKeys--;
        }
        t.removeAt(i);
        size--;
        if (t.size() == 0) {
            tables[slot] = null;
            occupied[slot >>> 6] &= ~(1L << slot);
        }
    }

    /** Drops every key. */
    public void clear() {
        if (keyspace.snapshotting()) {
            keyspace.beforeClear(this, tables); // the old tables are never touched again: no copy
        }
        tables = new SlotTable[Slots.COUNT];
        occupied = new long[WORDS];
        size = 0;
        volatileKeys = 0;
    }

    /** Exchanges all contents with another database (SWAPDB). */
    void swapContents(Database other) {
        SlotTable[] t = tables;
        tables = other.tables;
        other.tables = t;
        long[] o = occupied;
        occupied = other.occupied;
        other.occupied = o;
        long s = size;
        size = other.size;
        other.size = s;
        long v = volatileKeys;
        volatileKeys = other.volatileKeys;
        other.volatileKeys = v;
    }

    // ---- expiry --------------------------------------------------------------------------------

    /** True if the entry is past its deadline; on a master it is then removed and reported. */
    private boolean expireIfNeeded(SlotTable t, int i) {
        long at = t.expireAt(i);
        if (at == 0 || at > keyspace.now()) {
            return false;
        }
        if (keyspace.isReplica()) {
            return true; // a replica waits for its master's DEL
        }
        byte[] key = t.keyAt(i);
        int slot = Slots.slotOf(key);
        if (keyspace.snapshotting()) {
            keyspace.beforeWrite(this, slot);
        }
        removeAt(slot, t, i);
        keyspace.listener().expired(this, key);
        return true;
    }

    /**
     * Visits up to {@code maxSlots} slots holding keys with a TTL, starting at {@code fromSlot},
     * removing the keys past their deadline. Returns the slot after the last one visited (wrapping
     * to 0), so that repeated calls cover every slot in turn.
     */
    public int expireSlots(int fromSlot, int maxSlots, long[] expiredOut) {
        if (volatileKeys == 0 || keyspace.isReplica()) {
            return 0;
        }
        long now = keyspace.now();
        int slot = fromSlot & Slots.MASK;
        List<byte[]> dead = new ArrayList<>();
        for (int visited = 0; visited < maxSlots; visited++) {
            SlotTable t = tables[slot];
            if (t != null && t.volatileCount() > 0) {
                if (keyspace.snapshotting()) {
                    keyspace.beforeWrite(this, slot);
                }
                dead.clear();
                for (int i = 0, n = t.capacity(); i < n; i++) {
                    long at = t.expireAt(i);
                    if (at != 0 && at <= now && t.keyAt(i) != null) {
                        dead.add(t.keyAt(i));
                    }
                }
                for (byte[] key : dead) {
                    SlotTable current = tables[slot];
                    int i = current.find(key, Hashing.hash(key));
                    removeAt(slot, current, i);
                    keyspace.listener().expired(this, key);
                    expiredOut[0]++;
                }
            }
            slot = (slot + 1) & Slots.MASK;
        }
        return slot;
    }

    // ---- iteration -----------------------------------------------------------------------------

    /** Visits every live key (expired ones are skipped, not removed). */
    public void forEachKey(Consumer<byte[]> visitor) {
        for (int slot = nextOccupied(0); slot >= 0; slot = nextOccupied(slot + 1)) {
            visitSlot(slot, visitor);
        }
    }

    /**
     * One SCAN step: visits whole slots from {@code cursor} until at least {@code count} keys were
     * visited; returns the next cursor, 0 when done. Keys present for the whole scan are visited
     * exactly once, whatever the table does meanwhile, because a slot is visited in one step.
     */
    public long scan(long cursor, long count, Consumer<byte[]> visitor) {
        if (cursor < 0 || cursor >= Slots.COUNT) {
            return 0;
        }
        long seen = 0;
        int slot = nextOccupied((int) cursor);
        while (slot >= 0 && seen < count) {
            seen += visitSlot(slot, visitor);
            slot = nextOccupied(slot + 1);
        }
        return slot < 0 ? 0 : slot;
    }

    private int visitSlot(int slot, Consumer<byte[]> visitor) {
        SlotTable t = tables[slot];
        long now = keyspace.now();
        int visited = 0;
        for (int i = 0, n = t.capacity(); i < n; i++) {
            byte[] k = t.keyAt(i);
            if (k != null) {
                long at = t.expireAt(i);
                if (at == 0 || at > now) {
                    visitor.accept(k);
                    visited++;
                }
            }
        }
        return visited;
    }

    /** The table of one slot, for a snapshot walking it (null when the slot is empty). */
    SlotTable tableForSnapshot(int slot) {
        return tables[slot];
    }

    /** Number of keys in one slot (CLUSTER COUNTKEYSINSLOT). */
    public int countKeysInSlot(int slot) {
        SlotTable t = tables[slot];
        return t == null ? 0 : t.size();
    }

    /** A random live key, or null if the database is empty. */
    public byte[] randomKey(java.util.random.RandomGenerator random) {
        // bounded retries: every key might be logically expired (on a replica, say)
        for (int attempt = 0; attempt < 100 && size > 0; attempt++) {
            int slot = randomOccupiedSlot(random);
            SlotTable t = tables[slot];
            int start = random.nextInt(t.capacity());
            for (int n = 0; n < t.capacity(); n++) {
                int i = (start + n) & (t.capacity() - 1);
                if (t.keyAt(i) != null) {
                    if (!expireIfNeeded(t, i)) {
                        return t.keyAt(i);
                    }
                    break;
                }
            }
        }
        return null;
    }

    private int randomOccupiedSlot(java.util.random.RandomGenerator random) {
        int occupiedSlots = 0;
        for (long w : occupied) {
            occupiedSlots += Long.bitCount(w);
        }
        int rank = random.nextInt(occupiedSlots);
        for (int w = 0; w < WORDS; w++) {
            int bits = Long.bitCount(occupied[w]);
            if (rank < bits) {
                long word = occupied[w];
                for (int r = 0; r < rank; r++) {
                    word &= word - 1;
                }
                return w * 64 + Long.numberOfTrailingZeros(word);
            }
            rank -= bits;
        }
        throw new IllegalStateException("occupied bitmap out of sync with size " + size);
    }

    private int nextOccupied(int from) {
        if (from >= Slots.COUNT) {
            return -1;
        }
        int w = from >>> 6;
        long word = occupied[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return w * 64 + Long.numberOfTrailingZeros(word);
            }
            if (++w == WORDS) {
                return -1;
            }
            word = occupied[w];
        }
    }
}
