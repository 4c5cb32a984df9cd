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

    /** A key is about to be modified or was deleted, replaced or created (WATCH, client tracking). */
    default void modified(Database db, byte[] key) {}

    KeyspaceListener NONE = (db, key) -> {};
}
