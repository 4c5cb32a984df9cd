package io.lodestone.engine.type;

import io.lodestone.engine.util.Hashing;
import io.lodestone.engine.util.HeapSize;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * The large encoding of hashes and sets ("hashtable"): an open-addressing table of {@code byte[]}
 * keys with linear probing, optionally with a parallel array of values (a hash's), and no object
 * per entry. At most 3/4 full, shrunk when under 1/8 full. A removal shifts the following entries of
 * its run back (no tombstones), so an entry always sits in the unbroken run that starts at its home
 * bucket ({@code hash & mask}); {@link #scan} relies on that.
 *
 * <p>Keys and values are the callers' arrays, stored without copying and never written to.
 */
final class ByteTable {
    private static final int MIN_CAPACITY = 4;

    /** Keys by slot; null marks a free slot. */
    byte[][] keys;
    /** Values by slot, or null for a table of keys alone (a set). */
    byte[][] values;
    /** The hash of the key in each slot, kept so probing and resizing never rehash. */
    int[] hashes;
    int size;
    /** Heap bytes of the key and value arrays held, kept as entries come and go (memory estimate). */
    private long elementBytes;

    ByteTable(int capacity, boolean withValues) {
        keys = new byte[capacity][];
        values = withValues ? new byte[capacity][] : null;
        hashes = new int[capacity];
    }

    private ByteTable() {}

    /** The smallest power of two, at least 4, that holds {@code n} entries at most 3/4 full. */
    static int capacityFor(int n) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3L < n * 4L) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** A copy sharing the key and value arrays (they are never modified). */
    ByteTable copy() {
        ByteTable t = new ByteTable();
        t.keys = keys.clone();
        t.values = values == null ? null : values.clone();
        t.hashes = hashes.clone();
        t.size = size;
        t.elementBytes = elementBytes;
        return t;
    }

    /** This table's heap bytes: itself, its columns, and the arrays of its entries. O(1). */
    long memoryUsage() {
        int capacity = keys.length;
        long columns = HeapSize.referenceArray(capacity) * (values == null ? 1 : 2) + HeapSize.intArray(capacity);
        return HeapSize.object(3 * HeapSize.REFERENCE + 4 + 8) + columns + elementBytes;
    }

    int capacity() {
        return keys.length;
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The slot of {@code key}, or -1. */
    int find(byte[] key) {
        return find(key, Hashing.hash(key));
    }

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

    // ---- writes --------------------------------------------------------------------------------

    /** Adds {@code key} (a table without values); true if it was not there. */
    boolean add(byte[] key) {
        int hash = Hashing.hash(key);
        if (find(key, hash) >= 0) {
            return false;
        }
        insertNew(key, null, hash);
        return true;
    }

    /** Sets {@code key} to {@code value} (a table with values); true if the key is new. */
    boolean put(byte[] key, byte[] value) {
        int hash = Hashing.hash(key);
        int i = find(key, hash);
        if (i >= 0) {
            elementBytes += HeapSize.byteArray(value.length) - HeapSize.byteArray(values[i].length);
            values[i] = value;
            return false;
        }
        insertNew(key, value, hash);
        return true;
    }

    /** Adds a key known to be absent, growing first if needed. */
    private void insertNew(byte[] key, byte[] value, int hash) {
        if ((size + 1) * 4L > keys.length * 3L) {
            resize(keys.length << 1);
        }
        place(key, value, hash);
        size++;
        elementBytes += HeapSize.byteArray(key.length) + (value == null ? 0 : HeapSize.byteArray(value.length));
    }

    /** Puts an entry into the first free slot of its run. */
    private void place(byte[] key, byte[] value, int hash) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        if (values != null) {
            values[i] = value;
        }
        hashes[i] = hash;
    }

    /** Removes {@code key}; true if it was there. */
    boolean remove(byte[] key) {
        int i = find(key);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes the entry in slot {@code i}; slots are renumbered (the table may shrink). */
    void removeAt(int i) {
        elementBytes -= HeapSize.byteArray(keys[i].length)
                + (values == null ? 0 : HeapSize.byteArray(values[i].length));
        int mask = keys.length - 1;
        int gap = i;
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // the entry at j may fill the gap unless its home lies cyclically in (gap, j]
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                if (values != null) {
                    values[gap] = values[j];
                }
                hashes[gap] = hashes[j];
                gap = j;
            }
        }
        keys[gap] = null;
        if (values != null) {
            values[gap] = null;
        }
        hashes[gap] = 0;
        size--;
        if (size * 8L < keys.length && keys.length > MIN_CAPACITY) {
            resize(capacityFor(size * 2));
        }
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        byte[][] oldValues = values;
        int[] oldHashes = hashes;
        keys = new byte[capacity][];
        values = oldValues == null ? null : new byte[capacity][];
        hashes = new int[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                place(oldKeys[i], oldValues == null ? null : oldValues[i], oldHashes[i]);
            }
        }
    }

    // ---- iteration -----------------------------------------------------------------------------

    /** The first occupied slot at or after {@code from}, or -1. */
    int nextOccupied(int from) {
        for (int i = from; i < keys.length; i++) {
            if (keys[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** A uniformly chosen occupied slot; the table must not be empty. */
    int randomSlot(RandomGenerator random) {
        // the table is kept at least 1/8 full, so a few probes find an entry
        int mask = keys.length - 1;
        while (true) {
            int slot = random.nextInt() & mask;
            if (keys[slot] != null) {
                return slot;
            }
        }
    }

    /** One SCAN step (HSCAN, SSCAN, ZSCAN): see {@link TableScan#step}. */
    long scan(long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        return TableScan.step(keys, hashes, cursor, maxEntries, maxBuckets, visitor);
    }
}
