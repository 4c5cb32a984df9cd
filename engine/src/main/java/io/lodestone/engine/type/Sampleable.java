package io.lodestone.engine.type;

import java.util.random.RandomGenerator;

/**
 * A collection whose entries can be drawn at random through positions (HRANDFIELD, ZRANDMEMBER):
 * what the shared sampling of those commands needs. A position is valid until the next change.
 */
public interface Sampleable {
    /** Number of entries. */
    int size();

    /** True for the compact encoding, where a uniform draw needs the list of all positions. */
    boolean isCompact();

    /** Every position, in the collection's order. */
    int[] positions();

    /** A uniformly chosen position; the collection must not be empty. */
    int randomPosition(RandomGenerator random);

    /** An exclusive upper bound of positions, for callers that mark positions in a bitmap. */
    int positionBound();
}
