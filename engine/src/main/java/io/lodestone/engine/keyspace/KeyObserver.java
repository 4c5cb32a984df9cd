package io.lodestone.engine.keyspace;

/**
 * Hears about keys that leave the keyspace on their own, without a command naming them: today a
 * key that reached its deadline (expired lazily on access or by the active cycle). The hook that
 * keyspace notifications ({@code notify-keyspace-events}, class {@code x}) and embedded
 * integrations (the JCache provider's EXPIRED events) build on; register with
 * {@code Engine#addKeyObserver}.
 *
 * <p>Called under the engine lock, on the thread that removed the key (the cron thread for the
 * active cycle, a client's thread for lazy expiry), after the key's {@code DEL} entered the write
 * stream. Be quick, do not block and do not call back into the engine from another thread while
 * inside the callback: hand the event to your own executor.
 */
@FunctionalInterface
public interface KeyObserver {
    /**
     * A key was past its deadline and has been removed.
     *
     * @param db    the database index
     * @param key   the key (owned by the engine: do not modify)
     * @param value the removed value: a {@code byte[]} for strings, a type object otherwise (do not
     *              modify)
     */
    void expired(int db, byte[] key, Object value);
}
