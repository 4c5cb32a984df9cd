package io.lodestone.jcache.store;

import java.util.List;

/**
 * The one narrow door between a JCache cache and the place its entries live. The embedded store
 * runs Redis commands on this JVM's engine; a cluster member and a remote (RESP) client implement
 * the same interface, so the cache proxy above never changes.
 *
 * <p>Keys are full engine keys (the cache's prefix, see {@link KeyPrefix}, followed by the codec's
 * encoding of the cache key); values are codec bytes. Deadlines are absolute milliseconds on the
 * store's clock ({@link #now()}), with the constants below.
 */
public interface CacheStore extends AutoCloseable {
    /** No TTL: the entry lives until removed. */
    long NO_EXPIRY = 0;
    /** Keep whatever TTL the entry has (an update whose policy said "unchanged"). */
    long KEEP_TTL = -1;

    /** The prefix every key of this cache starts with. */
    byte[] prefix();

    /** The store's current time in milliseconds since the epoch (its deadlines use this clock). */
    long now();

    /** The value under {@code key}, or null. */
    byte[] get(byte[] key);

    /**
     * Stores {@code value} without reading the entry first ({@code expireAt} as in {@link
     * StoreEntry#set}): for callers that need neither the old value nor an event.
     */
    void put(byte[] key, byte[] value, long expireAt);

    /** Whether {@code key} holds a live value; no statistics, no access time. */
    boolean containsKey(byte[] key);

    /**
     * Runs {@code function} atomically on one entry: no other operation on the store interleaves
     * between the read of the current value and the write the function decides. The function may
     * run user code (entry processors, writers, expiry policies); it must not block on other
     * threads that use the same store.
     */
    <R> R compute(byte[] key, EntryFunction<R> function);

    /**
     * One step of an iteration over the cache's keys: adds keys to {@code out} and returns the next
     * cursor, 0 when done. Keys present for the whole iteration are returned exactly once.
     */
    long scan(long cursor, int count, List<byte[]> out);

    /** Deletes every key of the cache, without events. Returns the number deleted. */
    long clear();

    /** Registers the listener told about keys of this cache that expire in the store. */
    void onExpiry(ExpiryListener listener);

    /** Stops expiry notifications; the data stays. */
    @Override
    void close();

    /** An atomic read-modify-write on one entry. */
    @FunctionalInterface
    interface EntryFunction<R> {
        R apply(StoreEntry entry);
    }

    /** Told about each key that reached its deadline, on a store thread: hand it off quickly. */
    @FunctionalInterface
    interface ExpiryListener {
        void expired(byte[] key, byte[] value);
    }
}
