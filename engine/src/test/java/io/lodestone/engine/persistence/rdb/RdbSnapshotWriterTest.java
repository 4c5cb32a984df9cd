package io.lodestone.engine.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.persistence.SnapshotPacer;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer keeps string entries by reference and serialises them after the lock is released:
 * every way a command can change a string after the snapshot began must leave the file as the
 * dataset was at that instant. Single-threaded and deterministic: every change runs between
 * {@link RdbSnapshotWriter#begin()} and {@link RdbSnapshotWriter#write}, so each slot is handed
 * over by a command before the writer has walked it.
 */
class RdbSnapshotWriterTest {
    private static final int KEYS = 5_000;
    /** An absolute expiry far ahead of both the fake clock and the real one. */
    private static final String FAR = "4102444800000";

    @TempDir
    Path dir;

    private EngineHarness populated() {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        EngineHarness h = new EngineHarness(config);
        for (int i = 0; i < KEYS; i++) {
            h.exec("SET", "s:" + i, "value-" + i + "-" + "x".repeat(i % 40));
            h.exec("SET", "n:" + i, Integer.toString(i));
            if (i % 3 == 0) {
                h.exec("PEXPIREAT", "s:" + i, FAR);
            }
        }
        h.exec("SADD", "ints", "1", "2", "70000", "5000000000");
        h.exec("HSET", "hash", "a", "1", "b", "2");
        h.exec("SELECT", "1");
        for (int i = 0; i < 100; i++) {
            h.exec("SET", "one:" + i, "in db 1");
        }
        h.exec("SELECT", "0");
        return h;
    }

    /** Every kind of change to a string, on every key, after the point in time. */
    private static void changeEverything(EngineHarness h) {
        for (int i = 0; i < KEYS; i++) {
            String s = "s:" + i;
            String n = "n:" + i;
            switch (i % 10) {
                case 0 -> h.exec("SET", s, "replaced");
                case 1 -> h.exec("APPEND", s, "-appended");
                case 2 -> h.exec("SETRANGE", s, "2", "ZZ");
                case 3 -> h.exec("DEL", s);
                case 4 -> h.exec("PEXPIREAT", s, "4102444900000");
                case 5 -> h.exec("PERSIST", s);
                case 6 -> h.exec("RENAME", s, "renamed:" + i);
                case 7 -> h.exec("GETDEL", s);
                case 8 -> h.exec("GETSET", s, "getset");
                default -> h.exec("SET", s, "with-ttl", "PXAT", FAR);
            }
            h.exec(i % 2 == 0 ? "INCR" : "INCRBYFLOAT", n, i % 2 == 0 ? "1" : "0.5");
            if (i % 2 == 0) {
                h.exec("INCRBY", n, "1");
            }
        }
        h.exec("SADD", "ints", "3");
        h.exec("HSET", "hash", "a", "changed");
        h.exec("SELECT", "1");
        h.exec("FLUSHDB");
        h.exec("SET", "one:new", "after");
        h.exec("SELECT", "0");
    }

    private Map<String, String> reload(Path file) throws Exception {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        config.setDbfilename(file.getFileName().toString());
        Engine reloaded = new Engine(config, Clock.SYSTEM);
        reloaded.rdb().loadAtStartup();
        return KeyspaceContents.of(reloaded.keyspace());
    }

    private static RdbSnapshotWriter begin(EngineHarness h) {
        Engine engine = h.engine();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(engine.keyspace(), engine.lock(),
                new RdbContext(engine.config()), true, true, 0);
        engine.lock().lock();
        try {
            writer.begin();
        } finally {
            engine.lock().unlock();
        }
        return writer;
    }

    @Test
    void stringsChangedAfterThePointInTimeAreWrittenAsTheyWere() throws Exception {
        EngineHarness h = populated();
        Map<String, String> atStart = KeyspaceContents.of(h.engine().keyspace());
        RdbSnapshotWriter writer = begin(h);
        changeEverything(h);
        assertTrue(!KeyspaceContents.of(h.engine().keyspace()).equals(atStart), "the changes changed something");

        writer.write(dir.resolve("snap.rdb"), dir.resolve("snap.tmp"));

        assertEquals(atStart, reload(dir.resolve("snap.rdb")));
        assertEquals(2 * KEYS + 2 + 100, writer.keysWritten());
        // the commands handed their slots over by reference: the writer held them until written
        assertTrue(writer.peakBacklogBytes() > KEYS * 16L, "peak backlog " + writer.peakBacklogBytes());
    }

    @Test
    void aPacedWriterPausesForBusyClientsAndStillWritesEverything() throws Exception {
        EngineHarness h = populated();
        Map<String, String> atStart = KeyspaceContents.of(h.engine().keyspace());
        RdbSnapshotWriter writer = begin(h);
        long[] fakeNanos = {0};
        long[] commands = {0};
        List<Long> pauses = new ArrayList<>();
        // each look at the clock is 1 ms later, each look at the counter 1,000 commands more: busy
        writer.setPacer(new SnapshotPacer(() -> commands[0] += 1_000, () -> fakeNanos[0] += 1_000_000, pauses::add,
                SnapshotPacer.Policy.standard(Long.MAX_VALUE)));
        changeEverything(h);

        writer.write(dir.resolve("paced.rdb"), dir.resolve("paced.tmp"));

        assertEquals(atStart, reload(dir.resolve("paced.rdb")));
        assertTrue(writer.pacer().steps() >= 2 * KEYS / 1024, "steps " + writer.pacer().steps());
        assertTrue(!pauses.isEmpty() && pauses.stream().allMatch(p -> p > 0 && p <= 50_000_000L), "pauses " + pauses);
    }

    @Test
    void aCancelledSnapshotStopsAtTheNextStepEvenWithABacklog() throws Exception {
        EngineHarness h = populated();
        RdbSnapshotWriter writer = begin(h);
        changeEverything(h); // every slot handed over: a backlog of thousands of entries waits
        writer.endSnapshot(); // what BGSAVE's cancellation does (FLUSHALL, SHUTDOWN)

        assertThrows(IllegalStateException.class, () -> writer.write(dir.resolve("gone.rdb"), dir.resolve("gone.tmp")));
        assertFalse(Files.exists(dir.resolve("gone.tmp")), "temporary file removed");
        assertFalse(Files.exists(dir.resolve("gone.rdb")), "no file written");
        assertEquals(0, writer.keysWritten());
    }

    @Test
    void withNothingChangedTheFileHoldsTheDataset() throws Exception {
        EngineHarness h = populated();
        Map<String, String> atStart = KeyspaceContents.of(h.engine().keyspace());
        RdbSnapshotWriter writer = begin(h);
        writer.write(dir.resolve("quiet.rdb"), dir.resolve("quiet.tmp"));
        assertEquals(atStart, reload(dir.resolve("quiet.rdb")));
    }
}
