package io.lodestone.server.stats;

/**
 * A rate averaged over the last 16 samples, as Redis's instantaneous_* fields: each sample is the
 * counter's growth per second since the previous one. Sampled and read under the engine lock.
 */
final class InstantaneousMetric {
    private static final int SAMPLES = 16;

    private final long[] perSecond = new long[SAMPLES];
    private int next;
    private long lastValue;
    private long lastMillis = -1;

    void sample(long nowMillis, long counter) {
        if (lastMillis >= 0 && nowMillis > lastMillis) {
            perSecond[next] = (counter - lastValue) * 1000 / (nowMillis - lastMillis);
            next = (next + 1) % SAMPLES;
        }
        lastMillis = nowMillis;
        lastValue = counter;
    }

    /** The average rate per second over the window. */
    long perSecond() {
        long sum = 0;
        for (long s : perSecond) {
            sum += s;
        }
        return sum / SAMPLES;
    }
}
