package io.lodestone.engine.keyspace;

/**
 * The LFU form of an entry's 24-bit access word, kept instead of the access time while an LFU
 * maxmemory-policy is on, as Redis keeps it in its objects' lru field: the time of the last
 * decrement in minutes (16 bits, wrapping) above an 8-bit logarithmic counter.
 *
 * <p>A new key starts at {@link #INITIAL}, so it is not evicted before it had a chance to be read.
 * A hit increments the counter with probability {@code 1 / ((counter - INITIAL) * lfu-log-factor + 1)},
 * so it takes about a million hits to reach 255 with the default factor 10; every
 * {@code lfu-decay-time} minutes without a hit take one off.
 */
public final class Lfu {
    /** The counter of a new key. */
    public static final int INITIAL = 5;
    private static final int MAX = 255;
    private static final int MINUTES_MASK = 0xFFFF;

    private Lfu() {}

    /** The access word of a key created at {@code nowMillis}. */
    static int newWord(long nowMillis) {
        return (minutes(nowMillis) << 8) | INITIAL;
    }

    /** The counter after decay, without recording anything: OBJECT FREQ and eviction read it so. */
    public static int counter(int word, long nowMillis, int decayMinutes) {
        int counter = word & 0xFF;
        if (decayMinutes == 0) {
            return counter;
        }
        int last = (word >>> 8) & MINUTES_MASK;
        int now = minutes(nowMillis);
        // the minute clock wraps every 45 days
        int elapsed = now >= last ? now - last : MINUTES_MASK - last + now;
        int periods = elapsed / decayMinutes;
        return periods >= counter ? 0 : counter - periods;
    }

    /** The access word after one hit: decay, then the logarithmic increment drawn with {@code random} in [0, 1). */
    static int hit(int word, long nowMillis, int logFactor, int decayMinutes, double random) {
        int counter = counter(word, nowMillis, decayMinutes);
        if (counter < MAX) {
            double base = Math.max(0, counter - INITIAL);
            if (random < 1.0 / (base * logFactor + 1)) {
                counter++;
            }
        }
        return (minutes(nowMillis) << 8) | counter;
    }

    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 60_000) & MINUTES_MASK);
    }
}
