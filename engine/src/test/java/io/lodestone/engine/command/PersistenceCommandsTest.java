package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.persistence.RdbPersistence;
import io.lodestone.engine.persistence.rdb.RdbFormatException;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SAVE, BGSAVE, LASTSAVE, save rules, MISCONF, loading: the engine side of RDB persistence. */
class PersistenceCommandsTest {
    static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to"
            + " persist to disk. Commands that may modify the data set are disabled, because this instance is"
            + " configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error"
            + " option). Please check the Redis logs for details about the RDB error.";

    @TempDir
    Path dir;

    private EngineHarness harness() {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        return new EngineHarness(config);
    }

    private static void awaitBackgroundSave(EngineHarness h) throws InterruptedException {
        assertTrue(h.engine().rdb().awaitBackgroundSave(30, TimeUnit.SECONDS), "BGSAVE did not finish");
    }

    /** Loads the dump file into a fresh engine and returns its contents. */
    private Map<String, String> reloaded(EngineHarness h) throws Exception {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(h.engine().config().dir());
        config.setDbfilename(h.engine().config().dbfilename());
        EngineHarness fresh = new EngineHarness(config);
        fresh.engine().rdb().loadAtStartup();
        return KeyspaceContents.of(fresh.engine().keyspace());
    }

    @Test
    void saveWritesTheFileResetsTheChangeCountAndSetsLastsave() throws Exception {
        EngineHarness h = harness();
        h.clock().advance(100_000_000_000L);
        h.exec("SET", "a", "1");
        h.exec("HSET", "h", "f", "v");
        h.exec("SELECT", "3");
        h.exec("SET", "b", "2");
        assertEquals(3L, h.engine().stats().dirty);
        assertEquals("OK", h.exec("SAVE"));
        assertEquals(0L, h.engine().stats().dirty);
        assertEquals(1_800_000_000L, h.exec("LASTSAVE"));
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        assertEquals(KeyspaceContents.of(h.engine().keyspace()), reloaded(h));
        assertEquals(1, Files.list(dir).count(), "no temporary file left behind");
        assertTrue(h.stream().isEmpty() || h.stream().stream().noneMatch(e -> e.get(0).equalsIgnoreCase("save")),
                "SAVE is not propagated");
    }

    @Test
    void bgsaveWritesInTheBackgroundAndSubtractsOnlyTheChangesItCovered() throws Exception {
        EngineHarness h = harness();
        for (int i = 0; i < 1000; i++) {
            h.exec("SET", "k" + i, "v" + i);
        }
        h.engine().config().setRdbKeySaveDelayMicros(200); // 1000 keys: about 0.2 s
        assertEquals("Background saving started", h.exec("BGSAVE"));
        assertTrue(h.engine().rdb().isBackgroundSaveRunning());
        assertEquals(new Err("ERR Background save already in progress"), h.exec("BGSAVE"));
        assertEquals(new Err("ERR Background save already in progress"), h.exec("BGSAVE", "SCHEDULE"));
        assertEquals(new Err("ERR Background save already in progress"), h.exec("SAVE"));
        Map<String, String> atStart = KeyspaceContents.of(h.engine().keyspace());
        h.exec("SET", "k1", "changed during the save");
        h.exec("SET", "late", "x");
        Map<String, String> info = h.engine().rdb().infoFields();
        assertEquals("1", info.get("rdb_bgsave_in_progress"));
        assertEquals("1000", info.get("current_save_keys_total"));
        awaitBackgroundSave(h);
        assertEquals(2L, h.engine().stats().dirty, "the two writes made during the save still count");
        assertEquals(atStart, reloaded(h));
        info = h.engine().rdb().infoFields();
        assertEquals("0", info.get("rdb_bgsave_in_progress"));
        assertEquals("ok", info.get("rdb_last_bgsave_status"));
        assertEquals("2", info.get("rdb_changes_since_last_save"));
        assertEquals("1", info.get("rdb_saves"));
    }

    @Test
    void bgsaveArguments() throws Exception {
        EngineHarness h = harness();
        assertEquals(new Err("ERR syntax error"), h.exec("BGSAVE", "now"));
        assertEquals(new Err("ERR syntax error"), h.exec("BGSAVE", "SCHEDULE", "x"));
        assertEquals("Background saving started", h.exec("BGSAVE", "schedule"));
        awaitBackgroundSave(h);
        assertEquals(new Err("ERR wrong number of arguments for 'save' command"), h.exec("SAVE", "x"));
        assertEquals(new Err("ERR wrong number of arguments for 'lastsave' command"), h.exec("LASTSAVE", "x"));
    }

