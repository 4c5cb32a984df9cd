package io.lodestone.server.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.DiskSandbox;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk and a real unwritable directory (a small tmpfs in a private mount namespace,
 * see {@link DiskSandbox}) under a real server process, as Redis 7.0 with
 * {@code stop-writes-on-bgsave-error yes} behaves: the failed save is logged, writes (and PING)
 * are refused with -MISCONF while reads are served, INFO persistence says err, SAVE replies -ERR,
 * a SIGTERM does not exit, the old dump stays intact, and once the disk can be written a BGSAVE
 * lifts the refusal and a restart finds every acknowledged write.
 */
class DiskErrorTest {
    static final String MISCONF_TEXT = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable"
            + " to persist to disk. Commands that may modify the data set are disabled, because this instance is"
            + " configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error"
            + " option). Please check the Redis logs for details about the RDB error.";
    static final String MISCONF = "-" + MISCONF_TEXT + "\r\n";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    @Test
    void aFullDiskRefusesWritesUntilASaveSucceedsAndLosesNothingAcknowledged() throws Exception {
        try (DiskSandbox disk = DiskSandbox.tmpfs(tmp.resolve("data"), 2 << 20)) {
            ServerProcess.Builder server = ServerProcess.builder(tmp).in(disk).args("--save", "3600 1");
            try (ServerProcess s = server.start(); RawClient c = s.client(); RawClient tx = s.client()) {
                setKeys(c, "saved:", 2000);
                assertEquals(":2\r\n", c.call("HSET", "hash", "f", "v", "g", "w"));
                assertEquals("+OK\r\n", c.call("SAVE"));
                byte[] dump = Files.readAllBytes(disk.file("dump.rdb"));
                setKeys(c, "unsaved:", 500); // acknowledged, in memory only
                assertEquals("+OK\r\n", tx.call("MULTI"));
                assertEquals("+QUEUED\r\n", tx.call("SET", "queued", "1"));

                assertTrue(disk.fill("filler") > 0);
                assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
                awaitNoBackgroundSave(c);
                Map<String, String> info = persistenceInfo(c);
                assertEquals("err", info.get("rdb_last_bgsave_status"));
                assertEquals("500", info.get("rdb_changes_since_last_save"));
                assertTrue(s.awaitLog("Write error saving DB on disk(rdbSaveRio): No space left on device", WAIT),
                        s.log());
                assertTrue(s.log().contains("Background saving error"), s.log());

                // writes and PING refused, reads served
                assertEquals(MISCONF, c.call("SET", "new", "x"));
                assertEquals(MISCONF, c.call("DEL", "saved:1"));
                assertEquals(MISCONF, c.call("HSET", "hash", "h", "x"));
                assertEquals(MISCONF, c.call("PING"));
                assertEquals("$8\r\nvalue:17\r\n", c.call("GET", "saved:17"));
                assertEquals("$9\r\nvalue:499\r\n", c.call("GET", "unsaved:499"));
                assertEquals("*2\r\n$1\r\nv\r\n$1\r\nw\r\n", c.call("HMGET", "hash", "f", "g"));
                assertEquals(":2501\r\n", c.call("DBSIZE"));
                // a transaction queued before the failure: its EXEC is a write, refused and discarded
                assertEquals("-EXECABORT Transaction discarded because of: " + MISCONF_TEXT + "\r\n", tx.call("EXEC"));
                assertEquals("-ERR EXEC without MULTI\r\n", tx.call("EXEC"));
                assertEquals("+OK\r\n", c.call("MULTI"));
                assertEquals(MISCONF, c.call("SET", "new", "x"));
                assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));

                // SAVE fails with a bare -ERR and does not change the status
                assertEquals("-ERR\r\n", c.call("SAVE"));
                assertEquals(2, s.log().split("No space left on device", -1).length - 1, s.log());
                // the previous dump is intact and no temporary file was left on the full disk
                assertArrayEquals(dump, Files.readAllBytes(disk.file("dump.rdb")));
                assertEquals(List.of("dump.rdb", "filler"), disk.list());

                // without save rules there is nothing to protect: writes go on, as in Redis
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", ""));
                assertEquals("+OK\r\n", c.call("SET", "no-rules", "1"));
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", "3600 1"));
                assertEquals(MISCONF, c.call("SET", "new", "x"));
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no"));
                assertEquals("+OK\r\n", c.call("SET", "no-stop", "1"));
                assertEquals("+PONG\r\n", c.call("PING"));
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"));
                assertEquals(MISCONF, c.call("SET", "new", "x"));

                // SIGTERM: the final save fails, so the server does not exit (its data is only in memory)
                s.terminate();
                assertTrue(s.awaitLog("Errors trying to shut down the server", WAIT), s.log());
                assertTrue(s.log().contains("Error trying to save the DB, can't exit."), s.log());
                assertEquals(OptionalInt.empty(), s.awaitExit(Duration.ofMillis(200)));
                assertEquals("$1\r\n1\r\n", c.call("GET", "no-stop"));

                // space again: a BGSAVE succeeds, which lifts the refusal
                assertTrue(disk.delete("filler"));
                assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
                awaitNoBackgroundSave(c);
                assertEquals("ok", persistenceInfo(c).get("rdb_last_bgsave_status"));
                assertEquals("+PONG\r\n", c.call("PING"));
                assertEquals("+OK\r\n", c.call("SET", "after", "1"));

                // and now a SIGTERM saves and exits
                s.terminate();
                assertEquals(OptionalInt.of(0), s.awaitExit(WAIT), s.log());
                assertTrue(s.log().contains("Lodestone is now ready to exit, bye bye..."), s.log());
            }
            try (ServerProcess s = server.start(); RawClient c = s.client()) {
                assertEquals(":2504\r\n", c.call("DBSIZE"));
                assertKeys(c, "saved:", 2000);
                assertKeys(c, "unsaved:", 500);
                assertEquals("*2\r\n$1\r\nv\r\n$1\r\nw\r\n", c.call("HMGET", "hash", "f", "g"));
                assertEquals("*4\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n1\r\n$-1\r\n",
                        c.call("MGET", "no-rules", "no-stop", "after", "queued"));
            }
        }
    }

    @Test
    void anUnwritableDirFailsTheRuleSaveAndWritesResumeOnceItIsWritable() throws Exception {
        try (DiskSandbox disk = DiskSandbox.tmpfs(tmp.resolve("data"), 1 << 20)) {
            ServerProcess.Builder server = ServerProcess.builder(tmp).in(disk).args("--save", "3600 1");
            try (ServerProcess s = server.start(); RawClient c = s.client()) {
                setKeys(c, "saved:", 1000);
                assertEquals("+OK\r\n", c.call("SAVE"));
                byte[] dump = Files.readAllBytes(disk.file("dump.rdb"));
                setKeys(c, "unsaved:", 100);

                disk.setReadOnly(true);
                // a save rule that is due at once: the cron's BGSAVE fails
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", "1 1"));
                assertTrue(s.awaitLog("1 changes in 1 seconds. Saving...", WAIT), s.log());
                assertTrue(Await.until(() -> "err".equals(persistenceInfo(c).get("rdb_last_bgsave_status")), WAIT));
                assertTrue(s.awaitLog("Failed opening the temp RDB file temp-bgsave-" + s.pid() + ".rdb (in server root dir "
                        + disk.dir() + ") for saving: Read-only file system", WAIT), s.log());
                // no more automatic retries: the BGSAVE below must not race one
                assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", "3600 1"));

                assertEquals(MISCONF, c.call("INCR", "counter"));
                assertEquals(MISCONF, c.call("FLUSHALL"));
                assertEquals(MISCONF, c.call("PING"));
                assertEquals("$9\r\nvalue:999\r\n", c.call("GET", "saved:999"));
                assertEquals(":1100\r\n", c.call("DBSIZE"));
                assertEquals("-ERR\r\n", c.call("SAVE"));
                assertTrue(s.log().contains("Failed opening the temp RDB file temp-" + s.pid()
                        + ".rdb (in server root dir " + disk.dir() + ") for saving: Read-only file system"), s.log());
                assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", c.call("SHUTDOWN"));
                assertArrayEquals(dump, Files.readAllBytes(disk.file("dump.rdb")));

                disk.setReadOnly(false);
                assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
                awaitNoBackgroundSave(c);
                assertEquals("ok", persistenceInfo(c).get("rdb_last_bgsave_status"));
                assertEquals(":1\r\n", c.call("INCR", "counter"));
                assertEquals("", c.command("SHUTDOWN").readUntilClosed(WAIT));
                assertEquals(OptionalInt.of(0), s.awaitExit(WAIT), s.log());
            }
            try (ServerProcess s = server.start(); RawClient c = s.client()) {
                assertEquals(":1101\r\n", c.call("DBSIZE"));
                assertKeys(c, "saved:", 1000);
                assertKeys(c, "unsaved:", 100);
                assertEquals("$1\r\n1\r\n", c.call("GET", "counter"));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** SET prefix+i value:i for i in [0, n), pipelined, each acknowledged. */
    private static void setKeys(RawClient c, String prefix, int n) {
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < n; i++) {
            pipeline.append("*3\r\n$3\r\nSET\r\n").append(bulk(prefix + i)).append(bulk("value:" + i));
        }
        c.send(pipeline.toString());
        for (int i = 0; i < n; i++) {
            assertEquals("+OK\r\n", c.readReply(), "SET " + prefix + i);
        }
    }

    /** Every key setKeys wrote has its value. */
    private static void assertKeys(RawClient c, String prefix, int n) {
        String[] mget = new String[n + 1];
        mget[0] = "MGET";
        StringBuilder expected = new StringBuilder("*").append(n).append("\r\n");
        for (int i = 0; i < n; i++) {
            mget[i + 1] = prefix + i;
            expected.append(bulk("value:" + i));
        }
        assertEquals(expected.toString(), c.call(mget), prefix + "*");
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static void awaitNoBackgroundSave(RawClient c) {
        assertTrue(Await.until(() -> "0".equals(persistenceInfo(c).get("rdb_bgsave_in_progress")), WAIT),
                "the BGSAVE did not finish");
    }

    /** The fields of INFO persistence. */
    private static Map<String, String> persistenceInfo(RawClient c) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : c.call("INFO", "persistence").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("$") && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }
}
