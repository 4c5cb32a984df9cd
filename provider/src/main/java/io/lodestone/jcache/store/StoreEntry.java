package io.lodestone.jcache.store;

/**
 * One entry inside {@link CacheStore#compute}: the current value and the single change the
 * function decides. The change is applied after the function returns normally; if it throws,
 * nothing changes. The last call wins.
 */
public interface StoreEntry {
    byte[] key();

    /** The current value, or null when the entry is absent. */
    byte[] value();

    /** The store time of this step, for computing deadlines. */
    long now();

    /**
     * Stores {@code value}; {@code expireAt} is an absolute deadline in ms, {@link
     * CacheStore#NO_EXPIRY} or {@link CacheStore#KEEP_TTL}.
     */
    void set(byte[] value, long expireAt);

    /** Changes only the deadline of an existing entry ({@link CacheStore#NO_EXPIRY} removes it). */
    void setExpireAt(long expireAt);

    /** Removes the entry. */
    void remove();

    /**
     * Runs {@code action} once the change is applied, before any later change of this key is: for
     * what must follow the order of changes (queueing events). Not run if the function throws.
     */
    void afterCommit(Runnable action);
}