    @Test
    void saveRulesTriggerABackgroundSaveFromTheCron() throws Exception {
        EngineHarness h = harness();
        h.engine().config().setSaveRules(new long[] {60, 3, 3600, 1});
        long start = h.clock().millis();
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2");
        h.clock().advance(61_000);
        h.cron();
        assertFalse(h.engine().rdb().isBackgroundSaveRunning(), "2 changes < 3");
        h.exec("SET", "c", "3");
        h.cron();
        awaitBackgroundSave(h);
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        assertEquals(0L, h.engine().stats().dirty);
        assertEquals((start + 61_000) / 1000, h.exec("LASTSAVE"));
        h.exec("SET", "d", "4");
        h.clock().advance(3_000_000);
        h.cron();
        assertFalse(h.engine().rdb().isBackgroundSaveRunning(), "1 change, 3000 s < 3600 s");
        h.clock().advance(601_000);
        h.cron();
        awaitBackgroundSave(h);
        assertEquals(4, reloaded(h).size());
    }

    @Test
    void aFailedBackgroundSaveStopsWritesWithMisconfUntilASaveSucceeds() throws Exception {
        EngineHarness h = harness();
        h.exec("SET", "a", "1");
        Path gone = Files.createDirectory(dir.resolve("gone"));
        h.engine().config().setDir(gone.toString());
        Files.delete(gone); // root can write anywhere: a directory that no longer exists always fails
        assertEquals(new Err("ERR"), h.exec("SAVE"));
        assertEquals("ok", h.engine().rdb().infoFields().get("rdb_last_bgsave_status"), "SAVE does not change it");
        assertEquals("Background saving started", h.exec("BGSAVE"));
        awaitBackgroundSave(h);
        assertEquals("err", h.engine().rdb().infoFields().get("rdb_last_bgsave_status"));
        // no save rules: writes go on, as in Redis
        assertEquals("OK", h.exec("SET", "b", "2"));
        h.engine().config().setSaveRules(new long[] {3600, 1});
        assertEquals(new Err(MISCONF), h.exec("SET", "c", "3"));
        assertEquals(new Err(MISCONF), h.exec("HSET", "h", "f", "v"));
        assertEquals(new Err(MISCONF), h.exec("DEL", "a"));
        assertEquals("1", h.exec("GET", "a"), "reads still work");
        h.engine().config().setStopWritesOnBgsaveError(false);
        assertEquals("OK", h.exec("SET", "c", "3"));
        h.engine().config().setStopWritesOnBgsaveError(true);
        h.engine().config().setDir(dir.toString());
        assertEquals("OK", h.exec("SAVE"));
        assertEquals("OK", h.exec("SET", "d", "4"), "a successful save lifts the ban");
    }

    /**
     * A transaction queued before the save failed: its EXEC counts as a write (Redis looks at the
     * queued commands' flags), is refused and discards the transaction; a read-only one still runs.
     */
    @Test
    void execOfQueuedWritesIsRefusedWithMisconfAndDiscardsTheTransaction() throws Exception {
        EngineHarness h = harness();
        h.engine().config().setSaveRules(new long[] {3600, 1});
        h.exec("SET", "a", "1");
        var writer = h.newClient();
        var reader = h.newClient();
        assertEquals("OK", h.exec(writer, "MULTI"));
        assertEquals("QUEUED", h.exec(writer, "SET", "a", "2"));
        assertEquals("OK", h.exec(reader, "MULTI"));
        assertEquals("QUEUED", h.exec(reader, "GET", "a"));
        Path gone = Files.createDirectory(dir.resolve("gone"));
        h.engine().config().setDir(gone.toString());
        Files.delete(gone);
        assertEquals("Background saving started", h.exec("BGSAVE"));
        awaitBackgroundSave(h);
        assertEquals(new Err("EXECABORT Transaction discarded because of: " + MISCONF), h.exec(writer, "EXEC"));
        assertEquals(new Err("ERR EXEC without MULTI"), h.exec(writer, "EXEC"), "discarded");
        assertEquals(java.util.List.of("1"), h.exec(reader, "EXEC"), "reads only: it runs");
        assertEquals("1", h.exec("GET", "a"), "the refused SET never ran");
        assertEquals("OK", h.exec("MULTI"));
        assertEquals(new Err(MISCONF), h.exec("SET", "a", "3"), "refused while queueing");
        assertEquals(new Err("EXECABORT Transaction discarded because of previous errors."), h.exec("EXEC"));
    }

