package io.lodestone.engine.type;

import io.lodestone.engine.util.HeapSize;

import io.lodestone.engine.util.Hashing;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * Members and their scores: an open-addressing table with linear probing and backward-shift
 * deletion, in two parallel arrays (no object per entry, no boxed score). It is the member index of
 * a large sorted set (ZSCORE in O(1)) and the accumulator of ZUNION / ZINTER.
 *
 * <p>It keeps each member's hash in a third array: probing compares hashes before touching a
 * member array (a cache miss each), and moves never rehash.
 *
 * <p>At most 3/4 full, shrunk when under 1/8 full. Members are the callers' arrays, stored without
 * copying and never written to. A slot number is valid until the next change.
 */
public final class ScoreTable {
    private static final int MIN_CAPACITY = 4;

    private byte[][] members;
    private double[] scores;
    private int[] hashes;
    private int size;
    /** Heap bytes of the member arrays, kept as members come and go (memoryUsage). */
    private long memberBytes;

    public ScoreTable() {
        this(0);
    }

    /** A table with room for {@code expected} members before it grows. */
    public ScoreTable(int expected) {
        int capacity = capacityFor(expected);
        members = new byte[capacity][];
        scores = new double[capacity];
        hashes = new int[capacity];
    }

    private ScoreTable(byte[][] members, double[] scores, int[] hashes, int size, long memberBytes) {
        this.memberBytes = memberBytes;
        this.members = members;
        this.scores = scores;
        this.hashes = hashes;
        this.size = size;
    }

    /** The smallest power of two, at least 4, that holds {@code n} entries at most 3/4 full. */
    static int capacityFor(int n) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3L < n * 4L) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** A copy sharing the member arrays (they are never modified). */
    public ScoreTable copy() {
        return new ScoreTable(members.clone(), scores.clone(), hashes.clone(), size, memberBytes);
    }

    public int size() {
        return size;
    }

    /** Number of slots: slot numbers are below it. */
    public int capacity() {
        return members.length;
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The slot of {@code member}, or -1. */
    public int find(byte[] member) {
        return find(member, Hashing.hash(member));
    }

    private int find(byte[] member, int hash) {
        int mask = members.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            byte[] m = members[i];
            if (m == null) {
                return -1;
            }
            if (hashes[i] == hash && Arrays.equals(m, member)) {
                return i;
            }
        }
    }

    /** The score of {@code member}, or NaN (never a stored score) if absent. */
    public double get(byte[] member) {
        int slot = find(member);
        return slot < 0 ? Double.NaN : scores[slot];
    }

    public byte[] memberAt(int slot) {
        return members[slot];
    }

    public double scoreAt(int slot) {
        return scores[slot];
    }

    // ---- writes --------------------------------------------------------------------------------

    public void setScoreAt(int slot, double score) {
        scores[slot] = score;
    }

    /** Adds a member known to be absent, growing first if needed. */
    public void putNew(byte[] member, double score) {
        int hash = Hashing.hash(member);
        if ((size + 1) * 4L > members.length * 3L) {
            resize(members.length << 1);
        }
        place(member, score, hash);
        size++;
        memberBytes += HeapSize.byteArray(member.length);
    }

    private void place(byte[] member, double score, int hash) {
        int mask = members.length - 1;
        int i = hash & mask;
        while (members[i] != null) {
            i = (i + 1) & mask;
        }
        members[i] = member;
        scores[i] = score;
        hashes[i] = hash;
    }

    /** Removes {@code member}; true if it was there. */
    public boolean remove(byte[] member) {
        int slot = find(member);
        if (slot < 0) {
            return false;
        }
        removeAt(slot);
        return true;
    }

    /** Removes the entry in {@code slot}; other entries may move (the table may shrink). */
    public void removeAt(int slot) {
        memberBytes -= HeapSize.byteArray(members[slot].length);
        int mask = members.length - 1;
        int gap = slot;
        for (int j = (slot + 1) & mask; members[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // the entry at j may fill the gap unless its home lies cyclically in (gap, j]
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                members[gap] = members[j];
                scores[gap] = scores[j];
                hashes[gap] = hashes[j];
                gap = j;
            }
        }
        members[gap] = null;
        scores[gap] = 0;
        hashes[gap] = 0;
        size--;
        if (size * 8L < members.length && members.length > MIN_CAPACITY) {
            resize(capacityFor(size * 2));
        }
    }

    /** O(1): the table, its three arrays and the member arrays (which the tree shares). */
    public long memoryUsage() {
        int capacity = members.length;
        return HeapSize.object(3 * HeapSize.REFERENCE + Integer.BYTES + Long.BYTES)
                + HeapSize.referenceArray(capacity) + HeapSize.longArray(capacity) + HeapSize.intArray(capacity)
                + memberBytes;
    }

    private void resize(int capacity) {
        byte[][] oldMembers = members;
        double[] oldScores = scores;
        int[] oldHashes = hashes;
        members = new byte[capacity][];
        scores = new double[capacity];
        hashes = new int[capacity];
        for (int i = 0; i < oldMembers.length; i++) {
            if (oldMembers[i] != null) {
                place(oldMembers[i], oldScores[i], oldHashes[i]);
            }
        }
    }

    // ---- iteration -----------------------------------------------------------------------------

    /** The first occupied slot at or after {@code from}, or -1. */
    public int nextOccupied(int from) {
        for (int i = from; i < members.length; i++) {
            if (members[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** A uniformly chosen occupied slot; the table must not be empty. */
    public int randomSlot(RandomGenerator random) {
        // the table is kept at least 1/8 full, so a few probes find an entry
        int mask = members.length - 1;
        while (true) {
            int slot = random.nextInt() & mask;
            if (members[slot] != null) {
                return slot;
            }
        }
    }

    /** One SCAN step (HSCAN, SSCAN, ZSCAN): see {@link TableScan#step}. */
    public long scan(long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        return TableScan.step(members, hashes, cursor, maxEntries, maxBuckets, visitor);
    }
}
