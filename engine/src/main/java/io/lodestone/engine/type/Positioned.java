package io.lodestone.engine.type;

import java.util.random.RandomGenerator;

/**
 * A collection whose elements are reached through int positions (an offset in a compact encoding, a
 * slot in a table), as hashes and sets are: what iteration and random sampling (HRANDFIELD,
 * SRANDMEMBER) need. A position is valid until the next change to the collection.
 */
public interface Positioned {
    /** Number of elements. */
    int size();

    /** The first position in iteration order, or -1 if empty. */
    int first();

    /** The position after {@code pos}, or -1 at the end. */
    int next(int pos);

    /** An exclusive upper bound of positions, for callers that mark positions in a bitmap. */
    int positionBound();

    /** A uniformly chosen position; the collection must not be empty. */
    int randomPosition(RandomGenerator random);

    /** False when {@link #randomPosition} walks the collection (listpack), true when it takes O(1). */
    boolean hasFastRandomPosition();

    /** Every position, in iteration order. */
    default int[] positions() {
        int[] all = new int[size()];
        int n = 0;
        for (int pos = first(); pos >= 0; pos = next(pos)) {
            all[n++] = pos;
        }
        return all;
    }
}
