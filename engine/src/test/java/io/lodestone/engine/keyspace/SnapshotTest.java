package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.type.HashValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The snapshot's contract, step by step: whatever happens to the keyspace after {@code beginSnapshot},
 * the sink receives every entry exactly once, as it was at that moment.
 */
class SnapshotTest {
    private static final EngineConfig CONFIG = EngineConfig.defaults();

    /** Records entries as text; fails on an entry handed over twice. */
    static final class Recorder implements Snapshot.Sink {
        final Map<String, String> entries = new TreeMap<>();

        @Override
        public void entry(int db, byte[] key, Object value, long expireAt) {
            String k = db + "/" + KeyspaceContents.text(key);
            String previous = entries.put(k, KeyspaceContents.describe(value, expireAt));
            if (previous != null) {
                throw new AssertionError("entry written twice: " + k);
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Keyspace filled() {
        Keyspace ks = new Keyspace(4);
        ks.setNow(1000);
        for (int i = 0; i < 500; i++) {
            ks.db(0).set(b("k" + i), b("v" + i), i % 5 == 0 ? 1_000_000 + i : 0);
            ks.db(2).set(b("d2:" + i), b("x" + i));
        }
        HashValue h = new HashValue();
        h.set(b("f"), b("1"), CONFIG);
        ks.db(0).set(b("hash"), h);
        return ks;
    }

    private static Map<String, String> drain(Snapshot s) {
        for (int db = 0; db < s.databaseCount(); db++) {
            int slot = 0;
            while (slot >= 0) {
                slot = s.advance(db, slot, 7);
            }
        }
        s.end();
        return null;
    }

    @Test
    void withoutWritesTheSinkGetsEverythingOnce() {
        Keyspace ks = filled();
        Map<String, String> before = KeyspaceContents.of(ks);
        Recorder r = new Recorder();
        Snapshot s = ks.beginSnapshot(r);
        assertEquals(500 + 500 + 1, s.totalKeysAtStart());
        assertEquals(100, s.volatileKeysAtStart(0));
        drain(s);
        assertEquals(before, r.entries);
        assertEquals(1001, s.entriesWritten());
        assertFalse(ks.snapshotting());
    }

    @Test
    void everyKindOfWriteDuringTheSnapshotLeavesItAtItsStartingPoint() {
        Keyspace ks = filled();
        Map<String, String> before = KeyspaceContents.of(ks);
        Recorder r = new Recorder();
        Snapshot s = ks.beginSnapshot(r);
        // walk part of database 0 first, so that writes hit both visited and unvisited slots
        s.advance(0, 0, 100);
        Database db0 = ks.db(0);
        for (int i = 0; i < 500; i += 3) {
            db0.set(b("k" + i), b("changed"));
        }
        for (int i = 1; i < 500; i += 7) {
            db0.delete(b("k" + i));
        }
        for (int i = 2; i < 500; i += 11) {
            db0.setExpire(b("k" + i), 5_000_000);
        }
        db0.set(b("new-key"), b("new"));
        ((HashValue) db0.getForWrite(b("hash"))).set(b("f"), b("mutated in place"), CONFIG);
        ((HashValue) db0.getForWrite(b("hash"))).set(b("g"), b("added"), CONFIG);
        ks.setNow(2_000_000); // keys with a TTL are now past it: lazy and active expiry remove them
        db0.get(b("k5"));
        db0.expireSlots(0, Slots.COUNT, new long[1]);
        ks.swap(2, 3);
        ks.db(3).set(b("d2:1"), b("changed after swap"));
        ks.db(2).set(b("in-2-after-swap"), b("x"));
        ks.db(1).set(b("db1"), b("created after the start"));
        drain(s);
        assertEquals(before, r.entries);
    }

    @Test
    void flushesHandTheOldTablesToTheSnapshot() {
        Keyspace ks = filled();
        Map<String, String> before = KeyspaceContents.of(ks);
        Recorder r = new Recorder();
        Snapshot s = ks.beginSnapshot(r);
        s.advance(2, 0, 50);
        ks.db(0).clear();
        ks.db(0).set(b("k1"), b("after flushdb"));
        ks.flushAll();
        ks.db(2).set(b("d2:3"), b("after flushall"));
        drain(s);
        assertEquals(before, r.entries);
        assertEquals(1, KeyspaceContents.of(ks).size());
    }

    @Test
    void twoSnapshotsAtOnceEachKeepTheirOwnPointInTime() {
        Keyspace ks = filled();
        Map<String, String> first = KeyspaceContents.of(ks);
        Recorder r1 = new Recorder();
        Snapshot s1 = ks.beginSnapshot(r1);
        ks.db(0).set(b("k0"), b("between"));
        Map<String, String> second = KeyspaceContents.of(ks);
        Recorder r2 = new Recorder();
        Snapshot s2 = ks.beginSnapshot(r2);
        ks.db(0).set(b("k0"), b("after both"));
        ks.db(0).delete(b("k1"));
        drain(s2);
        assertTrue(ks.snapshotting());
        drain(s1);
        assertEquals(first, r1.entries);
        assertEquals(second, r2.entries);
        assertFalse(ks.snapshotting());
    }

    @Test
    void adoptingALoadedKeyspaceDuringASnapshotKeepsTheOldContentsForIt() {
        Keyspace ks = filled();
        Map<String, String> before = KeyspaceContents.of(ks);
        Recorder r = new Recorder();
        Snapshot s = ks.beginSnapshot(r);
        Keyspace loaded = new Keyspace(4);
        loaded.db(1).set(b("loaded"), b("1"));
        ks.adopt(loaded);
        drain(s);
        assertEquals(before, r.entries);
        Map<String, String> now = new HashMap<>(KeyspaceContents.of(ks));
        assertEquals(Map.of("1/loaded", "string:1"), now);
    }
}
