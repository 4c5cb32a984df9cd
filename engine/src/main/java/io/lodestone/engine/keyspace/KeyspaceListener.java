package io.lodestone.engine.keyspace;

/**
 * What the keyspace tells the rest of the engine. Deletions of expired keys must be propagated
 * (as DEL) so that replicas and the AOF never act on their own clock.
 */
public interface KeyspaceListener {
    /** A key was found past its deadline and removed (lazily or by the active cycle). */
    void expired(Database db, byte[] key);

    /** A key was removed to bring memory under maxmemory (after {@link #modified}). */
    default void evicted(Database db, byte[] key) {}

    /** As {@link #expired(Database, byte[])}, with the value the key held; the keyspace calls this one. */
    default void expired(Database db, byte[] key, Object value) {
        expired(db, key);
    }

    /** A key is about to be modified or was deleted, replaced or created (WATCH, client tracking). */
    default void modified(Database db, byte[] key) {}

    /** A key that did not exist was just added (keyspace event "new"). */
    default void created(Database db, byte[] key) {}

    /** A read lookup found no such key (keyspace event "keymiss"). */
    default void missed(Database db, byte[] key) {}

    /**
     * Every key of {@code db} is about to be dropped (FLUSHDB, FLUSHALL), or, when {@code
     * replacement} is not null, replaced by the contents of {@code replacement} (SWAPDB, called
     * once for each side). Called before the change, so both contents can still be read.
     */
    default void replacing(Database db, Database replacement) {}

    KeyspaceListener NONE = (db, key) -> {};
}
