package io.lodestone.engine.command;

import io.lodestone.engine.type.Sampleable;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * The sampling of HRANDFIELD, SRANDMEMBER and ZRANDMEMBER with a count: a positive count asks for that many
 * distinct entries (at most the whole collection), a negative one for that many independent draws.
 */
final class RandomSampler {
    private RandomSampler() {}

    /** How many entries {@link #sample} emits for {@code count}. */
    static long resultCount(long count, int size) {
        return count < 0 ? -count : Math.min(count, size);
    }

    /** Emits {@link #resultCount} positions of a non-empty collection. */
    static void sample(Sampleable values, long count, RandomGenerator random, IntConsumer emit) {
        int size = values.size();
        if (count < 0 || count == 1) {
            int[] all = values.isCompact() ? values.positions() : null;
            long wanted = Math.abs(count);
            for (long i = 0; i < wanted; i++) {
                emit.accept(all != null ? all[random.nextInt(all.length)] : values.randomPosition(random));
            }
            return;
        }
        int n = (int) Math.min(count, size);
        if (n == size) {
            for (int pos : values.positions()) {
                emit.accept(pos);
            }
        } else if (values.isCompact()) {
            // selection sampling: n distinct entries, in the collection's order
            int[] all = values.positions();
            int needed = n;
            for (int i = 0; i < all.length && needed > 0; i++) {
                if (random.nextInt(all.length - i) < needed) {
                    emit.accept(all[i]);
                    needed--;
                }
            }
        } else if (n * 3L > size) {
            // a large share: shuffle the first n of all positions
            int[] all = values.positions();
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(all.length - i);
                int pos = all[j];
                all[j] = all[i];
                emit.accept(pos);
            }
        } else {
            // a small share: draw until n distinct positions came up
            long[] seen = new long[(values.positionBound() + 63) >>> 6];
            for (int picked = 0; picked < n; ) {
                int pos = values.randomPosition(random);
                long bit = 1L << pos;
                if ((seen[pos >>> 6] & bit) == 0) {
                    seen[pos >>> 6] |= bit;
                    emit.accept(pos);
                    picked++;
                }
            }
        }
    }
}
