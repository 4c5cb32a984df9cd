package io.lodestone.server.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.time.Clock;
import io.lodestone.server.config.ServerConfig;
import io.lodestone.server.testing.LoadingServer;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RDB persistence through the server: restart, SHUTDOWN, -LOADING, corrupt files, DEBUG RELOAD, MISCONF. */
class RdbServerTest {
    static final String MISCONF = "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to"
            + " persist to disk. Commands that may modify the data set are disabled, because this instance is"
            + " configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error"
            + " option). Please check the Redis logs for details about the RDB error.\r\n";

    @TempDir
    Path dir;

    private TestServer start(long... saveRules) {
        return TestServer.builder().configure(c -> {
            c.setDir(dir.toString());
            c.engine().setSaveRules(saveRules);
            c.setEnableDebugCommand("yes");
        }).start();
    }

    private static boolean waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void shutdownSavesWhenSaveRulesAreSetAndARestartLoadsTheData() throws Exception {
        try (TestServer s = start(3600, 1); RawClient c = s.rawClient()) {
            assertEquals("+OK\r\n", c.call("SET", "a", "1"));
            assertEquals(":2\r\n", c.call("HSET", "h", "f", "v", "g", "12"));
            assertEquals("+OK\r\n", c.call("SET", "t", "x", "PX", "1000000"));
            assertEquals("+OK\r\n", c.call("SELECT", "7"));
            assertEquals("+OK\r\n", c.call("SET", "seven", "7"));
            assertEquals("", c.command("SHUTDOWN").readUntilClosed(java.time.Duration.ofSeconds(30)));
            assertTrue(s.server().awaitStop(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        try (TestServer s = start(); RawClient c = s.rawClient()) {
            assertEquals("$1\r\n1\r\n", c.call("GET", "a"));
            assertEquals("*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$2\r\n12\r\n", c.call("HGETALL", "h"));
            assertTrue(c.call("PTTL", "t").matches(":\\d{6}\r\n"));
            assertEquals("+OK\r\n", c.call("SELECT", "7"));
            assertEquals("$1\r\n7\r\n", c.call("GET", "seven"));
        }
    }

    @Test
    void shutdownNosaveSaveAndTheirConflict() throws Exception {
        try (TestServer s = start(3600, 1); RawClient c = s.rawClient()) {
            c.call("SET", "a", "1");
            assertEquals("-ERR syntax error\r\n", c.call("SHUTDOWN", "SAVE", "NOSAVE"));
            c.command("SHUTDOWN", "NOSAVE").readUntilClosed(java.time.Duration.ofSeconds(30));
            assertTrue(s.server().awaitStop(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(dir.resolve("dump.rdb")), "NOSAVE");
        try (TestServer s = start(); RawClient c = s.rawClient()) {
            c.call("SET", "b", "2");
            c.command("SHUTDOWN", "SAVE").readUntilClosed(java.time.Duration.ofSeconds(30));
            assertTrue(s.server().awaitStop(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")), "SAVE without rules");
    }

    @Test
    void aFailedSaveKeepsTheServerRunningUnlessForced() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        try (TestServer s = TestServer.builder().configure(c -> {
            c.setDir(gone.toString());
            c.engine().setSaveRules(new long[] {3600, 1});
        }).start(); RawClient c = s.rawClient()) {
            Files.delete(gone);
            assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", c.call("SHUTDOWN"));
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("-ERR\r\n", c.call("SAVE"));
            c.command("SHUTDOWN", "FORCE").readUntilClosed(java.time.Duration.ofSeconds(30));
            assertTrue(s.server().awaitStop(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void misconfAfterAFailedBackgroundSaveOverTheWire() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        try (TestServer s = TestServer.builder().configure(c -> {
            c.setDir(gone.toString());
            c.engine().setSaveRules(new long[] {3600, 1});
        }).start(); RawClient c = s.rawClient()) {
            Files.delete(gone);
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            assertTrue(waitUntil(() -> !s.server().engine().rdb().isBackgroundSaveRunning()));
            assertEquals(MISCONF, c.call("SET", "a", "1"));
            assertEquals(MISCONF, c.call("PING"));
            assertEquals("$-1\r\n", c.call("GET", "a"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no"));
            assertEquals("+OK\r\n", c.call("SET", "a", "1"));
        }
    }

    /** The fields of INFO persistence, from a raw bulk reply. */
    private static java.util.Map<String, String> persistenceInfo(RawClient c) throws Exception {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : c.call("INFO", "persistence").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("$") && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    @Test
    void infoPersistenceReportsSavesOverTheWire() throws Exception {
        try (TestServer s = start(); RawClient c = s.rawClient()) {
            assertEquals("+OK\r\n", c.call("SET", "a", "1"));
            assertEquals("+OK\r\n", c.call("SET", "b", "2"));
            java.util.Map<String, String> before = persistenceInfo(c);
            assertEquals("2", before.get("rdb_changes_since_last_save"));
            assertEquals("0", before.get("rdb_saves"));
            assertEquals("-1", before.get("rdb_last_bgsave_time_sec"));
            long startedAt = System.currentTimeMillis() / 1000;
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            assertTrue(waitUntil(() -> !s.server().engine().rdb().isBackgroundSaveRunning()));
            java.util.Map<String, String> after = persistenceInfo(c);
            assertEquals("ok", after.get("rdb_last_bgsave_status"));
            assertEquals("0", after.get("rdb_changes_since_last_save"));
            assertEquals("0", after.get("rdb_bgsave_in_progress"));
            assertEquals("1", after.get("rdb_saves"));
            assertEquals("0", after.get("rdb_last_bgsave_time_sec"));
            assertEquals("-1", after.get("rdb_current_bgsave_time_sec"));
            assertTrue(Long.parseLong(after.get("rdb_last_save_time")) >= startedAt);
            assertEquals("0", after.get("loading"));
            // Redis 7.0's field order, RDB then AOF fields; no loading_* fields when not loading
            java.util.List<String> names = java.util.List.copyOf(after.keySet());
            assertEquals(java.util.List.of("loading", "async_loading", "current_cow_peak", "current_cow_size",
                    "current_cow_size_age", "current_fork_perc", "current_save_keys_processed",
                    "current_save_keys_total", "rdb_changes_since_last_save", "rdb_bgsave_in_progress",
                    "rdb_last_save_time", "rdb_last_bgsave_status", "rdb_last_bgsave_time_sec",
                    "rdb_current_bgsave_time_sec", "rdb_saves", "rdb_last_cow_size", "rdb_last_load_keys_expired",
                    "rdb_last_load_keys_loaded", "aof_enabled"), names.subList(0, 19));
            assertEquals("module_fork_last_cow_size", names.get(names.size() - 1));
            assertEquals("+OK\r\n", c.call("SET", "c", "3"));
            assertEquals("1", persistenceInfo(c).get("rdb_changes_since_last_save"));
        }
        // a restart reports what it loaded
        try (TestServer s = start(); RawClient c = s.rawClient()) {
            java.util.Map<String, String> loaded = persistenceInfo(c);
            assertEquals("2", loaded.get("rdb_last_load_keys_loaded"));
            assertEquals("0", loaded.get("rdb_last_load_keys_expired"));
        }
    }

    @Test
    void configOfTheRdbDirectives() throws Exception {
        try (TestServer s = start(); RawClient c = s.rawClient()) {
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", "100 10 20 2"));
            assertEquals("*2\r\n$4\r\nsave\r\n$11\r\n100 10 20 2\r\n", c.call("CONFIG", "GET", "save"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n",
                    c.call("CONFIG", "SET", "save", "100 10 20"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n",
                    c.call("CONFIG", "SET", "save", "0 1"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", ""));
            assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", c.call("CONFIG", "GET", "save"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'rdbchecksum') - can't set immutable"
                    + " config\r\n", c.call("CONFIG", "SET", "rdbchecksum", "no"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected"
                    + " config\r\n", c.call("CONFIG", "SET", "dbfilename", "x.rdb"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "rdbcompression", "no"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'rdbcompression') - argument must be"
                    + " 'yes' or 'no'\r\n", c.call("CONFIG", "SET", "rdbcompression", "maybe"));
        }
    }

    @Test
    void saveLinesOfAConfigFileAddUp() throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "save 100 1\nsave 200 2\nsave \"\"\nsave 300 3\nsave 400 4\n");
        ServerConfig config = io.lodestone.server.config.ConfigLoader.load(new String[] {conf.toString()});
        assertEquals(List.of(300L, 3L, 400L, 4L), java.util.Arrays.stream(config.engine().saveRules()).boxed().toList());
    }

    @Test
    void debugReloadAndItsGate() throws Exception {
        try (TestServer s = start(); RawClient c = s.rawClient()) {
            c.call("SET", "a", "1");
            c.call("HSET", "h", "f", "v");
            assertEquals("+OK\r\n", c.call("DEBUG", "RELOAD"));
            assertEquals("$1\r\n1\r\n", c.call("GET", "a"));
            assertEquals("$1\r\nv\r\n", c.call("HGET", "h", "f"));
            c.call("SET", "later", "x");
            assertEquals("+OK\r\n", c.call("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals("$-1\r\n", c.call("GET", "later"), "NOSAVE: the dataset of the file");
            assertEquals("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n",
                    c.call("DEBUG", "RELOAD", "FAST"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'sleepy'. Try DEBUG HELP.\r\n",
                    c.call("DEBUG", "sleepy"));
        }
        try (TestServer s = TestServer.start(); RawClient c = s.rawClient()) {
            assertEquals("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you"
                    + " can run it from a local connection, otherwise you need to set this option in the configuration"
                    + " file, and then restart the server.\r\n", c.call("DEBUG", "RELOAD"));
        }
    }

    /** Writes a dump of {@code keys} strings into {@link #dir} with a bare engine. */
    private void writeDump(int keys) {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        Engine engine = new Engine(config, Clock.SYSTEM);
        var db = engine.keyspace().db(0);
        for (int i = 0; i < keys; i++) {
            db.set(("key:" + i).getBytes(), ("value:" + i).getBytes());
        }
        engine.lock().lock();
        try {
            assertTrue(engine.rdb().save());
        } finally {
            engine.lock().unlock();
        }
    }

    @Test
    void clientsGetLoadingWhileTheDumpLoads() throws Exception {
        writeDump(20_000);
        ServerConfig config = new ServerConfig();
        config.setBind(List.of("127.0.0.1"));
        config.setDir(dir.toString());
        config.engine().setSaveRules(new long[0]);
        config.engine().setKeyLoadDelayMicros(100); // 20,000 keys: about 2 s of loading
        Duration wait = Duration.ofSeconds(30);
        try (LoadingServer server = LoadingServer.start(config)) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", server.firstReply(wait, "GET", "key:1"));
            assertEquals(null, server.awaitStarted(Duration.ofSeconds(60)));
            try (RawClient c = server.client()) {
                assertEquals(":20000\r\n", c.call("DBSIZE"));
                assertEquals("$7\r\nvalue:1\r\n", c.call("GET", "key:1"));
            }
        }
    }

    @Test
    void aCorruptDumpStopsTheServerFromStartingAndNamesTheOffset() throws Exception {
        writeDump(100);
        Path dump = dir.resolve("dump.rdb");
        byte[] bytes = Files.readAllBytes(dump);
        Files.write(dump, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start());
        assertTrue(e.getMessage().startsWith("Fatal error loading the DB " + dump + ": offset "), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected end of file"), e.getMessage());
        bytes[bytes.length - 2] ^= 0x55;
        Files.write(dump, bytes);
        e = assertThrows(IllegalStateException.class, () -> start());
        assertTrue(e.getMessage().contains("wrong RDB checksum"), e.getMessage());
    }
}