    @Test
    void aFailedBackgroundSaveIsRetriedByTheRulesOnlyAfterFiveSeconds() throws Exception {
        EngineHarness h = harness();
        h.engine().config().setSaveRules(new long[] {1, 1});
        Path gone = Files.createDirectory(dir.resolve("gone"));
        h.engine().config().setDir(gone.toString());
        Files.delete(gone);
        h.exec("SET", "a", "1");
        h.clock().advance(2000);
        h.cron();
        awaitBackgroundSave(h);
        assertEquals("err", h.engine().rdb().infoFields().get("rdb_last_bgsave_status"));
        h.engine().config().setDir(dir.toString());
        h.clock().advance(1000);
        h.cron();
        assertFalse(h.engine().rdb().isBackgroundSaveRunning(), "within the retry delay");
        h.clock().advance(5000);
        h.cron();
        awaitBackgroundSave(h);
        assertEquals("ok", h.engine().rdb().infoFields().get("rdb_last_bgsave_status"));
    }

    @Test
    void loadingAtStartupAndItsErrors() throws Exception {
        EngineHarness h = harness();
        assertNull(h.engine().rdb().loadAtStartup(), "no file: an empty dataset");
        h.exec("SET", "a", "1");
        h.exec("SAVE");
        byte[] good = Files.readAllBytes(dir.resolve("dump.rdb"));
        byte[] bad = good.clone();
        bad[bad.length - 3] ^= 0x10;
        Files.write(dir.resolve("dump.rdb"), bad);
        EngineHarness other = harness();
        other.exec("SET", "mine", "x");
        RdbPersistence rdb = other.engine().rdb();
        RdbFormatException e = org.junit.jupiter.api.Assertions.assertThrows(RdbFormatException.class, rdb::loadAtStartup);
        assertTrue(e.getMessage().contains("wrong RDB checksum"), e.getMessage());
        assertEquals(Map.of("0/mine", "string:x"), KeyspaceContents.of(other.engine().keyspace()), "nothing loaded");
        assertFalse(rdb.isLoading());
        Files.write(dir.resolve("dump.rdb"), good);
        assertEquals(1, rdb.loadAtStartup().keysLoaded());
        assertEquals(Map.of("0/a", "string:1"), KeyspaceContents.of(other.engine().keyspace()));
        assertEquals("1", rdb.infoFields().get("rdb_last_load_keys_loaded"));
    }

    @Test
    void infoFieldsInRedisOrder() {
        EngineHarness h = harness();
        assertEquals(java.util.List.of("loading", "async_loading", "current_cow_peak", "current_cow_size",
                "current_cow_size_age", "current_fork_perc", "current_save_keys_processed", "current_save_keys_total",
                "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time", "rdb_last_bgsave_status",
                "rdb_last_bgsave_time_sec", "rdb_current_bgsave_time_sec", "rdb_saves", "rdb_last_cow_size",
                "rdb_last_load_keys_expired", "rdb_last_load_keys_loaded"),
                java.util.List.copyOf(h.engine().rdb().infoFields().keySet()));
        assertEquals("0.00", h.engine().rdb().infoFields().get("current_fork_perc"));
        assertEquals("-1", h.engine().rdb().infoFields().get("rdb_last_bgsave_time_sec"));
        assertTrue(h.engine().rdb().loadingInfoFields().isEmpty());
    }

    @Test
    void reloadReplacesTheDatasetWithTheSavedOne() {
        EngineHarness h = harness();
        h.exec("SET", "a", "1");
        h.exec("HSET", "h", "f", "v");
        Map<String, String> before = KeyspaceContents.of(h.engine().keyspace());
        h.engine().lock().lock();
        try {
            assertNull(h.engine().rdb().reload(true, true, false));
        } finally {
            h.engine().lock().unlock();
        }
        assertEquals(before, KeyspaceContents.of(h.engine().keyspace()));
        h.exec("SET", "b", "2");
        h.engine().lock().lock();
        try {
            assertNull(h.engine().rdb().reload(false, true, false), "NOSAVE: the file as it was");
            assertEquals(before, KeyspaceContents.of(h.engine().keyspace()));
        } finally {
            h.engine().lock().unlock();
        }
    }
}
