package io.lodestone.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsAreContiguousAndNarrow() {
        long previousHigh = -1;
        for (int i = 0; i < LatencyHistogram.index((1L << 41) - 1); i++) {
            long high = LatencyHistogram.highestInBucket(i);
            assertTrue(high > previousHigh, "bucket " + i + " ends after the previous one");
            long low = previousHigh + 1;
            assertEquals(i, LatencyHistogram.index(low), "bucket " + i + " starts at " + low);
            assertEquals(i, LatencyHistogram.index(high), "bucket " + i + " ends at " + high);
            assertTrue(high - low <= Math.max(0, low / 64), "bucket " + i + " is at most 1/64 of its values wide");
            previousHigh = high;
        }
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertEquals(50, h.valueAtPercentile(50));
        assertEquals(99, h.valueAtPercentile(99));
        assertEquals(100, h.valueAtPercentile(99.9));
        assertEquals(100, h.count());
    }

    @Test
    void largeValuesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(4_000);
        }
        h.record(1_000_000);
        long p50 = h.valueAtPercentile(50);
        assertTrue(p50 >= 4_000 && p50 <= 4_000 + 4_000 / 64, "p50 " + p50);
        long p999 = h.valueAtPercentile(99.9);
        assertTrue(p999 >= 1_000_000 && p999 <= 1_000_000 + 1_000_000 / 64, "p99.9 " + p999);
    }

    @Test
    void emptyAndOutOfRange() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.valueAtPercentile(50));
        h.record(-5);
        h.record(Long.MAX_VALUE);
        assertEquals(0, h.valueAtPercentile(50));
        assertTrue(h.valueAtPercentile(100) >= (1L << 40));
    }
}
