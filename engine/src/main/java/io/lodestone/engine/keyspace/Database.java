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
            keyspace.listener().missed(this, key);
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
            keyspace.listener().missed(this, key);
        } else {
            keyspace.hits++;
        }
        return value;
    }

    /**
     * As {@link #getNoTouch} but a miss is not a keyspace event: OBJECT's lookups (Redis's
     * LOOKUP_NOTOUCH | LOOKUP_NONOTIFY).
     */
    public Object inspect(byte[] key) {
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

    /**
     * Whether the key is stored, even past its deadline, without expiring it: Redis's dictFind,
     * which WATCH's bookkeeping uses to tell a deleted key from an expired one.
     */
    public boolean isStored(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        return t != null && t.find(key, Hashing.hash(key)) >= 0;
    }

    /** Whether the key is stored but past its deadline, without removing it (Redis's keyIsExpired). */
    public boolean isStoredButExpired(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return false;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0) {
            return false;
        }
        long at = t.expireAt(i);
        return at != 0 && at <= keyspace.now();
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
        int clock = keyspace.clockSeconds();
        int accessed = t.accessedAt(i);
        // the clock wraps every 2^24 seconds, as Redis's estimateObjectIdleTime allows for
        return clock >= accessed ? clock - accessed : clock + (SlotTable.LRU_MASK - accessed);
    }

    // ---- value flags -----------------------------------------------------------------------------

    /** String made by APPEND or SETRANGE: OBJECT ENCODING says "raw" whatever its content. */
    public static final int FLAG_RAW = 1;
    /** String made from a float (INCRBYFLOAT): "embstr" or "raw" by length, never "int". */
    public static final int FLAG_NOT_INT = 2;

    /**
     * The flags of a live key's value (0 after every write, until a command sets some), or -1 if
     * the key does not exist. They say how a string was made, which Redis's OBJECT ENCODING shows.
     */
    public int valueFlags(byte[] key) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return -1;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return -1;
        }
        return t.flagsAt(i);
    }

    /** Sets the value flags of an existing key (right after writing it); false if no such key. */
    public boolean setValueFlags(byte[] key, int flags) {
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return false;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0) {
            return false;
        }
        t.setFlags(i, flags);
        return true;
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
        int i = t == null ? -1 : t.find(key, hash);
        if (i >= 0 && keyspace.deletesExpiredKeys() && expireIfNeeded(t, i)) {
            // an expired key is removed first, as Redis's lookupKeyWrite does: its "expired" event
            // and DEL come before the write, which then creates a new key (without the old TTL)
            t = tables[slot];
            i = -1;
        }
        if (t == null) {
            t = tables[slot] = new SlotTable();
            occupied[slot >>> 6] |= 1L << slot;
        }
        keyspace.listener().modified(this, key);
        int now = keyspace.clockSeconds();
        if (i < 0) {
            t.insert(key, hash, value, expireAt, now);
            size++;
            if (expireAt != 0) {
                volatileKeys++;
            }
            keyspace.listener().created(this, key);
            return;
        }
        t.setValue(i, value);
        t.resetMeta(i, now);
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

    /** Drops every key (watchers of its keys are told first). */
    public void clear() {
        if (keyspace.snapshotting()) {
            keyspace.beforeClear(this, tables); // the old tables are never touched again: no copy
        }
        keyspace.listener().replacing(this, null);
        tables = new SlotTable[Slots.COUNT];
        occupied = new long[WORDS];
        size = 0;
        volatileKeys = 0;
    }

    /** Exchanges all contents with another database (SWAPDB); watchers of either side are told first. */
    void swapContents(Database other) {
        keyspace.listener().replacing(this, other);
        keyspace.listener().replacing(other, this);
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
        if (!keyspace.deletesExpiredKeys()) {
            return true; // a replica waits for its master's DEL; a paused server keeps the dataset still
        }
        byte[] key = t.keyAt(i);
        Object value = t.valueAt(i);
        int slot = Slots.slotOf(key);
        if (keyspace.snapshotting()) {
            keyspace.beforeWrite(this, slot);
        }
        removeAt(slot, t, i);
        keyspace.listener().expired(this, key, value);
        return true;
    }

    /**
     * Visits up to {@code maxSlots} slots holding keys with a TTL, starting at {@code fromSlot},
     * removing the keys past their deadline. Returns the slot after the last one visited (wrapping
     * to 0), so that repeated calls cover every slot in turn.
     */
    public int expireSlots(int fromSlot, int maxSlots, long[] expiredOut) {
        if (volatileKeys == 0 || !keyspace.deletesExpiredKeys()) {
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
                    Object value = current.valueAt(i);
                    removeAt(slot, current, i);
                    keyspace.listener().expired(this, key, value);
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

    /**
     * The average remaining time to live in ms of the keys with a TTL (INFO keyspace avg_ttl),
     * estimated from at most {@code maxSamples} of them, or 0 if there are none. The sample is
     * taken in slot order: a key's slot is a hash of its name, unrelated to its TTL, so the first
     * keys found are as good as random ones, and the cost is bounded whatever the size.
     */
    public long averageTtl(int maxSamples) {
        if (volatileKeys == 0) {
            return 0;
        }
        long now = keyspace.now();
        long sum = 0;
        int sampled = 0;
        for (int slot = nextOccupied(0); slot >= 0 && sampled < maxSamples; slot = nextOccupied(slot + 1)) {
            SlotTable t = tables[slot];
            if (t.volatileCount() == 0) {
                continue;
            }
            for (int i = 0, n = t.capacity(); i < n && sampled < maxSamples; i++) {
                long at = t.expireAt(i);
                if (at > now && t.keyAt(i) != null) {
                    sum += at - now;
                    sampled++;
                }
            }
        }
        return sampled == 0 ? 0 : sum / sampled;
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
