package io.lodestone.engine.command;

import io.lodestone.engine.type.Positioned;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * Random elements of a hash or set for HRANDFIELD and SRANDMEMBER with a count: a negative count asks
 * for that many independent draws (repeats allowed), a positive one for distinct elements.
 */
final class RandomPicks {
    private RandomPicks() {}

    /** {@code n} independent uniform draws, each handed to {@code emit} as a position. */
    static void withRepeats(Positioned value, long n, RandomGenerator random, IntConsumer emit) {
        // a compact encoding walks to a random position: index a snapshot of the positions instead
        int[] all = value.hasFastRandomPosition() ? null : value.positions();
        for (long i = 0; i < n; i++) {
            emit.accept(all != null ? all[random.nextInt(all.length)] : value.randomPosition(random));
        }
    }

    /** {@code n} distinct positions ({@code 0 < n <= size}), uniformly chosen, each handed to {@code emit}. */
    static void distinct(Positioned value, int n, RandomGenerator random, IntConsumer emit) {
        int size = value.size();
        if (n == size) {
            for (int pos = value.first(); pos >= 0; pos = value.next(pos)) {
                emit.accept(pos);
            }
        } else if (!value.hasFastRandomPosition()) {
            // selection sampling: one pass, n distinct entries in the collection's order
            int needed = n;
            int seen = 0;
            for (int pos = value.first(); pos >= 0 && needed > 0; pos = value.next(pos), seen++) {
                if (random.nextInt(size - seen) < needed) {
                    emit.accept(pos);
                    needed--;
                }
            }
        } else if (n * 3L > size) {
            // a large share: shuffle the first n of all positions
            int[] all = value.positions();
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(all.length - i);
                int pos = all[j];
                all[j] = all[i];
                emit.accept(pos);
            }
        } else {
            // a small share: draw until n distinct positions came up
            long[] picked = new long[(value.positionBound() + 63) >>> 6];
            for (int count = 0; count < n; ) {
                int pos = value.randomPosition(random);
                long bit = 1L << pos;
                if ((picked[pos >>> 6] & bit) == 0) {
                    picked[pos >>> 6] |= bit;
                    emit.accept(pos);
                    count++;
                }
            }
        }
    }
}
