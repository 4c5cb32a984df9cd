package io.lodestone.engine.transaction;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every WATCHed key of every client (Redis's db->watched_keys), so that a write to a key marks the
 * transactions watching it as failed. Costs one emptiness check per write while nobody watches.
 * Used under the engine lock only.
 */
public final class WatchedKeys {
    /** One client watching one key. */
    static final class Watch {
        final int db;
        final byte[] key;
        final Transaction owner;
        /**
         * The key was stored but already past its deadline when WATCH ran: its removal by expiry is
         * then no change (Redis 7.0's watchedKey.expired).
         */
        boolean expiredAtWatch;

        Watch(int db, byte[] key, Transaction owner, boolean expiredAtWatch) {
            this.db = db;
            this.key = key;
            this.owner = owner;
            this.expiredAtWatch = expiredAtWatch;
        }
    }

    /** A (database, key) pair compared by content. */
    private record DbKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof DbKey k && k.db == db && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    private final Map<DbKey, List<Watch>> byKey = new HashMap<>();

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** Number of distinct watched keys (for tests and introspection). */
    public int size() {
        return byKey.size();
    }

    /** WATCH of one key by one client; watching the same key twice is one watch. */
    public void watch(Transaction tx, Database db, byte[] key) {
        for (Watch w : tx.watches) {
            if (w.db == db.index() && Arrays.equals(w.key, key)) {
                return;
            }
        }
        Watch w = new Watch(db.index(), key, tx, db.isStoredButExpired(key));
        tx.watches.add(w);
        byKey.computeIfAbsent(new DbKey(db.index(), key), k -> new ArrayList<>(1)).add(w);
    }

    /** Forgets every key the client watches (UNWATCH, EXEC, DISCARD, disconnect). */
    public void unwatchAll(Transaction tx) {
        if (tx.watches.isEmpty()) {
            return;
        }
        for (Watch w : tx.watches) {
            DbKey k = new DbKey(w.db, w.key);
            List<Watch> list = byKey.get(k);
            if (list != null && list.remove(w) && list.isEmpty()) {
                byKey.remove(k);
            }
        }
        tx.watches.clear();
    }

    /** The client's transaction fails; its watches are dropped, as nothing can undo that. */
    private void touch(Transaction tx) {
        tx.markWatchedKeyTouched();
        unwatchAll(tx);
    }

    /** A key is being written: every transaction watching it fails. */
    public void modified(Database db, byte[] key) {
        List<Watch> list = byKey.get(new DbKey(db.index(), key));
        if (list == null) {
            return;
        }
        for (Watch w : list.toArray(new Watch[0])) {
            touch(w.owner);
        }
    }

    /**
     * A key was removed because it expired: a change for those who watched it alive, none for those
     * who watched it already expired (it was logically gone then).
     */
    public void expired(Database db, byte[] key) {
        List<Watch> list = byKey.get(new DbKey(db.index(), key));
        if (list == null) {
            return;
        }
        for (Watch w : list.toArray(new Watch[0])) {
            if (w.expiredAtWatch) {
                w.expiredAtWatch = false; // now deleted, and deleted keys are not "expired"
            } else {
                touch(w.owner);
            }
        }
    }

    /**
     * All keys of {@code emptied} are about to be dropped (replacement null: FLUSHDB/FLUSHALL) or
     * replaced by those of {@code replacement} (SWAPDB). A watched key is touched if it existed
     * on either side, with Redis 7.0's care for keys that were or become logically expired.
     */
    public void replacing(Database emptied, Database replacement) {
        List<Transaction> failed = new ArrayList<>();
        for (Map.Entry<DbKey, List<Watch>> e : byKey.entrySet()) {
            if (e.getKey().db() != emptied.index()) {
                continue;
            }
            byte[] key = e.getKey().key();
            boolean existed = emptied.isStored(key);
            boolean replaced = replacement != null && replacement.isStored(key);
            if (!existed && !replaced) {
                continue;
            }
            for (Watch w : e.getValue()) {
                if (w.expiredAtWatch) {
                    if (!replaced) {
                        w.expiredAtWatch = false; // the expired key is deleted: no logical change
                        continue;
                    }
                    if (replacement.isStoredButExpired(key)) {
                        continue; // expired before, expired after
                    }
                } else if (!existed && replacement.isStoredButExpired(key)) {
                    w.expiredAtWatch = true; // missing before, logically missing after
                    continue;
                }
                failed.add(w.owner);
            }
        }
        for (Transaction tx : failed) {
            touch(tx);
        }
    }

    /** At EXEC: whether a key the client watched alive has expired since (Redis's isWatchedKeyExpired). */
    public boolean anyExpired(Transaction tx, Keyspace keyspace) {
        for (Watch w : tx.watches) {
            if (!w.expiredAtWatch && keyspace.db(w.db).isStoredButExpired(w.key)) {
                return true;
            }
        }
        return false;
    }
}
