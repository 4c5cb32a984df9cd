package io.lodestone.engine.type;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.HeapSize;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A set (Redis's t_set.c), in one of Redis 7.0's two encodings behind one API:
 *
 * <ul>
 *   <li><b>intset</b> (compact): while every member is the canonical decimal form of a 64-bit integer
 *       and there are at most {@code set-max-intset-entries} of them, the set is one sorted array of
 *       the values, as narrow as the widest value needs ({@code short[]}, {@code int[]} or
 *       {@code long[]}, widened on demand as Redis's intset widens its encoding), with no spare
 *       capacity. Lookups binary-search it; iteration is in ascending order, as Redis replies. The
 *       arrays are never written after creation (every change builds a new one), so copies share them.</li>
 *   <li><b>hashtable</b> (large): a {@link ByteTable} of members without values.</li>
 * </ul>
 *
 * <p>Redis 7.0 has no listpack sets: a small set of strings is a hashtable. A set converts from intset
 * to hashtable when a non-integer member arrives or the limit is crossed, and never back.
 *
 * <p><b>Positions.</b> Iteration hands out an int position (an index in the intset, or a table
 * slot), valid until the next change to the set. The hashtable stores the callers' arrays themselves
 * (no copy) and never writes into them.
 */
public final class SetValue implements TypedValue, Positioned, Sampleable, MemberCollection {
    private static final short[] NO_INTS = new short[0];

    /** A {@code short[]}, {@code int[]} or {@code long[]} (intset), or a {@link ByteTable} (hashtable). */
    private Object repr;

    /** An empty set in the compact encoding. */
    public SetValue() {
        this.repr = NO_INTS;
    }

    private SetValue(Object repr) {
        this.repr = repr;
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return isIntset() ? "intset" : "hashtable";
    }

    /** This object, and the intset array or the table with its members. */
    @Override
    public long memoryUsage() {
        long self = HeapSize.object(HeapSize.REFERENCE);
        if (repr instanceof ByteTable t) {
            return self + t.memoryUsage();
        }
        int n = Ints.length(repr);
        if (n == 0) {
            return self; // the shared empty array
        }
        return self + (repr instanceof short[] ? HeapSize.shortArray(n)
                : repr instanceof int[] ? HeapSize.intArray(n) : HeapSize.longArray(n));
    }

    /** True while the set uses the compact (intset) encoding. */
    public boolean isIntset() {
        return !(repr instanceof ByteTable);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Number of members. */
    @Override
    public int size() {
        return repr instanceof ByteTable t ? t.size : Ints.length(repr);
    }

    @Override
    public SetValue copy() {
        // intset arrays are never modified, so they can be shared
        return new SetValue(repr instanceof ByteTable t ? t.copy() : repr);
    }

    // ---- membership ----------------------------------------------------------------------------

    public boolean contains(byte[] member) {
        if (repr instanceof ByteTable t) {
            return t.find(member) >= 0;
        }
        return Bytes.isLong(member) && Ints.search(repr, Bytes.parseLong(member)) >= 0;
    }

    /** Whether the member whose decimal form is {@code value} is in the set (no bytes needed for intsets). */
    public boolean containsInt(long value) {
        if (repr instanceof ByteTable t) {
            return t.find(Bytes.toBytes(value)) >= 0;
        }
        return Ints.search(repr, value) >= 0;
    }

    // ---- writes --------------------------------------------------------------------------------

    /**
     * Adds {@code member}; true if it is new. Converts to the hashtable encoding when the member is
     * not an integer or the intset would exceed {@code set-max-intset-entries} members.
     */
    public boolean add(byte[] member, EngineConfig config) {
        if (repr instanceof ByteTable t) {
            return t.add(member);
        }
        if (Bytes.isLong(member)) {
            return addInt(Bytes.parseLong(member), config);
        }
        convertToTable(1);
        return ((ByteTable) repr).add(member);
    }

    /** Adds the member whose decimal form is {@code value}; true if it is new. */
    public boolean addInt(long value, EngineConfig config) {
        if (repr instanceof ByteTable t) {
            return t.add(Bytes.toBytes(value));
        }
        int at = Ints.search(repr, value);
        if (at >= 0) {
            return false;
        }
        if (Ints.length(repr) + 1 > config.setMaxIntsetEntries()) {
            convertToTable(1);
            return ((ByteTable) repr).add(Bytes.toBytes(value));
        }
        repr = Ints.insert(repr, -at - 1, value);
        return true;
    }

    /** Removes {@code member}; true if it was there. */
    public boolean remove(byte[] member) {
        if (repr instanceof ByteTable t) {
            return t.remove(member);
        }
        if (!Bytes.isLong(member)) {
            return false;
        }
        int at = Ints.search(repr, Bytes.parseLong(member));
        if (at < 0) {
            return false;
        }
        repr = Ints.removeAt(repr, at);
        return true;
    }

    /** Removes the member at {@code pos}; every other position may change. */
    public void removeAt(int pos) {
        if (repr instanceof ByteTable t) {
            t.removeAt(pos);
        } else {
            repr = Ints.removeAt(repr, pos);
        }
    }

    /** Switches to the hashtable encoding, with room for {@code extra} more members. */
    private void convertToTable(int extra) {
        int n = Ints.length(repr);
        ByteTable t = new ByteTable(ByteTable.capacityFor(n + extra), false);
        for (int i = 0; i < n; i++) {
            t.add(Bytes.toBytes(Ints.get(repr, i)));
        }
        repr = t;
    }

    // ---- reading through positions -------------------------------------------------------------

    /** The first position in iteration order (ascending for an intset), or -1 if empty. */
    @Override
    public int first() {
        if (repr instanceof ByteTable t) {
            return t.nextOccupied(0);
        }
        return Ints.length(repr) == 0 ? -1 : 0;
    }

    /** The position after {@code pos}, or -1 at the end. */
    @Override
    public int next(int pos) {
        if (repr instanceof ByteTable t) {
            return t.nextOccupied(pos + 1);
        }
        return pos + 1 < Ints.length(repr) ? pos + 1 : -1;
    }

    /** The member at {@code pos}: the stored array, or an intset value's decimal form. Never modify it. */
    /** Visits every member (an intset member as its decimal text): ZUNION and friends read sets this way. */
    @Override
    public void forEachMember(java.util.function.Consumer<byte[]> action) {
        for (int pos = first(); pos >= 0; pos = next(pos)) {
            action.accept(member(pos));
        }
    }

    public byte[] member(int pos) {
        if (repr instanceof ByteTable t) {
            return t.keys[pos];
        }
        return Bytes.toBytes(Ints.get(repr, pos));
    }

    /** The value at {@code pos} of an intset. */
    public long intAt(int pos) {
        return Ints.get(repr, pos);
    }

    @Override
    public int positionBound() {
        return repr instanceof ByteTable t ? t.capacity() : Ints.length(repr);
    }

    /** Both encodings pick a random position in O(1). */
    /** Every position, in iteration order (both interfaces declare it). */
    @Override
    public int[] positions() {
        return Positioned.super.positions();
    }

    /** For the shared sampler (SRANDMEMBER): a uniform draw needs the positions listed when it is not O(1). */
    @Override
    public boolean isCompact() {
        return !hasFastRandomPosition();
    }

    @Override
    public boolean hasFastRandomPosition() {
        return true;
    }

    /** A uniformly chosen position; the set must not be empty. */
    @Override
    public int randomPosition(RandomGenerator random) {
        if (repr instanceof ByteTable t) {
            return t.randomSlot(random);
        }
        return random.nextInt(Ints.length(repr));
    }

    /**
     * One SSCAN step: visits the positions of some members and returns the next cursor, 0 when done.
     * An intset is visited whole in one step, whatever the cursor, as Redis does for compact
     * encodings; a hashtable as {@link ByteTable#scan} walks it.
     */
    public long scan(long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        if (repr instanceof ByteTable t) {
            return t.scan(cursor, maxEntries, maxBuckets, visitor);
        }
        for (int i = 0, n = Ints.length(repr); i < n; i++) {
            visitor.accept(i);
        }
        return 0;
    }

    // ---- intset: the packed encoding -----------------------------------------------------------

    /**
     * Operations on a sorted, duplicate-free array of 16-, 32- or 64-bit values. Every change returns
     * a new exact-size array (Redis's intset also reallocates on each change); an insert widens the
     * whole array when the new value does not fit its width.
     */
    private static final class Ints {
        private Ints() {}

        static int length(Object a) {
            if (a instanceof short[] s) {
                return s.length;
            }
            return a instanceof int[] i ? i.length : ((long[]) a).length;
        }

        static long get(Object a, int index) {
            if (a instanceof short[] s) {
                return s[index];
            }
            return a instanceof int[] i ? i[index] : ((long[]) a)[index];
        }

        /** Bytes per value needed for {@code v}: 2, 4 or 8. */
        static int widthOf(long v) {
            if (v == (short) v) {
                return 2;
            }
            return v == (int) v ? 4 : 8;
        }

        static int widthOf(Object a) {
            if (a instanceof short[]) {
                return 2;
            }
            return a instanceof int[] ? 4 : 8;
        }

        /** The index of {@code v}, or {@code -(insertion point) - 1} as Arrays.binarySearch. */
        static int search(Object a, long v) {
            int low = 0;
            int high = length(a) - 1;
            // a value wider than the array is smaller or larger than every element
            if (widthOf(v) > widthOf(a)) {
                return v < 0 ? -1 : -(high + 2);
            }
            while (low <= high) {
                int mid = (low + high) >>> 1;
                long m = get(a, mid);
                if (m < v) {
                    low = mid + 1;
                } else if (m > v) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(low + 1);
        }

        static Object insert(Object a, int at, long v) {
            int n = length(a);
            Object out = allocate(Math.max(widthOf(a), widthOf(v)), n + 1);
            if (out.getClass() == a.getClass()) {
                System.arraycopy(a, 0, out, 0, at);
                System.arraycopy(a, at, out, at + 1, n - at);
            } else {
                for (int i = 0; i < n; i++) {
                    set(out, i < at ? i : i + 1, get(a, i));
                }
            }
            set(out, at, v);
            return out;
        }

        static Object removeAt(Object a, int at) {
            int n = length(a);
            Object out = allocate(widthOf(a), n - 1);
            System.arraycopy(a, 0, out, 0, at);
            System.arraycopy(a, at + 1, out, at, n - at - 1);
            return out;
        }

        private static Object allocate(int width, int length) {
            if (width == 2) {
                return length == 0 ? NO_INTS : new short[length];
            }
            return width == 4 ? new int[length] : new long[length];
        }

        private static void set(Object a, int index, long v) {
            if (a instanceof short[] s) {
                s[index] = (short) v;
            } else if (a instanceof int[] i) {
                i[index] = (int) v;
            } else {
                ((long[]) a)[index] = v;
            }
        }
    }
}
