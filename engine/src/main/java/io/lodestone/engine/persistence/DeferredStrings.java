package io.lodestone.engine.persistence;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The string entries a snapshot sink has been handed and not yet serialised, kept by reference.
 *
 * <p>A snapshot's sink must not let an entry's value change under it. A string's value is a
 * {@code byte[]} that is never modified in place (APPEND, SETRANGE, INCR... store a new array), so
 * the sink can keep the reference instead of serialising it there and then: the command that is
 * about to change the key (and handed its slot over) pays a few stores, not an encoding, and the
 * writer serialises the entry later, on its own thread, without the engine lock. The cost is
 * memory: a value replaced meanwhile stays reachable until it is written, which is why the writer
 * reports {@link #bytes()} to its {@link SnapshotPacer}.
 *
 * <p>Entries are kept per database in chunks of {@link #CHUNK} (no copying as the queue grows, no
 * allocation per entry), taken a chunk at a time in arrival order. {@link #add}, {@link #take}
 * and {@link #recycle} run under the engine lock; a taken chunk is read by the writer alone.
 */
public final class DeferredStrings {
    /** Entries per chunk: a writer's step serialises at most one chunk. */
    public static final int CHUNK = 1024;
    /** Per entry, what the chunk itself holds: two references and an expiry. */
    private static final long REFERENCE_BYTES = 16;
    private static final int MAX_SPARE_CHUNKS = 16;

    /** Up to {@link #CHUNK} entries; {@link #size()} of them valid. */
    public static final class Chunk {
        private final byte[][] keys = new byte[CHUNK][];
        private final byte[][] values = new byte[CHUNK][];
        private final long[] expireAts = new long[CHUNK];
        private int size;
        private long bytes;

        public int size() {
            return size;
        }

        public byte[] key(int i) {
            return keys[i];
        }

        public byte[] value(int i) {
            return values[i];
        }

        /** Absolute expiry in ms, 0 for none. */
        public long expireAt(int i) {
            return expireAts[i];
        }

        private void clear() {
            Arrays.fill(keys, 0, size, null);
            Arrays.fill(values, 0, size, null);
            size = 0;
            bytes = 0;
        }
    }

    private final ArrayDeque<Chunk>[] queues;
    private final ArrayDeque<Chunk> spare = new ArrayDeque<>();
    private long entries;
    private long bytes;

    @SuppressWarnings("unchecked")
    public DeferredStrings(int databases) {
        queues = new ArrayDeque[databases];
    }

    /** Keeps one entry of database {@code db}. */
    public void add(int db, byte[] key, byte[] value, long expireAt) {
        ArrayDeque<Chunk> queue = queues[db];
        if (queue == null) {
            queue = queues[db] = new ArrayDeque<>();
        }
        Chunk chunk = queue.peekLast();
        if (chunk == null || chunk.size == CHUNK) {
            chunk = spare.isEmpty() ? new Chunk() : spare.pop();
            queue.addLast(chunk);
        }
        int i = chunk.size++;
        chunk.keys[i] = key;
        chunk.values[i] = value;
        chunk.expireAts[i] = expireAt;
        long entryBytes = REFERENCE_BYTES + key.length + value.length;
        chunk.bytes += entryBytes;
        bytes += entryBytes;
        entries++;
    }

    /** Entries of database {@code db} waiting. */
    public boolean isEmpty(int db) {
        return queues[db] == null || queues[db].isEmpty();
    }

    /** The oldest chunk of database {@code db}, removed from the queue, or null if none waits. */
    public Chunk take(int db) {
        ArrayDeque<Chunk> queue = queues[db];
        Chunk chunk = queue == null ? null : queue.pollFirst();
        if (chunk != null) {
            entries -= chunk.size;
            bytes -= chunk.bytes;
        }
        return chunk;
    }

    /** Gives a written chunk back for reuse (its references dropped). */
    public void recycle(Chunk chunk) {
        chunk.clear();
        if (spare.size() < MAX_SPARE_CHUNKS) {
            spare.push(chunk);
        }
    }

    /** Entries waiting, all databases. */
    public long entries() {
        return entries;
    }

    /** Memory the waiting entries keep reachable: their keys and values, and their share of the chunks. */
    public long bytes() {
        return bytes;
    }
}
