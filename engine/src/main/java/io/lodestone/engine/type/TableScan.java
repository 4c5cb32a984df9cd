package io.lodestone.engine.type;

import java.util.function.IntConsumer;

/**
 * The SCAN step of the open-addressing tables of the collection types (ByteTable for hashes and
 * sets, ScoreTable for sorted sets): both keep their keys in a power-of-two array of byte[] with
 * the keys' hashes beside it, and scan it the same way.
 */
final class TableScan {
    private TableScan() {}

    /**
     * One SCAN step: visits the slots of the entries of some home buckets and returns the next
     * cursor, 0 when done. The cursor walks the buckets in reverse-binary order, as Redis's dictScan
     * does, so an entry present for the whole scan is visited at least once even if the table grows
     * or shrinks between steps. A step stops once it has visited {@code maxEntries} entries or
     * {@code maxBuckets} buckets.
     */
    static long step(byte[][] keys, int[] hashes, long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        long mask = keys.length - 1;
        long visited = 0;
        long buckets = Math.max(maxBuckets, 1);
        do {
            visited += visitBucket(keys, hashes, (int) (cursor & mask), visitor);
            // increment the reversed cursor: the bits above the mask are set so the carry skips them
            cursor |= ~mask;
            cursor = Long.reverse(cursor);
            cursor++;
            cursor = Long.reverse(cursor);
        } while (cursor != 0 && --buckets > 0 && visited < maxEntries);
        return cursor;
    }

    /** Visits the entries whose home bucket is {@code bucket}; returns how many. */
    private static int visitBucket(byte[][] keys, int[] hashes, int bucket, IntConsumer visitor) {
        int mask = keys.length - 1;
        int visited = 0;
        for (int i = bucket; keys[i] != null; i = (i + 1) & mask) {
            if ((hashes[i] & mask) == bucket) {
                visitor.accept(i);
                visited++;
            }
        }
        return visited;
    }
}
