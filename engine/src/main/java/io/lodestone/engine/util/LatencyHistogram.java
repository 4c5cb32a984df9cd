package io.lodestone.engine.util;

/**
 * A latency distribution in nanoseconds with a bounded relative error, for INFO latencystats.
 * Values below 128 ns are counted exactly; above, each power of two is split into 64 buckets, so
 * a bucket is at most 1/64 of its value wide. Recording is an index computation and an increment;
 * the counts take 18 KB, allocated on a command's first call. Values beyond about 18 minutes count as that.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int EXACT = SUB_BUCKETS * 2;
    private static final int MAX_EXPONENT = 40;
    private static final long MAX_VALUE = (1L << (MAX_EXPONENT + 1)) - 1;
    private static final int BUCKETS = index(MAX_VALUE) + 1;

    private final long[] counts = new long[BUCKETS];
    private long total;

    public void record(long nanos) {
        long value = Math.max(0, Math.min(nanos, MAX_VALUE));
        counts[index(value)]++;
        total++;
    }

    public long count() {
        return total;
    }

    /**
     * The value at the percentile (0..100]: the largest value of the bucket holding the sample of
     * that rank, so the true value is at most this and at least 98.5% of it. 0 when empty.
     */
    public long valueAtPercentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return highestInBucket(i);
            }
        }
        return highestInBucket(BUCKETS - 1);
    }

    /** Samples of at most {@code nanos} (bucket resolution: a bucket counts when its highest value fits). */
    public long countAtOrBelow(long nanos) {
        long n = 0;
        for (int i = 0; i < BUCKETS && highestInBucket(i) <= nanos; i++) {
            n += counts[i];
        }
        return n;
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BITS;
        // the top SUB_BITS + 1 bits of the value: SUB_BUCKETS .. 2 * SUB_BUCKETS - 1
        return shift * SUB_BUCKETS + (int) (value >>> shift);
    }

    static long highestInBucket(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long mantissa = index % SUB_BUCKETS + SUB_BUCKETS;
        return ((mantissa + 1) << shift) - 1;
    }
}
