package io.lodestone.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * A cache's statistics (the specification's table of what counts as a hit, miss, put and
 * removal is applied by the cache; this only counts). Counting costs nothing while disabled.
 * Average times are in microseconds.
 */
public final class JCacheStatistics implements CacheStatisticsMXBean {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder getNanos = new LongAdder();
    private final LongAdder putNanos = new LongAdder();
    private final LongAdder removeNanos = new LongAdder();
    private volatile boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** A start time for the timers, or 0 when disabled. */
    public long start() {
        return enabled ? System.nanoTime() : 0;
    }

    public void hits(long n) {
        if (enabled && n > 0) {
            hits.add(n);
        }
    }

    public void misses(long n) {
        if (enabled && n > 0) {
            misses.add(n);
        }
    }

    public void puts(long n) {
        if (enabled && n > 0) {
            puts.add(n);
        }
    }

    public void removals(long n) {
        if (enabled && n > 0) {
            removals.add(n);
        }
    }

    public void getTime(long start) {
        if (enabled && start != 0) {
            getNanos.add(System.nanoTime() - start);
        }
    }

    public void putTime(long start) {
        if (enabled && start != 0) {
            putNanos.add(System.nanoTime() - start);
        }
    }

    public void removeTime(long start) {
        if (enabled && start != 0) {
            removeNanos.add(System.nanoTime() - start);
        }
    }

    /** A get of one entry that hit or missed, timed from {@code start}. */
    public void get(long start, boolean hit) {
        if (hit) {
            hits(1);
        } else {
            misses(1);
        }
        getTime(start);
    }

    /** One put, timed from {@code start}. */
    public void put(long start) {
        puts(1);
        putTime(start);
    }

    /** One removal, timed from {@code start}. */
    public void removal(long start) {
        removals(1);
        removeTime(start);
    }

    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        puts.reset();
        removals.reset();
        evictions.reset();
        getNanos.reset();
        putNanos.reset();
        removeNanos.reset();
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long h = getCacheHits();
        long gets = getCacheGets();
        return h == 0 || gets == 0 ? 0f : (float) h / gets * 100.0f;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long m = getCacheMisses();
        long gets = getCacheGets();
        return m == 0 || gets == 0 ? 0f : (float) m / gets * 100.0f;
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum();
    }

    @Override
    public float getAverageGetTime() {
        return average(getNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return average(putNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return average(removeNanos.sum(), getCacheRemovals());
    }

    private static float average(long nanos, long count) {
        return nanos == 0 || count == 0 ? 0f : (float) nanos / count / 1000f;
    }
}
