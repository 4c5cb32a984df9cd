package io.lodestone.engine.keyspace;

import io.lodestone.engine.type.TypedValue;
import io.lodestone.engine.util.Hashing;
import io.lodestone.engine.util.HeapSize;
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
 *
 * <p><b>Memory estimate.</b> Every write keeps {@link #memoryBytes()} up to date in O(1): each entry
 * costs {@link #ENTRY_BYTES} plus its key's and its value's heap bytes (a string's array, a typed
 * value's {@link TypedValue#memoryUsage()}), {@link #EXPIRE_BYTES} more with a TTL, and each slot
 * in use {@link #SLOT_TABLE_BYTES}. A value changed in place is measured when
 * {@link #getForWrite} hands it out and again when the command is done
 * ({@link Keyspace#settleMemory()}), and a value leaves with the bytes it was counted with.
 */
public final class Database {
    private static final int WORDS = Slots.COUNT / 64;

    /**
     * An entry's share of its slot table: the key, value, hash and meta columns (16 bytes a row)
     * at the table's typical half load.
     */
    public static final long ENTRY_BYTES = 32;
    /** A TTL's share of its slot table: the 8-byte expiry column at half load. */
    public static final long EXPIRE_BYTES = 16;
    /** A slot table holding keys: the object and its four columns at their smallest. */
    public static final long SLOT_TABLE_BYTES = HeapSize.object(5 * HeapSize.REFERENCE + 8)
            + 2 * HeapSize.referenceArray(4) + 2 * HeapSize.intArray(4);

    private final int index;
    private final Keyspace keyspace;
    private SlotTable[] tables = new SlotTable[Slots.COUNT];
    private long[] occupied = new long[WORDS];
    private long size;
    private long volatileKeys;
    /** Slots holding keys with a TTL (volatile-* eviction samples among them). */
    private long[] volatileOccupied = new long[WORDS];
    private int occupiedSlots;
    private int volatileSlots;
    /** This database's part of the memory estimate, in bytes. */
    private long memoryBytes;
    /** The capacity a new slot table starts with (see {@link #expectKeys}). */
    private int newTableCapacity = SlotTable.MIN_CAPACITY;

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
     * The live value of a key read WITHOUT the engine lock, at time {@code now} (ms), as
     * {@link #get} would return it; null when the read needs the lock: a miss (counted and
     * notified under it), a key past its deadline (removed under it), an access word that
     * {@link #get} would change (LRU: the entry was last read in an earlier second; LFU: always).
     * Racy by design: the caller validates the engine lock's sequence before trusting a value,
     * then counts the hit ({@link Keyspace#countLockFreeHit}).
     */
    public Object getWithoutLock(byte[] key, long now) {
        if (keyspace.tracksFrequency()) {
            return null;
        }
        SlotTable t = tables[Slots.slotOf(key)];
        if (t == null) {
            return null;
        }
        return t.readWithoutLock(key, Hashing.hash(key), now, Keyspace.lruClock(now));
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
            if (value instanceof TypedValue typed) {
                keyspace.trackInPlace(this, typed, typed.memoryUsage());
            }
        }
        return value;
    }

    /**
     * Where a live key is stored: its slot in the high half, its index in that slot's table in the
     * low half; -1 if it is absent or past its deadline (then removed, on a master). The one lookup
     * prologue of the read paths below.
     */
    private long locateLive(byte[] key) {
        int slot = Slots.slotOf(key);
        SlotTable t = tables[slot];
        if (t == null) {
            return -1;
        }
        int i = t.find(key, Hashing.hash(key));
        if (i < 0 || expireIfNeeded(t, i)) {
            return -1;
        }
        return ((long) slot << 32) | i;
    }

    /** As {@link #locateLive}, for a key stored even past its deadline, which it leaves alone. */
    private long locateStored(byte[] key) {
        int slot = Slots.slotOf(key);
        SlotTable t = tables[slot];
        int i = t == null ? -1 : t.find(key, Hashing.hash(key));
        return i < 0 ? -1 : ((long) slot << 32) | i;
    }

    /** Reads one column of an entry. */
    private interface EntryField {
        long of(SlotTable t, int i);
    }

    /** {@code field} of a live key's entry, or {@code missing} when there is none. */
    private long ofLive(byte[] key, long missing, EntryField field) {
        long where = locateLive(key);
        return where < 0 ? missing : field.of(tables[slotOf(where)], indexOf(where));
    }

    private static int slotOf(long location) {
        return (int) (location >>> 32);
    }

    private static int indexOf(long location) {
        return (int) location;
    }

    private Object lookup(byte[] key) {
        long where = locateLive(key);
        if (where < 0) {
            return null;
        }
        SlotTable t = tables[slotOf(where)];
        int i = indexOf(where);
        t.touch(i, keyspace.hitAccessWord(t.accessedAt(i)));
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
        long where = locateLive(key);
        if (where < 0) {
            return null;
        }
        SlotTable t = tables[slotOf(where)];
        int i = indexOf(where);
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
        return locateStored(key) >= 0;
    }

    /** Whether the key is stored but past its deadline, without removing it (Redis's keyIsExpired). */
    public boolean isStoredButExpired(byte[] key) {
        long where = locateStored(key);
        if (where < 0) {
            return false;
        }
        long at = tables[slotOf(where)].expireAt(indexOf(where));
        return at != 0 && at <= keyspace.now() && !keyspace.replaying();
    }

    /** Absolute expiry in ms of a live key, 0 if it has none, -1 if the key does not exist. */
    public long expireAt(byte[] key) {
        return ofLive(key, -1, SlotTable::expireAt);
    }

    /** Seconds since the key was last accessed, or -1 if it does not exist. */
    public long idleSeconds(byte[] key) {
        return ofLive(key, -1, (t, i) -> keyspace.idleSeconds(t.accessedAt(i)));
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
        return (int) ofLive(key, -1, SlotTable::flagsAt);
    }

    /** Sets the value flags of an existing key (right after writing it); false if no such key. */
    public boolean setValueFlags(byte[] key, int flags) {
        long where = locateStored(key);
        if (where < 0) {
            return false;
        }
        tables[slotOf(where)].setFlags(indexOf(where), flags);
        return true;
    }

    /**
     * Sets how long ago a key was last accessed (RESTORE IDLETIME, loading an RDB with idle
     * times); false if the key does not exist.
     */
    public boolean setIdleSeconds(byte[] key, long seconds) {
        long where = locateStored(key);
        if (where < 0) {
            return false;
        }
        if (keyspace.tracksFrequency()) {
            return true; // the access word holds LFU data: Redis ignores an idle time then
        }
        long at = keyspace.clockSeconds() - Math.max(0, seconds);
        tables[slotOf(where)].touch(indexOf(where), (int) Math.max(Integer.MIN_VALUE, at));
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
            t = tables[slot] = new SlotTable(newTableCapacity);
            occupied[slot >>> 6] |= 1L << slot;
            occupiedSlots++;
            adjustBytes(SLOT_TABLE_BYTES);
        }
        keyspace.listener().modified(this, key);
        long bytes = valueBytes(value);
        if (i < 0) {
            t.insert(key, hash, value, expireAt, keyspace.newAccessWord());
            size++;
            adjustBytes(ENTRY_BYTES + HeapSize.byteArray(key.length) + bytes);
            if (expireAt != 0) {
                volatileKeys++;
                adjustBytes(EXPIRE_BYTES);
                syncVolatileBit(slot, t);
            }
            keyspace.listener().created(this, key);
        } else {
            adjustBytes(bytes - keyspace.accountedBytes(this, t.valueAt(i)));
            t.setValue(i, value);
            // access now; under LFU Redis's overwrite keeps the counter, the lookup before it a hit
            t.resetMeta(i, keyspace.hitAccessWord(t.accessedAt(i)));
            if (!keepTtl) {
                changeExpire(slot, t, i, expireAt);
            }
        }
        if (value instanceof TypedValue typed) {
            keyspace.trackInPlace(this, typed, bytes); // commands may fill a value after storing it
        }
    }

    /**
     * A size hint, as Redis's dictExpand on an RDB's RESIZEDB: slot tables created from now on
     * start large enough for an even share of {@code keys} (a slot's share of a million keys fills
     * a table of 128 at once instead of after five resizes); 0 drops the hint. Loaders drop it
     * when they are done, so that later sparse writes do not get tables sized for a load.
     */
    public void expectKeys(long keys) {
        long perSlot = keys <= 0 ? 0 : keys / Slots.COUNT + 1;
        long wanted = perSlot * 4 / 3 + 1; // below the tables' 3/4 load limit
        int capacity = SlotTable.MIN_CAPACITY;
        while (capacity < wanted && capacity < MAX_HINTED_CAPACITY) {
            capacity <<= 1;
        }
        newTableCapacity = capacity;
    }

    /** The capacity of a slot's table, 0 if the slot holds no key (tests). */
    int tableCapacity(int slot) {
        SlotTable t = tables[slot];
        return t == null ? 0 : t.capacity();
    }

    /** The largest capacity {@link #expectKeys} gives a new table; larger ones grow as usual. */
    private static final int MAX_HINTED_CAPACITY = 1 << 16;

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
        changeExpire(slot, t, i, expireAt);
        return true;
    }

    private void changeExpire(int slot, SlotTable t, int i, long expireAt) {
        long old = t.expireAt(i);
        if (old == expireAt) {
            return;
        }
        t.setExpire(i, expireAt);
        if (old == 0) {
            volatileKeys++;
            adjustBytes(EXPIRE_BYTES);
            syncVolatileBit(slot, t);
        } else if (expireAt == 0) {
            volatileKeys--;
            adjustBytes(-EXPIRE_BYTES);
            syncVolatileBit(slot, t);
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
        boolean hadTtl = t.expireAt(i) != 0;
        long bytes = ENTRY_BYTES + HeapSize.byteArray(t.keyAt(i).length) + keyspace.accountedBytes(this, t.valueAt(i));
        if (hadTtl) {
            volatileKeys--;
            bytes += EXPIRE_BYTES;
        }
        t.removeAt(i);
        size--;
        if (t.size() == 0) {
            tables[slot] = null;
            occupied[slot >>> 6] &= ~(1L << slot);
            occupiedSlots--;
            bytes += SLOT_TABLE_BYTES;
            t = null;
        }
        adjustBytes(-bytes);
        if (hadTtl) {
            syncVolatileBit(slot, t);
        }
    }

    /** Drops every key (watchers of its keys are told first). */
    public void clear() {
        if (keyspace.snapshotting()) {
            keyspace.beforeClear(this, tables); // the old tables are never touched again: no copy
        }
        keyspace.listener().replacing(this, null);
        keyspace.forgetInPlace(this);
        tables = new SlotTable[Slots.COUNT];
        occupied = new long[WORDS];
        volatileOccupied = new long[WORDS];
        size = 0;
        volatileKeys = 0;
        occupiedSlots = 0;
        volatileSlots = 0;
        adjustBytes(-memoryBytes);
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
        long[] vo = volatileOccupied;
        volatileOccupied = other.volatileOccupied;
        other.volatileOccupied = vo;
        int n = occupiedSlots;
        occupiedSlots = other.occupiedSlots;
        other.occupiedSlots = n;
        n = volatileSlots;
        volatileSlots = other.volatileSlots;
        other.volatileSlots = n;
        long m = memoryBytes; // the keyspace's total does not change
        memoryBytes = other.memoryBytes;
        other.memoryBytes = m;
    }

    private void syncVolatileBit(int slot, SlotTable t) {
        boolean has = t != null && t.volatileCount() > 0;
        long bit = 1L << slot;
        int w = slot >>> 6;
        if (has != ((volatileOccupied[w] & bit) != 0)) {
            volatileOccupied[w] ^= bit;
            volatileSlots += has ? 1 : -1;
        }
    }

    // ---- expiry --------------------------------------------------------------------------------

    /** True if the entry is past its deadline; on a master it is then removed and reported. */
    private boolean expireIfNeeded(SlotTable t, int i) {
        long at = t.expireAt(i);
        if (at == 0 || at > keyspace.now() || keyspace.replaying()) {
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

    // ---- memory estimate -------------------------------------------------------------------------

    /** Heap bytes of this database's entries and slot tables, as estimated (see the class comment). */
    public long memoryBytes() {
        return memoryBytes;
    }

    void adjustBytes(long delta) {
        memoryBytes += delta;
        keyspace.datasetBytes += delta;
    }

    /** Heap bytes of a string value: its array. */
    static long stringBytes(byte[] value) {
        return HeapSize.byteArray(value.length);
    }

    /** Heap bytes of a value: a string's array or a typed value's own count. */
    public static long valueBytes(Object value) {
        return value instanceof byte[] string ? stringBytes(string) : ((TypedValue) value).memoryUsage();
    }

    /**
     * MEMORY USAGE: the estimated bytes of a key, its value and its entry, or -1 if there is no
     * such key. Like Redis, it neither touches the key nor checks its deadline.
     */
    public long memoryUsage(byte[] key) {
        long where = locateStored(key);
        if (where < 0) {
            return -1;
        }
        return ENTRY_BYTES + HeapSize.byteArray(key.length) + valueBytes(tables[slotOf(where)].valueAt(indexOf(where)));
    }

    /** The part of the estimate that is bookkeeping of the main table (MEMORY STATS overhead.hashtable.main). */
    public long tableOverheadBytes() {
        return size * ENTRY_BYTES + (long) occupiedSlots * SLOT_TABLE_BYTES;
    }

    /** The part of the estimate spent on TTLs (MEMORY STATS overhead.hashtable.expires). */
    public long expiresOverheadBytes() {
        return volatileKeys * EXPIRE_BYTES;
    }

    /** The estimate computed from scratch, entry by entry: equal to {@link #memoryBytes()} once settled (tests). */
    public long recountMemoryBytes() {
        long total = 0;
        for (int slot = nextOccupied(0); slot >= 0; slot = nextOccupied(slot + 1)) {
            SlotTable t = tables[slot];
            total += SLOT_TABLE_BYTES;
            for (int i = 0, n = t.capacity(); i < n; i++) {
                byte[] k = t.keyAt(i);
                if (k != null) {
                    total += ENTRY_BYTES + HeapSize.byteArray(k.length) + valueBytes(t.valueAt(i))
                            + (t.expireAt(i) != 0 ? EXPIRE_BYTES : 0);
                }
            }
        }
        return total;
    }

    // ---- access tracking and eviction ------------------------------------------------------------

    /** The key's raw 24-bit access word (LRU clock or LFU data), without touching it; -1 if no live key. */
    public int accessWord(byte[] key) {
        return (int) ofLive(key, -1, SlotTable::accessedAt);
    }

    /**
     * Removes a live key to free memory and reports it as evicted (propagated as DEL); false if it
     * is not there (or had expired, in which case it left as expired).
     */
    public boolean evict(byte[] key) {
        if (!delete(key)) {
            return false;
        }
        keyspace.listener().evicted(this, key);
        return true;
    }

    /**
     * Whether an eviction candidate is still there (with a TTL, for volatile policies). Neither
     * touches the key nor checks its deadline: an expired key frees memory as well.
     */
    public boolean holdsCandidate(byte[] key, boolean withTtlOnly) {
        long where = locateStored(key);
        return where >= 0 && (!withTtlOnly || tables[slotOf(where)].expireAt(indexOf(where)) != 0);
    }

    /** Receives the entries {@link #sample} picks: key, access word, deadline (0 = none). */
    public interface SampleSink {
        void sampled(Database db, byte[] key, int accessWord, long expireAt);
    }

    /**
     * Picks up to {@code count} entries at random for eviction (all keys, or those with a TTL) and
     * hands them to {@code sink}; returns how many. Each comes from a slot chosen uniformly among
     * the slots holding candidates, at a random position in it, so sampling costs O(count) however
     * large the database. A key may be picked twice.
     */
    public int sample(java.util.random.RandomGenerator random, boolean withTtlOnly, int count, SampleSink sink) {
        long[] bitmap = withTtlOnly ? volatileOccupied : occupied;
        int slots = withTtlOnly ? volatileSlots : occupiedSlots;
        if (slots == 0) {
            return 0;
        }
        for (int n = 0; n < count; n++) {
            SlotTable t = tables[nthSetBit(bitmap, random.nextInt(slots))];
            int mask = t.capacity() - 1;
            // every slot in the bitmap holds a candidate, so the probe ends
            for (int i = random.nextInt(t.capacity()); ; i = (i + 1) & mask) {
                byte[] k = t.keyAt(i);
                if (k != null && (!withTtlOnly || t.expireAt(i) != 0)) {
                    sink.sampled(this, k, t.accessedAt(i), t.expireAt(i));
                    break;
                }
            }
        }
        return count;
    }

    /** The index of the {@code rank}-th set bit (from 0) of a slot bitmap. */
    private static int nthSetBit(long[] bitmap, int rank) {
        for (int w = 0; w < WORDS; w++) {
            int bits = Long.bitCount(bitmap[w]);
            if (rank < bits) {
                long word = bitmap[w];
                for (int r = 0; r < rank; r++) {
                    word &= word - 1;
                }
                return w * 64 + Long.numberOfTrailingZeros(word);
            }
            rank -= bits;
        }
        throw new IllegalStateException("slot bitmap out of sync with its count");
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
        return nthSetBit(occupied, random.nextInt(occupiedSlots));
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
