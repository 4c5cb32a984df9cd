package io.lodestone.engine.type;

import io.lodestone.engine.util.HeapSize;

import static io.lodestone.engine.type.HashValue.readVarint;
import static io.lodestone.engine.type.HashValue.varintSize;
import static io.lodestone.engine.type.HashValue.writeVarint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A list (Redis's t_list.c over quicklist.c): a deque of packed nodes, each a {@code byte[]} holding
 * a run of consecutive elements, so there is no object per element.
 *
 * <p><b>Node layout.</b> A node array starts with a 12-byte header (start offset, end offset, entry
 * count, little-endian ints); its entries lie in {@code [start, end)}, with free room on either side
 * so that pushes at both ends are usually a plain write. An entry is {@code [len][bytes][len']}: the
 * length as a varint read forwards, the bytes, and the length again as a varint read backwards (as a
 * listpack's "backlen"), so a node can be walked in both directions. A 10-byte element costs 12 bytes,
 * as in a listpack.
 *
 * <p><b>Node size</b> follows {@code list-max-listpack-size} ("fill"), passed to every insertion as
 * Redis's quicklist does at creation: negative values limit a node's bytes (-1 = 4 KB, -2 = 8 KB ...
 * -5 = 64 KB), positive ones its entries (with an 8 KB safety limit on bytes). An element too large
 * for any node gets a node of its own. Nodes are never compressed ({@code list-compress-depth 0}).
 *
 * <p><b>Costs.</b> Push and pop at both ends are O(1) (amortized: node arrays grow by half as the
 * list grows). Access by index walks node counts from the nearer end, then entries inside one node:
 * O(n / entries-per-node + entries-per-node). A change in the middle moves the bytes of one node.
 *
 * <p>Not thread-safe (the engine lock guards it). A {@link Cursor} is valid until the next change.
 */
public final class ListValue implements TypedValue {
    /** Bytes before a node's entries: start, end, count. */
    static final int HEADER = 12;
    /** Largest node, in bytes, when the fill is a count of entries (Redis's SIZE_SAFETY_LIMIT). */
    static final int SAFETY_LIMIT = 8192;
    /** A node shrinks when less than a quarter of its array is in use, if at least this large. */
    private static final int SHRINK_MIN = 256;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[][] NO_NODES = new byte[0][];

    /** Node arrays in a circular buffer whose capacity is a power of two. */
    private byte[][] nodes = NO_NODES;
    /** Physical index of the first node. */
    private int head;
    private int nodeCount;
    private long size;
    /** Heap bytes of the node arrays, kept up to date as nodes come, go and change (memoryUsage). */
    private long nodeHeapBytes;

    public ListValue() {}

    @Override
    public String typeName() {
        return "list";
    }

    /** Redis 7.0 reports every list as a quicklist (7.2 added "listpack" for small ones). */
    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of elements (LLEN). */
    public long size() {
        return size;
    }

    /** Number of nodes; for tests and memory reports. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Elements held by the node at {@code pos} (0 = head); for tests. */
    public int nodeSize(int pos) {
        return count(node(pos));
    }

    /** Bytes of entries in the node at {@code pos}; for tests. */
    public int nodeBytes(int pos) {
        byte[] n = node(pos);
        return end(n) - start(n);
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue();
        c.nodes = new byte[Math.max(1, Integer.highestOneBit(Math.max(1, nodeCount - 1)) << 1)][];
        for (int i = 0; i < nodeCount; i++) {
            byte[] n = node(i);
            int s = start(n);
            int e = end(n);
            byte[] m = new byte[HEADER + e - s];
            System.arraycopy(n, s, m, HEADER, e - s);
            setHeader(m, HEADER, HEADER + e - s, count(n));
            c.nodes[i] = m;
            c.nodeHeapBytes += HeapSize.byteArray(m.length);
        }
        c.nodeCount = nodeCount;
        c.size = size;
        return c;
    }

    // ---- pushes and pops -----------------------------------------------------------------------

    /** LPUSH of one element. */
    public void pushHead(byte[] value, int fill) {
        int es = entrySize(value.length);
        if (nodeCount > 0) {
            byte[] n = node(0);
            if (allowInsert(n, es, fill)) {
                if (start(n) - HEADER < es) {
                    n = regrow(n, es, fill, true);
                    setNode(0, n);
                }
                int s = start(n) - es;
                writeEntry(n, s, value);
                setStart(n, s);
                setCount(n, count(n) + 1);
                size++;
                return;
            }
        }
        int capacity = HEADER + (nodeCount == 0 ? es : fullNodeBytes(es, fill));
        byte[] n = new byte[capacity];
        writeEntry(n, capacity - es, value);
        setHeader(n, capacity - es, capacity, 1);
        insertNode(0, n);
        size++;
    }

    /** RPUSH of one element. */
    public void pushTail(byte[] value, int fill) {
        int es = entrySize(value.length);
        if (nodeCount > 0) {
            byte[] n = node(nodeCount - 1);
            if (allowInsert(n, es, fill)) {
                if (n.length - end(n) < es) {
                    n = regrow(n, es, fill, false);
                    setNode(nodeCount - 1, n);
                }
                int e = end(n);
                writeEntry(n, e, value);
                setEnd(n, e + es);
                setCount(n, count(n) + 1);
                size++;
                return;
            }
        }
        int capacity = HEADER + (nodeCount == 0 ? es : fullNodeBytes(es, fill));
        byte[] n = new byte[capacity];
        writeEntry(n, HEADER, value);
        setHeader(n, HEADER, HEADER + es, 1);
        insertNode(nodeCount, n);
        size++;
    }

    /** Removes and returns the first element; the list must not be empty. */
    public byte[] popHead() {
        byte[] n = node(0);
        int s = start(n);
        int len = readVarint(n, s);
        int data = s + varintSize(len);
        byte[] value = Arrays.copyOfRange(n, data, data + len);
        size--;
        int c = count(n) - 1;
        if (c == 0) {
            removeNode(0);
        } else {
            setStart(n, s + entrySize(len));
            setCount(n, c);
            shrinkIfSparse(0);
        }
        return value;
    }

    /** Removes and returns the last element; the list must not be empty. */
    public byte[] popTail() {
        byte[] n = node(nodeCount - 1);
        int e = end(n);
        int s = entryBefore(n, e);
        int len = readVarint(n, s);
        int data = s + varintSize(len);
        byte[] value = Arrays.copyOfRange(n, data, data + len);
        size--;
        int c = count(n) - 1;
        if (c == 0) {
            removeNode(nodeCount - 1);
        } else {
            setEnd(n, s);
            setCount(n, c);
            shrinkIfSparse(nodeCount - 1);
        }
        return value;
    }

    // ---- access by index -----------------------------------------------------------------------

    /** A cursor on the element at {@code index} (0 <= index < size). */
    public Cursor cursor(long index) {
        Cursor c = new Cursor();
        c.moveTo(index);
        return c;
    }

    /** The element at {@code index} (0 <= index < size), as its own array. */
    public byte[] get(long index) {
        return cursor(index).value();
    }

    /** LSET: replaces the element at {@code index} (0 <= index < size). */
    public void set(long index, byte[] value, int fill) {
        Cursor c = cursor(index);
        int oldSize = entrySize(c.length);
        int es = entrySize(value.length);
        if (es == oldSize) {
            writeEntry(c.node, c.entry, value); // same length: overwrite in place
        } else if (count(c.node) == 1) {
            setNode(c.nodePos, singleEntryNode(value, es));
        } else {
            int off = removeEntry(c.nodePos, c.entry, oldSize);
            insertAt(c.nodePos, off, value, fill);
        }
    }

    /** A cursor on the first element equal to {@code value}, searching from the head; null if none. */
    public Cursor find(byte[] value) {
        for (int i = 0; i < nodeCount; i++) {
            byte[] n = node(i);
            for (int off = start(n), e = end(n); off < e; ) {
                int len = readVarint(n, off);
                int data = off + varintSize(len);
                if (len == value.length && Arrays.equals(n, data, data + len, value, 0, len)) {
                    Cursor c = new Cursor();
                    c.load(i, off);
                    return c;
                }
                off = data + len + varintSize(len);
            }
        }
        return null;
    }

    /** LINSERT: inserts {@code value} before or after the element under {@code at} (from {@link #find}). */
    public void insert(Cursor at, byte[] value, boolean after, int fill) {
        int off = after ? at.offset + at.length + varintSize(at.length) : at.entry;
        insertAt(at.nodePos, off, value, fill);
    }

    /**
     * LREM: removes up to {@code |count|} elements equal to {@code value} (all if 0), from the head
     * when count >= 0, from the tail when negative. Returns how many were removed.
     */
    public long remove(byte[] value, long count) {
        long limit = count == 0 ? Long.MAX_VALUE : (count < 0 ? -count : count);
        if (count == Long.MIN_VALUE) {
            limit = Long.MAX_VALUE;
        }
        long removed = 0;
        if (count >= 0) {
            int i = 0;
            while (i < nodeCount && removed < limit) {
                byte[] n = node(i);
                int off = start(n);
                boolean nodeGone = false;
                while (off < end(n) && removed < limit) {
                    int len = readVarint(n, off);
                    int data = off + varintSize(len);
                    int es = entrySize(len);
                    if (len == value.length && Arrays.equals(n, data, data + len, value, 0, len)) {
                        removed++;
                        off = removeEntry(i, off, es);
                        if (off < 0) {
                            nodeGone = true;
                            break;
                        }
                        n = node(i);
                    } else {
                        off += es;
                    }
                }
                if (!nodeGone) {
                    shrinkIfSparse(i);
                    i++;
                }
            }
        } else {
            int i = nodeCount - 1;
            while (i >= 0 && removed < limit) {
                byte[] n = node(i);
                int boundary = end(n);
                boolean nodeGone = false;
                while (boundary > start(n) && removed < limit) {
                    int off = entryBefore(n, boundary);
                    int len = readVarint(n, off);
                    int data = off + varintSize(len);
                    if (len == value.length && Arrays.equals(n, data, data + len, value, 0, len)) {
                        removed++;
                        int at = removeEntry(i, off, entrySize(len));
                        if (at < 0) {
                            nodeGone = true;
                            break;
                        }
                        n = node(i);
                        // the entries before the removed one now end at its old place (or moved right)
                        boundary = at;
                    } else {
                        boundary = off;
                    }
                }
                if (!nodeGone) {
                    shrinkIfSparse(i);
                }
                i--;
            }
        }
        return removed;
    }

    /** Removes the first {@code k} elements (0 <= k <= size). */
    public void removeHead(long k) {
        while (k > 0) {
            byte[] n = node(0);
            int c = count(n);
            if (k >= c) {
                removeNode(0);
                size -= c;
                k -= c;
                continue;
            }
            int off = start(n);
            for (long j = 0; j < k; j++) {
                off += entrySize(readVarint(n, off));
            }
            setStart(n, off);
            setCount(n, c - (int) k);
            size -= k;
            shrinkIfSparse(0);
            return;
        }
    }

    /** Removes the last {@code k} elements (0 <= k <= size). */
    public void removeTail(long k) {
        while (k > 0) {
            byte[] n = node(nodeCount - 1);
            int c = count(n);
            if (k >= c) {
                removeNode(nodeCount - 1);
                size -= c;
                k -= c;
                continue;
            }
            int off = end(n);
            for (long j = 0; j < k; j++) {
                off = entryBefore(n, off);
            }
            setEnd(n, off);
            setCount(n, c - (int) k);
            size -= k;
            shrinkIfSparse(nodeCount - 1);
            return;
        }
    }

    /** Drops every element. */
    public void clear() {
        nodes = NO_NODES;
        head = 0;
        nodeCount = 0;
        size = 0;
        nodeHeapBytes = 0;
    }

    /** O(1): the object, its node deque and the node arrays (their sum is kept as they change). */
    @Override
    public long memoryUsage() {
        long self = HeapSize.object(2 * HeapSize.REFERENCE + 2 * Integer.BYTES + 2 * Long.BYTES);
        return self + (nodes == NO_NODES ? 0 : HeapSize.referenceArray(nodes.length)) + nodeHeapBytes;
    }

    // ---- cursor --------------------------------------------------------------------------------

    /**
     * A position on one element, read in place: {@code array()[offset() .. offset() + length())}.
     * Moves element by element in both directions. Invalid after any change to the list.
     */
    public final class Cursor {
        private int nodePos;
        private byte[] node;
        /** Offset of the entry (its forward length). */
        private int entry;
        private int offset;
        private int length;

        private Cursor() {}

        private void moveTo(long index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index + " of " + size);
            }
            if (index <= size / 2) {
                int i = 0;
                long rest = index;
                while (rest >= count(node(i))) {
                    rest -= count(node(i));
                    i++;
                }
                load(i, nthEntry(node(i), (int) rest));
            } else {
                int i = nodeCount - 1;
                long rest = size - 1 - index;
                while (rest >= count(node(i))) {
                    rest -= count(node(i));
                    i--;
                }
                byte[] n = node(i);
                load(i, nthEntry(n, count(n) - 1 - (int) rest));
            }
        }

        private void load(int pos, int entryOffset) {
            nodePos = pos;
            node = node(pos);
            entry = entryOffset;
            length = readVarint(node, entryOffset);
            offset = entryOffset + varintSize(length);
        }

        public byte[] array() {
            return node;
        }

        public int offset() {
            return offset;
        }

        public int length() {
            return length;
        }

        /** The element as its own array. */
        public byte[] value() {
            return Arrays.copyOfRange(node, offset, offset + length);
        }

        public boolean valueEquals(byte[] value) {
            return length == value.length && Arrays.equals(node, offset, offset + length, value, 0, length);
        }

        /** Moves to the next element; false (not moving) at the tail. */
        public boolean next() {
            int after = offset + length + varintSize(length);
            if (after < end(node)) {
                load(nodePos, after);
                return true;
            }
            if (nodePos + 1 < nodeCount) {
                load(nodePos + 1, start(node(nodePos + 1)));
                return true;
            }
            return false;
        }

        /** Moves to the previous element; false (not moving) at the head. */
        public boolean prev() {
            if (entry > start(node)) {
                load(nodePos, entryBefore(node, entry));
                return true;
            }
            if (nodePos > 0) {
                byte[] n = node(nodePos - 1);
                load(nodePos - 1, entryBefore(n, end(n)));
                return true;
            }
            return false;
        }
    }

    // ---- changes in the middle -----------------------------------------------------------------

    /**
     * Inserts {@code value} as a new entry at byte offset {@code off} (an entry boundary) of the node
     * at {@code pos}. A full node is split there, or the entry goes to a neighbour with room.
     */
    private void insertAt(int pos, int off, byte[] value, int fill) {
        int es = entrySize(value.length);
        byte[] n = node(pos);
        size++;
        if (allowInsert(n, es, fill)) {
            spliceIn(pos, off, value, es, fill);
            return;
        }
        int s = start(n);
        int e = end(n);
        if (off == s) {
            if (pos > 0 && allowInsert(node(pos - 1), es, fill)) {
                spliceIn(pos - 1, end(node(pos - 1)), value, es, fill);
            } else {
                insertNode(pos, singleEntryNode(value, es));
            }
            return;
        }
        if (off == e) {
            if (pos + 1 < nodeCount && allowInsert(node(pos + 1), es, fill)) {
                spliceIn(pos + 1, start(node(pos + 1)), value, es, fill);
            } else {
                insertNode(pos + 1, singleEntryNode(value, es));
            }
            return;
        }
        // split: the entries after off move to a node of their own
        int leftCount = 0;
        for (int p = s; p < off; p += entrySize(readVarint(n, p))) {
            leftCount++;
        }
        byte[] right = new byte[HEADER + e - off];
        System.arraycopy(n, off, right, HEADER, e - off);
        setHeader(right, HEADER, HEADER + e - off, count(n) - leftCount);
        setEnd(n, off);
        setCount(n, leftCount);
        insertNode(pos + 1, right);
        if (allowInsert(n, es, fill)) {
            spliceIn(pos, off, value, es, fill);
        } else if (allowInsert(right, es, fill)) {
            spliceIn(pos + 1, HEADER, value, es, fill);
        } else {
            insertNode(pos + 1, singleEntryNode(value, es));
        }
        shrinkIfSparse(pos);
    }

    /** Writes a new entry at {@code off} of the node at {@code pos}, moving the smaller side. */
    private void spliceIn(int pos, int off, byte[] value, int es, int fill) {
        byte[] n = node(pos);
        int s = start(n);
        int e = end(n);
        boolean frontRoom = s - HEADER >= es;
        boolean backRoom = n.length - e >= es;
        if (frontRoom && (off - s <= e - off || !backRoom)) {
            System.arraycopy(n, s, n, s - es, off - s);
            setStart(n, s - es);
            writeEntry(n, off - es, value);
        } else if (backRoom) {
            System.arraycopy(n, off, n, off + es, e - off);
            setEnd(n, e + es);
            writeEntry(n, off, value);
        } else {
            int used = e - s;
            int capacity = Math.max(HEADER + used + es, Math.min(n.length + (n.length >> 1), HEADER + maxBytes(fill)));
            byte[] m = new byte[capacity];
            int ns = HEADER + (capacity - HEADER - used - es) / 2; // room on both sides
            System.arraycopy(n, s, m, ns, off - s);
            writeEntry(m, ns + off - s, value);
            System.arraycopy(n, off, m, ns + off - s + es, e - off);
            setHeader(m, ns, ns + used + es, count(n));
            setNode(pos, m);
            n = m;
        }
        setCount(n, count(n) + 1);
    }

    /**
     * Removes the entry of {@code es} bytes at {@code off} of the node at {@code pos}, moving the
     * smaller side. Returns the offset where the removed entry was in the new layout (where the
     * next entry now starts and the previous one ends), or -1 when the node is gone.
     */
    private int removeEntry(int pos, int off, int es) {
        byte[] n = node(pos);
        size--;
        int c = count(n) - 1;
        if (c == 0) {
            removeNode(pos);
            return -1;
        }
        setCount(n, c);
        int s = start(n);
        int e = end(n);
        if (off - s < e - off - es) {
            System.arraycopy(n, s, n, s + es, off - s);
            setStart(n, s + es);
            return off + es;
        }
        System.arraycopy(n, off + es, n, off, e - off - es);
        setEnd(n, e - es);
        return off;
    }

    private static byte[] singleEntryNode(byte[] value, int es) {
        byte[] n = new byte[HEADER + es];
        writeEntry(n, HEADER, value);
        setHeader(n, HEADER, HEADER + es, 1);
        return n;
    }

    // ---- node sizing ---------------------------------------------------------------------------

    /** Byte limit of a node for this fill: 4 KB << (level - 1) for -1..-5, the safety limit for counts. */
    static int maxBytes(int fill) {
        if (fill >= 0) {
            return SAFETY_LIMIT;
        }
        return 4096 << (Math.min(-fill, 5) - 1);
    }

    /** Whether a node may take one more entry of {@code es} bytes (a node always holds at least one). */
    static boolean allowInsert(byte[] n, int es, int fill) {
        long bytes = (long) end(n) - start(n) + es;
        if (fill < 0) {
            return bytes <= maxBytes(fill);
        }
        return count(n) < Math.max(fill, 1) && bytes <= SAFETY_LIMIT;
    }

    /** Payload capacity of a node started because the previous one is full: it will likely fill up too. */
    private static int fullNodeBytes(int es, int fill) {
        int limit = maxBytes(fill);
        if (fill > 0) {
            limit = (int) Math.min(limit, (long) es * fill);
        }
        return Math.max(es, limit);
    }

    /**
     * Makes room for {@code es} more bytes at the front or the back of a node: in a larger copy
     * (all the free room on the growing side) while the node may still grow, else by moving its
     * entries inside the array, leaving a quarter of the room on the other side so that
     * alternating pushes at both ends do not move the entries every time.
     */
    private static byte[] regrow(byte[] n, int es, int fill, boolean atFront) {
        int s = start(n);
        int used = end(n) - s;
        int needed = HEADER + used + es;
        int capacity = Math.max(needed, Math.min(n.length + (n.length >> 1) + 8, HEADER + maxBytes(fill)));
        byte[] m = capacity <= n.length ? n : new byte[capacity];
        int room = m.length - HEADER - used;
        int front;
        if (m != n) {
            front = atFront ? room : 0; // a growing node: all the room where it grows (small lists stay small)
        } else {
            front = atFront ? Math.max(es, room - room / 4) : Math.min(room / 4, room - es);
        }
        System.arraycopy(n, s, m, HEADER + front, used);
        setHeader(m, HEADER + front, HEADER + front + used, count(n));
        return m;
    }

    /** Gives memory back when a node's array is mostly empty (after pops, LREM, LTRIM). */
    private void shrinkIfSparse(int pos) {
        byte[] n = node(pos);
        int s = start(n);
        int used = end(n) - s;
        if (n.length < SHRINK_MIN || (long) used * 4 >= n.length - HEADER) {
            return;
        }
        int capacity = HEADER + used + (used >> 1);
        byte[] m = new byte[capacity];
        int ns = HEADER + ((used >> 1) >> 1);
        System.arraycopy(n, s, m, ns, used);
        setHeader(m, ns, ns + used, count(n));
        setNode(pos, m);
    }

    // ---- entries -------------------------------------------------------------------------------

    /** Bytes an element of {@code len} bytes takes in a node: length, bytes, length again. */
    static int entrySize(int len) {
        return 2 * varintSize(len) + len;
    }

    /** Writes an entry at {@code off}; returns the offset after it. */
    static int writeEntry(byte[] n, int off, byte[] value) {
        int len = value.length;
        int p = writeVarint(n, off, len);
        System.arraycopy(value, 0, n, p, len);
        p += len;
        // the backward length: its last byte holds the low 7 bits, continuation bits point left
        int k = varintSize(len);
        int v = len;
        for (int i = k - 1; i >= 0; i--) {
            n[p + i] = (byte) (v & 0x7F);
            v >>>= 7;
        }
        for (int i = 1; i < k; i++) {
            n[p + i] |= (byte) 0x80; // every byte but the leftmost says "more to the left"
        }
        return p + k;
    }

    /** The offset of the entry that ends at {@code end}. */
    static int entryBefore(byte[] n, int end) {
        int i = end - 1;
        int b = n[i];
        int len = b & 0x7F;
        int shift = 7;
        while ((b & 0x80) != 0) {
            b = n[--i];
            len |= (b & 0x7F) << shift;
            shift += 7;
        }
        return end - entrySize(len);
    }

    /** The offset of entry {@code k} of a node, walking from the nearer end. */
    private static int nthEntry(byte[] n, int k) {
        int c = count(n);
        if (k <= c / 2) {
            int off = start(n);
            for (int j = 0; j < k; j++) {
                off += entrySize(readVarint(n, off));
            }
            return off;
        }
        int off = end(n);
        for (int j = c; j > k; j--) {
            off = entryBefore(n, off);
        }
        return off;
    }

    // ---- node header ---------------------------------------------------------------------------

    static int start(byte[] n) {
        return (int) INT.get(n, 0);
    }

    static int end(byte[] n) {
        return (int) INT.get(n, 4);
    }

    static int count(byte[] n) {
        return (int) INT.get(n, 8);
    }

    private static void setStart(byte[] n, int v) {
        INT.set(n, 0, v);
    }

    private static void setEnd(byte[] n, int v) {
        INT.set(n, 4, v);
    }

    private static void setCount(byte[] n, int v) {
        INT.set(n, 8, v);
    }

    private static void setHeader(byte[] n, int start, int end, int count) {
        INT.set(n, 0, start);
        INT.set(n, 4, end);
        INT.set(n, 8, count);
    }

    // ---- the deque of nodes --------------------------------------------------------------------

    private byte[] node(int pos) {
        return nodes[(head + pos) & (nodes.length - 1)];
    }

    private void setNode(int pos, byte[] n) {
        int at = (head + pos) & (nodes.length - 1);
        byte[] old = nodes[at];
        nodeHeapBytes += HeapSize.byteArray(n.length) - (old == null ? 0 : HeapSize.byteArray(old.length));
        nodes[at] = n;
    }

    /** Inserts a node at logical position {@code pos}, moving the nearer end's nodes. */
    private void insertNode(int pos, byte[] n) {
        if (nodeCount == nodes.length) {
            byte[][] bigger = new byte[Math.max(1, nodes.length * 2)][];
            for (int i = 0; i < nodeCount; i++) {
                bigger[i] = node(i);
            }
            nodes = bigger;
            head = 0;
        }
        int mask = nodes.length - 1;
        if (pos < nodeCount - pos) {
            head = (head - 1) & mask;
            for (int i = 0; i < pos; i++) {
                nodes[(head + i) & mask] = nodes[(head + i + 1) & mask];
            }
        } else {
            for (int i = nodeCount; i > pos; i--) {
                nodes[(head + i) & mask] = nodes[(head + i - 1) & mask];
            }
        }
        nodes[(head + pos) & mask] = n;
        nodeCount++;
        nodeHeapBytes += HeapSize.byteArray(n.length);
    }

    /** Removes the node at logical position {@code pos}, moving the nearer end's nodes. */
    private void removeNode(int pos) {
        nodeHeapBytes -= HeapSize.byteArray(node(pos).length);
        int mask = nodes.length - 1;
        if (pos < nodeCount - 1 - pos) {
            for (int i = pos; i > 0; i--) {
                nodes[(head + i) & mask] = nodes[(head + i - 1) & mask];
            }
            nodes[head] = null;
            head = (head + 1) & mask;
        } else {
            for (int i = pos; i < nodeCount - 1; i++) {
                nodes[(head + i) & mask] = nodes[(head + i + 1) & mask];
            }
            nodes[(head + nodeCount - 1) & mask] = null;
        }
        nodeCount--;
        if (nodeCount == 0) {
            nodes = NO_NODES;
            head = 0;
        } else if (nodes.length >= 16 && nodeCount * 4 <= nodes.length) {
            byte[][] smaller = new byte[nodes.length / 2][];
            for (int i = 0; i < nodeCount; i++) {
                smaller[i] = node(i);
            }
            nodes = smaller;
            head = 0;
        }
    }
}
