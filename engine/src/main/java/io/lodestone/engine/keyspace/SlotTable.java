package io.lodestone.engine.keyspace;

import java.util.Arrays;

/**
 * The keys of one hash slot of one database: an open-addressing table with linear probing and
 * backward-shift deletion, held in parallel arrays so that an entry costs no object of its own.
 *
 * <p>Column per entry: the key, its value (a {@code byte[]} for strings, a type object otherwise),
 * its 32-bit hash (cheap probing and resizing), a meta word, and, allocated only once a key in this
 * slot has a TTL, its absolute expiry in milliseconds (0 means none). The meta word holds, as
 * Redis's robj does, a 24-bit access word in its low bits: the LRU clock of the last access
 * (OBJECT IDLETIME, LRU eviction) or, under an LFU policy, the {@link Lfu} counter and its time;
 * and 8 bits of value flags above (how a string was made, for OBJECT ENCODING). Not thread-safe:
 * the engine lock guards it.
 */
final class SlotTable {
    static final int MIN_CAPACITY = 4;
    static final int LRU_MASK = (1 << 24) - 1;

    private byte[][] keys;
    private Object[] values;
    private int[] hashes;
    private int[] meta;
    private long[] expires;
    private int size;
    private int volatileCount;

    /** @param capacity a power of two, at least {@link #MIN_CAPACITY} */
    SlotTable(int capacity) {
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
        meta = new int[capacity];
        expires = null;
    }

    int size() {
        return size;
    }

    int volatileCount() {
        return volatileCount;
    }

    int capacity() {
        return keys.length;
    }

    /** Index of the key, or -1. */
    int find(byte[] key, int hash) {
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == hash && Arrays.equals(k, key)) {
                return i;
            }
        }
    }

    /**
     * The value of a live key whose access word is already {@code accessWord}, read WITHOUT the
     * engine lock; null when there is none or the answer needs the lock (a miss, a key past its
     * deadline, an access word to update). A writer may be changing or resizing the table
     * meanwhile: the columns are read once each and used only when their lengths agree, the probe
     * is bounded, nothing is written, and the caller trusts the result only once
     * {@link io.lodestone.engine.EngineLock#validate} shows that no writer ran.
     */
    Object readWithoutLock(byte[] key, int hash, long now, int accessWord) {
        byte[][] k = keys;
        int[] h = hashes;
        Object[] v = values;
        int[] m = meta;
        long[] e = expires;
        if (k == null || h == null || v == null || m == null) {
            return null; // a table published before its columns were seen
        }
        int capacity = k.length;
        if (h.length != capacity || v.length != capacity || m.length != capacity
                || (e != null && e.length != capacity)) {
            return null; // columns of two sizes: a resize is under way
        }
        int mask = capacity - 1;
        for (int probes = 0, i = hash & mask; probes < capacity; probes++, i = (i + 1) & mask) {
            byte[] candidate = k[i];
            if (candidate == null) {
                return null;
            }
            if (h[i] == hash && Arrays.equals(candidate, key)) {
                if ((e != null && e[i] != 0 && e[i] <= now) || (m[i] & LRU_MASK) != accessWord) {
                    return null;
                }
                return v[i];
            }
        }
        return null;
    }

    /** Inserts a key known to be absent with the access word {@code now}; returns its index. */
    int insert(byte[] key, int hash, Object value, long expireAt, int now) {
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        hashes[i] = hash;
        meta[i] = now & LRU_MASK;
        size++;
        if (expireAt != 0) {
            setExpire(i, expireAt);
        }
        return i;
    }

    byte[] keyAt(int i) {
        return keys[i];
    }

    Object valueAt(int i) {
        return values[i];
    }

    void setValue(int i, Object value) {
        values[i] = value;
    }

    /** The entry's 24-bit access word: the LRU clock of its last access, or its LFU data. */
    int accessedAt(int i) {
        return meta[i] & LRU_MASK;
    }

    void touch(int i, int now) {
        meta[i] = (meta[i] & ~LRU_MASK) | (now & LRU_MASK);
    }

    /** A new value: the access word {@code now}, flags cleared. */
    void resetMeta(int i, int now) {
        meta[i] = now & LRU_MASK;
    }

    int flagsAt(int i) {
        return meta[i] >>> 24;
    }

    void setFlags(int i, int flags) {
        meta[i] = (meta[i] & LRU_MASK) | (flags << 24);
    }

    long expireAt(int i) {
        return expires == null ? 0 : expires[i];
    }

    /** Sets or (with 0) clears the expiry of the entry at {@code i}. */
    void setExpire(int i, long expireAt) {
        if (expires == null) {
            if (expireAt == 0) {
                return;
            }
            expires = new long[keys.length];
        }
        long old = expires[i];
        expires[i] = expireAt;
        if (old == 0 && expireAt != 0) {
            volatileCount++;
        } else if (old != 0 && expireAt == 0) {
            volatileCount--;
        }
    }

    /** Removes the entry at {@code i}, shifting later entries of its probe run back. */
    void removeAt(int i) {
        if (expires != null && expires[i] != 0) {
            volatileCount--;
        }
        int mask = keys.length - 1;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == null) {
                break;
            }
            int home = hashes[j] & mask;
            // move j into the hole if its home position is not in (hole, j] cyclically
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                moveEntry(j, hole);
                hole = j;
            }
        }
        clearEntry(hole);
        size--;
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
    }

    private void moveEntry(int from, int to) {
        keys[to] = keys[from];
        values[to] = values[from];
        hashes[to] = hashes[from];
        meta[to] = meta[from];
        if (expires != null) {
            expires[to] = expires[from];
        }
    }

    private void clearEntry(int i) {
        keys[i] = null;
        values[i] = null;
        hashes[i] = 0;
        meta[i] = 0;
        if (expires != null) {
            expires[i] = 0;
        }
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        int[] oldMeta = meta;
        long[] oldExpires = volatileCount > 0 ? expires : null;
        allocate(Math.max(MIN_CAPACITY, capacity));
        if (oldExpires != null) {
            expires = new long[keys.length];
        }
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) {
                continue;
            }
            int i = oldHashes[j] & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
            hashes[i] = oldHashes[j];
            meta[i] = oldMeta[j];
            if (oldExpires != null) {
                expires[i] = oldExpires[j];
            }
        }
    }
}
