package io.lodestone.engine.type;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.util.Hashing;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash (Redis's t_hash.c), in one of two encodings behind one API:
 *
 * <ul>
 *   <li><b>listpack</b> (compact): one packed {@code byte[]} holding {@code [field][value]...}, each
 *       part prefixed by its length as a varint, and nothing else: no count (HLEN walks at most
 *       {@code hash-max-listpack-entries} entries, as every other listpack operation does), no spare
 *       capacity. Linear search, insertion order kept (an updated field keeps its place, a deleted
 *       one is cut out). Used while the hash has at most {@code hash-max-listpack-entries} fields and
 *       no field or value longer than {@code hash-max-listpack-value} bytes. A five-field hash of
 *       10-byte fields and 20-byte values costs this object (16 bytes) plus one array (16 + 160
 *       bytes): 192 bytes, where Redis spends 16 (robj) + 192 (the 177-byte listpack's allocation).</li>
 *   <li><b>hashtable</b> (large): an open-addressing table with linear probing and backward-shift
 *       deletion: parallel arrays of fields, values and hashes, no object per entry.</li>
 * </ul>
 *
 * <p>A hash converts from listpack to hashtable when a limit is crossed and never back, as in Redis.
 *
 * <p><b>Positions.</b> Lookups and iteration hand out an int position (an offset in the packed array,
 * or a table slot) through which the field and value are read without copying. A position is valid
 * until the next change to the hash.
 *
 * <p>The hashtable stores the callers' arrays themselves (no copy) and never writes into them, so
 * callers must not modify arrays after handing them over, and {@link #copy()} may share them.
 */
public final class HashValue implements TypedValue, Sampleable {
    /** An empty packed array: it has no entry to overwrite in place, so it can be shared. */
    private static final byte[] EMPTY = new byte[0];

    /** A packed {@code byte[]} (listpack) or a {@link Table} (hashtable). */
    private Object repr;

    /** An empty hash in the compact encoding. */
    public HashValue() {
        this.repr = EMPTY;
    }

    private HashValue(Object repr) {
        this.repr = repr;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return repr instanceof byte[] ? "listpack" : "hashtable";
    }

    /** True while the hash uses the compact (listpack) encoding. */
    @Override
    public boolean isCompact() {
        return repr instanceof byte[];
    }

    @Override
    public boolean isEmpty() {
        return repr instanceof byte[] packed ? packed.length == 0 : ((Table) repr).size == 0;
    }

    /** Number of fields. */
    @Override
    public int size() {
        if (repr instanceof byte[] packed) {
            return Packed.count(packed);
        }
        return ((Table) repr).size;
    }

    @Override
    public HashValue copy() {
        if (repr instanceof byte[] packed) {
            return new HashValue(packed.clone());
        }
        return new HashValue(((Table) repr).copy());
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The position of {@code field}, or -1. */
    public int find(byte[] field) {
        if (repr instanceof byte[] packed) {
            return Packed.find(packed, field);
        }
        Table t = (Table) repr;
        return t.find(field, Hashing.hash(field));
    }

    public boolean contains(byte[] field) {
        return find(field) >= 0;
    }

    /** The value of {@code field} (a copy for the compact encoding; never modify it), or null. */
    public byte[] get(byte[] field) {
        int pos = find(field);
        return pos < 0 ? null : value(pos);
    }

    // ---- reading through positions -------------------------------------------------------------

    /** The array holding the field at {@code pos}; read it at {@link #fieldOffset}, {@link #fieldLength}. */
    public byte[] fieldArray(int pos) {
        return repr instanceof byte[] packed ? packed : ((Table) repr).fields[pos];
    }

    public int fieldOffset(int pos) {
        return repr instanceof byte[] packed ? Packed.dataOffset(packed, pos) : 0;
    }

    public int fieldLength(int pos) {
        return repr instanceof byte[] packed ? readVarint(packed, pos) : ((Table) repr).fields[pos].length;
    }

    public byte[] valueArray(int pos) {
        return repr instanceof byte[] packed ? packed : ((Table) repr).values[pos];
    }

    public int valueOffset(int pos) {
        if (repr instanceof byte[] packed) {
            return Packed.dataOffset(packed, Packed.skip(packed, pos));
        }
        return 0;
    }

    public int valueLength(int pos) {
        if (repr instanceof byte[] packed) {
            return readVarint(packed, Packed.skip(packed, pos));
        }
        return ((Table) repr).values[pos].length;
    }

    /** The field at {@code pos} as its own array (a copy for the compact encoding; never modify it). */
    public byte[] field(int pos) {
        if (repr instanceof byte[] packed) {
            int off = Packed.dataOffset(packed, pos);
            return Arrays.copyOfRange(packed, off, off + readVarint(packed, pos));
        }
        return ((Table) repr).fields[pos];
    }

    /** The value at {@code pos} as its own array (a copy for the compact encoding; never modify it). */
    public byte[] value(int pos) {
        if (repr instanceof byte[] packed) {
            int v = Packed.skip(packed, pos);
            int off = Packed.dataOffset(packed, v);
            return Arrays.copyOfRange(packed, off, off + readVarint(packed, v));
        }
        return ((Table) repr).values[pos];
    }

    // ---- iteration -----------------------------------------------------------------------------

    /** The first position in iteration order (insertion order when compact), or -1 if empty. */
    public int first() {
        if (repr instanceof byte[] packed) {
            return packed.length == 0 ? -1 : 0;
        }
        return ((Table) repr).nextOccupied(0);
    }

    /** The position after {@code pos}, or -1 at the end. */
    public int next(int pos) {
        if (repr instanceof byte[] packed) {
            int after = Packed.skip(packed, Packed.skip(packed, pos));
            return after < packed.length ? after : -1;
        }
        return ((Table) repr).nextOccupied(pos + 1);
    }

    /** Every position, in iteration order. */
    @Override
    public int[] positions() {
        int[] all = new int[size()];
        int n = 0;
        for (int pos = first(); pos >= 0; pos = next(pos)) {
            all[n++] = pos;
        }
        return all;
    }

    /** An exclusive upper bound of positions, for callers that mark positions in a bitmap. */
    @Override
    public int positionBound() {
        return repr instanceof byte[] packed ? packed.length : ((Table) repr).fields.length;
    }

    /** A uniformly chosen position; the hash must not be empty. */
    @Override
    public int randomPosition(RandomGenerator random) {
        if (repr instanceof byte[]) {
            int index = random.nextInt(size());
            int pos = first();
            for (int i = 0; i < index; i++) {
                pos = next(pos);
            }
            return pos;
        }
        // the table is kept at least 1/8 full, so a few probes find an entry
        Table t = (Table) repr;
        int mask = t.fields.length - 1;
        while (true) {
            int slot = random.nextInt() & mask;
            if (t.fields[slot] != null) {
                return slot;
            }
        }
    }

    /**
     * One HSCAN step: visits the positions of the entries in some buckets and returns the next cursor,
     * 0 when done. A compact hash is visited whole in one step. In a hashtable the cursor walks the
     * home buckets in reverse-binary order (as Redis's dictScan does), so an entry present for the
     * whole scan is visited at least once even if the table grows or shrinks between steps. A step
     * stops once it has visited {@code maxEntries} entries or {@code maxBuckets} buckets.
     */
    public long scan(long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        if (repr instanceof byte[]) {
            for (int pos = first(); pos >= 0; pos = next(pos)) {
                visitor.accept(pos);
            }
            return 0;
        }
        Table t = (Table) repr;
        long mask = t.fields.length - 1;
        long visited = 0;
        long buckets = Math.max(maxBuckets, 1);
        do {
            visited += t.visitBucket((int) (cursor & mask), visitor);
            // increment the reversed cursor: the bits above the mask are set so the carry skips them
            cursor |= ~mask;
            cursor = Long.reverse(cursor);
            cursor++;
            cursor = Long.reverse(cursor);
        } while (cursor != 0 && --buckets > 0 && visited < maxEntries);
        return cursor;
    }

    // ---- writes --------------------------------------------------------------------------------

    /**
     * Sets {@code field} to {@code value}; true if the field is new. Converts to the hashtable
     * encoding when the field or value is longer than {@code hash-max-listpack-value} or the hash
     * would exceed {@code hash-max-listpack-entries} fields.
     */
    public boolean set(byte[] field, byte[] value, EngineConfig config) {
        if (repr instanceof byte[] packed) {
            int maxLength = config.hashMaxListpackValue();
            if (field.length <= maxLength && value.length <= maxLength) {
                int pos = Packed.find(packed, field);
                if (pos >= 0) {
                    repr = Packed.replaceValue(packed, pos, value);
                    return false;
                }
                if (Packed.count(packed) + 1 <= config.hashMaxListpackEntries()) {
                    repr = Packed.append(packed, field, value);
                    return true;
                }
            }
            convertToTable(1);
        }
        return ((Table) repr).put(field, value);
    }

    /** Removes {@code field}; true if it was there. */
    public boolean remove(byte[] field) {
        if (repr instanceof byte[] packed) {
            int pos = Packed.find(packed, field);
            if (pos < 0) {
                return false;
            }
            repr = Packed.cut(packed, pos);
            return true;
        }
        return ((Table) repr).remove(field);
    }

    /** Switches to the hashtable encoding, with room for {@code extra} more fields. */
    private void convertToTable(int extra) {
        Table t = new Table(Table.capacityFor(size() + extra));
        for (int pos = first(); pos >= 0; pos = next(pos)) {
            t.put(field(pos), value(pos));
        }
        repr = t;
    }

    // ---- varints -------------------------------------------------------------------------------

    /** Reads an unsigned LEB128 varint (7 bits per byte, low bits first) at {@code off}. */
    static int readVarint(byte[] b, int off) {
        int first = b[off];
        if (first >= 0) {
            return first;
        }
        int value = first & 0x7F;
        for (int shift = 7; ; shift += 7) {
            int next = b[++off];
            value |= (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    static int varintSize(int value) {
        int n = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    static int writeVarint(byte[] b, int off, int value) {
        while ((value & ~0x7F) != 0) {
            b[off++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[off++] = (byte) value;
        return off;
    }

    // ---- listpack: the packed encoding ---------------------------------------------------------

    /**
     * Operations on the packed array {@code [len field][len value]...}. Every change that
     * alters the length allocates an exact-size array, so no byte is wasted (Redis's listpack also
     * reallocates on each insert); replacing a value with one of the same length writes in place.
     */
    private static final class Packed {
        private Packed() {}

        /** Offset of the bytes of the part whose length prefix is at {@code pos}. */
        static int dataOffset(byte[] packed, int pos) {
            while (packed[pos] < 0) {
                pos++;
            }
            return pos + 1;
        }

        /** Number of fields. */
        static int count(byte[] packed) {
            int count = 0;
            for (int pos = 0; pos < packed.length; pos = skip(packed, skip(packed, pos))) {
                count++;
            }
            return count;
        }

        /** Offset of the part after the one at {@code pos}. */
        static int skip(byte[] packed, int pos) {
            return dataOffset(packed, pos) + readVarint(packed, pos);
        }

        static int find(byte[] packed, byte[] field) {
            int len = field.length;
            int pos = 0;
            int end = packed.length;
            while (pos < end) {
                int data = dataOffset(packed, pos);
                int partLength = readVarint(packed, pos);
                if (partLength == len && Arrays.equals(packed, data, data + len, field, 0, len)) {
                    return pos;
                }
                pos = skip(packed, data + partLength); // skip the value
            }
            return -1;
        }

        static byte[] replaceValue(byte[] packed, int fieldPos, byte[] value) {
            int valuePos = skip(packed, fieldPos);
            int oldData = dataOffset(packed, valuePos);
            int oldLength = readVarint(packed, valuePos);
            if (oldLength == value.length) {
                System.arraycopy(value, 0, packed, oldData, value.length);
                return packed;
            }
            int oldEnd = oldData + oldLength;
            int newPartSize = varintSize(value.length) + value.length;
            byte[] out = new byte[packed.length - (oldEnd - valuePos) + newPartSize];
            System.arraycopy(packed, 0, out, 0, valuePos);
            int off = writeVarint(out, valuePos, value.length);
            System.arraycopy(value, 0, out, off, value.length);
            System.arraycopy(packed, oldEnd, out, off + value.length, packed.length - oldEnd);
            return out;
        }

        static byte[] append(byte[] packed, byte[] field, byte[] value) {
            int body = packed.length;
            byte[] out = new byte[body + varintSize(field.length) + field.length
                    + varintSize(value.length) + value.length];
            System.arraycopy(packed, 0, out, 0, body);
            int off = writeVarint(out, body, field.length);
            System.arraycopy(field, 0, out, off, field.length);
            off = writeVarint(out, off + field.length, value.length);
            System.arraycopy(value, 0, out, off, value.length);
            return out;
        }

        static byte[] cut(byte[] packed, int fieldPos) {
            int entryEnd = skip(packed, skip(packed, fieldPos));
            if (fieldPos == 0 && entryEnd == packed.length) {
                return EMPTY;
            }
            byte[] out = new byte[packed.length - (entryEnd - fieldPos)];
            System.arraycopy(packed, 0, out, 0, fieldPos);
            System.arraycopy(packed, entryEnd, out, fieldPos, packed.length - entryEnd);
            return out;
        }
    }

    // ---- hashtable: the large encoding ---------------------------------------------------------

    /**
     * Open addressing with linear probing, at most 3/4 full, shrunk when under 1/8 full. A removal
     * shifts the following entries of its run back (no tombstones), so an entry always sits in the
     * unbroken run that starts at its home bucket ({@code hash & mask}); HSCAN relies on that.
     */
    private static final class Table {
        private static final int MIN_CAPACITY = 4;

        byte[][] fields;
        byte[][] values;
        int[] hashes;
        int size;

        Table(int capacity) {
            fields = new byte[capacity][];
            values = new byte[capacity][];
            hashes = new int[capacity];
        }

        /** The smallest power of two, at least 4, that holds {@code n} entries at most 3/4 full. */
        static int capacityFor(int n) {
            int capacity = MIN_CAPACITY;
            while (capacity * 3L < n * 4L) {
                capacity <<= 1;
            }
            return capacity;
        }

        Table copy() {
            Table t = new Table(0);
            t.fields = fields.clone();
            t.values = values.clone();
            t.hashes = hashes.clone();
            t.size = size;
            return t;
        }

        int find(byte[] field, int hash) {
            int mask = fields.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                byte[] f = fields[i];
                if (f == null) {
                    return -1;
                }
                if (hashes[i] == hash && Arrays.equals(f, field)) {
                    return i;
                }
            }
        }

        boolean put(byte[] field, byte[] value) {
            int hash = Hashing.hash(field);
            int i = find(field, hash);
            if (i >= 0) {
                values[i] = value;
                return false;
            }
            if ((size + 1) * 4L > fields.length * 3L) {
                resize(fields.length << 1);
            }
            insertNew(field, value, hash);
            size++;
            return true;
        }

        private void insertNew(byte[] field, byte[] value, int hash) {
            int mask = fields.length - 1;
            int i = hash & mask;
            while (fields[i] != null) {
                i = (i + 1) & mask;
            }
            fields[i] = field;
            values[i] = value;
            hashes[i] = hash;
        }

        boolean remove(byte[] field) {
            int i = find(field, Hashing.hash(field));
            if (i < 0) {
                return false;
            }
            int mask = fields.length - 1;
            int gap = i;
            for (int j = (i + 1) & mask; fields[j] != null; j = (j + 1) & mask) {
                int home = hashes[j] & mask;
                // the entry at j may fill the gap unless its home lies cyclically in (gap, j]
                if (((j - home) & mask) >= ((j - gap) & mask)) {
                    fields[gap] = fields[j];
                    values[gap] = values[j];
                    hashes[gap] = hashes[j];
                    gap = j;
                }
            }
            fields[gap] = null;
            values[gap] = null;
            hashes[gap] = 0;
            size--;
            if (size * 8L < fields.length && fields.length > MIN_CAPACITY) {
                resize(capacityFor(size * 2));
            }
            return true;
        }

        private void resize(int capacity) {
            byte[][] oldFields = fields;
            byte[][] oldValues = values;
            int[] oldHashes = hashes;
            fields = new byte[capacity][];
            values = new byte[capacity][];
            hashes = new int[capacity];
            for (int i = 0; i < oldFields.length; i++) {
                if (oldFields[i] != null) {
                    insertNew(oldFields[i], oldValues[i], oldHashes[i]);
                }
            }
        }

        int nextOccupied(int from) {
            for (int i = from; i < fields.length; i++) {
                if (fields[i] != null) {
                    return i;
                }
            }
            return -1;
        }

        /** Visits the entries whose home bucket is {@code bucket}; returns how many. */
        int visitBucket(int bucket, IntConsumer visitor) {
            int mask = fields.length - 1;
            int visited = 0;
            for (int i = bucket; fields[i] != null; i = (i + 1) & mask) {
                if ((hashes[i] & mask) == bucket) {
                    visitor.accept(i);
                    visited++;
                }
            }
            return visited;
        }
    }
}
