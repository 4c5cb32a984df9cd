package io.lodestone.engine.type;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.util.HeapSize;
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
 *   <li><b>hashtable</b> (large): a {@link ByteTable} with values, shared with sets: open addressing,
 *       parallel arrays of fields, values and hashes, no object per entry.</li>
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
public final class HashValue implements TypedValue, Positioned, Sampleable {
    /** An empty packed array: it has no entry to overwrite in place, so it can be shared. */
    private static final byte[] EMPTY = new byte[0];

    /** A packed {@code byte[]} (listpack) or a {@link ByteTable} (hashtable). */
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

    /** This object, and the packed array or the table with its fields and values. */
    @Override
    public long memoryUsage() {
        long self = HeapSize.object(HeapSize.REFERENCE);
        return self + (repr instanceof byte[] packed ? HeapSize.byteArray(packed.length)
                : ((ByteTable) repr).memoryUsage());
    }

    /** True while the hash uses the compact (listpack) encoding. */
    @Override
    public boolean isCompact() {
        return repr instanceof byte[];
    }

    @Override
    public boolean isEmpty() {
        return repr instanceof byte[] packed ? packed.length == 0 : ((ByteTable) repr).size == 0;
    }

    /** Number of fields. */
    @Override
    public int size() {
        if (repr instanceof byte[] packed) {
            return Packed.count(packed);
        }
        return ((ByteTable) repr).size;
    }

    @Override
    public HashValue copy() {
        if (repr instanceof byte[] packed) {
            return new HashValue(packed.clone());
        }
        return new HashValue(((ByteTable) repr).copy());
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The position of {@code field}, or -1. */
    public int find(byte[] field) {
        if (repr instanceof byte[] packed) {
            return Packed.find(packed, field);
        }
        return ((ByteTable) repr).find(field);
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
        return repr instanceof byte[] packed ? packed : ((ByteTable) repr).keys[pos];
    }

    public int fieldOffset(int pos) {
        return repr instanceof byte[] packed ? Packed.dataOffset(packed, pos) : 0;
    }

    public int fieldLength(int pos) {
        return repr instanceof byte[] packed ? readVarint(packed, pos) : ((ByteTable) repr).keys[pos].length;
    }

    public byte[] valueArray(int pos) {
        return repr instanceof byte[] packed ? packed : ((ByteTable) repr).values[pos];
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
        return ((ByteTable) repr).values[pos].length;
    }

    /** The field at {@code pos} as its own array (a copy for the compact encoding; never modify it). */
    public byte[] field(int pos) {
        if (repr instanceof byte[] packed) {
            int off = Packed.dataOffset(packed, pos);
            return Arrays.copyOfRange(packed, off, off + readVarint(packed, pos));
        }
        return ((ByteTable) repr).keys[pos];
    }

    /** The value at {@code pos} as its own array (a copy for the compact encoding; never modify it). */
    public byte[] value(int pos) {
        if (repr instanceof byte[] packed) {
            int v = Packed.skip(packed, pos);
            int off = Packed.dataOffset(packed, v);
            return Arrays.copyOfRange(packed, off, off + readVarint(packed, v));
        }
        return ((ByteTable) repr).values[pos];
    }

    // ---- iteration -----------------------------------------------------------------------------

    /** The first position in iteration order (insertion order when compact), or -1 if empty. */
    @Override
    public int first() {
        if (repr instanceof byte[] packed) {
            return packed.length == 0 ? -1 : 0;
        }
        return ((ByteTable) repr).nextOccupied(0);
    }

    /** The position after {@code pos}, or -1 at the end. */
    @Override
    public int next(int pos) {
        if (repr instanceof byte[] packed) {
            int after = Packed.skip(packed, Packed.skip(packed, pos));
            return after < packed.length ? after : -1;
        }
        return ((ByteTable) repr).nextOccupied(pos + 1);
    }

    /** Every position, in iteration order (both interfaces declare it). */
    @Override
    public int[] positions() {
        return Positioned.super.positions();
    }

    /** An exclusive upper bound of positions, for callers that mark positions in a bitmap. */
    @Override
    public int positionBound() {
        return repr instanceof byte[] packed ? packed.length : ((ByteTable) repr).capacity();
    }

    @Override
    public boolean hasFastRandomPosition() {
        return !isCompact();
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
        return ((ByteTable) repr).randomSlot(random);
    }

    /**
     * One HSCAN step: visits the positions of some entries and returns the next cursor, 0 when done.
     * A compact hash is visited whole in one step; a hashtable as {@link ByteTable#scan} walks it.
     */
    public long scan(long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        if (repr instanceof byte[]) {
            for (int pos = first(); pos >= 0; pos = next(pos)) {
                visitor.accept(pos);
            }
            return 0;
        }
        return ((ByteTable) repr).scan(cursor, maxEntries, maxBuckets, visitor);
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
        return ((ByteTable) repr).put(field, value);
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
        return ((ByteTable) repr).remove(field);
    }

    /** Switches to the hashtable encoding, with room for {@code extra} more fields. */
    private void convertToTable(int extra) {
        ByteTable t = new ByteTable(ByteTable.capacityFor(size() + extra), true);
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
}
