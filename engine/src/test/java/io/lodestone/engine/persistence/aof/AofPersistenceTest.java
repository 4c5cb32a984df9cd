package io.lodestone.engine.persistence.aof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.KeyspaceContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOF of an engine on real files: what is written comes back after a restart, rewrites and
 * runtime switches keep every write, and damaged files are cut or refused as Redis does.
 */
class AofPersistenceTest {
    @TempDir
    Path dir;

    private final List<EngineHarness> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        for (EngineHarness h : engines) {
            h.engine().close();
        }
    }

    private EngineConfig config(boolean appendonly) {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        config.setAppendonly(appendonly);
        return config;
    }

    /** An engine on {@code dir} that has loaded (or created) its AOF. */
    private EngineHarness start(EngineConfig config) throws Exception {
        EngineHarness h = new EngineHarness(config);
        engines.add(h);
        h.engine().aof().loadAtStartup();
        return h;
    }

    private EngineHarness start() throws Exception {
        return start(config(true));
    }

    /** The engine stops as a crash would leave its files: everything written so far, nothing more. */
    private void stop(EngineHarness h) {
        h.engine().close();
        engines.remove(h);
    }

    private Path aofDir() {
        return dir.resolve("appendonlydir");
    }

    private Path incr(int seq) {
        return aofDir().resolve("appendonly.aof." + seq + ".incr.aof");
    }

    private String manifest() throws IOException {
        return Files.readString(aofDir().resolve("appendonly.aof.manifest"));
    }

    private static void append(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
    }

    private static void writeSample(EngineHarness h) {
        h.exec("SET", "string", "value");
        h.exec("RPUSH", "list", "a", "b", "c");
        h.exec("SADD", "set", "x", "y");
        h.exec("ZADD", "zset", "1.5", "m", "2", "n");
        h.exec("HSET", "hash", "f", "v");
        h.exec("SET", "volatile", "v", "PX", "100000");
        h.exec("SELECT", "5");
        h.exec("SET", "in5", "five");
        h.exec("MULTI");
        h.exec("INCR", "counter");
        h.exec("INCRBYFLOAT", "float", "1.25");
        h.exec("EXEC");
        h.exec("SELECT", "0");
        h.exec("DEL", "string");
        h.exec("APPEND", "string", "again");
    }

    @Test
    void everyWriteComesBackAfterARestart() throws Exception {
        EngineHarness h = start();
        writeSample(h);
        Map<String, String> before = KeyspaceContents.of(h.engine().keyspace());
        stop(h);
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                manifest());
        EngineHarness again = start();
        assertEquals(before, KeyspaceContents.of(again.engine().keyspace()));
        assertEquals(0, again.engine().stats().dirty);
    }

    @Test
    void writesReachTheFileBeforeTheLockIsReleased() throws Exception {
        EngineHarness h = start();
        long size = Files.size(incr(1));
        h.exec("SET", "k", "v"); // the reply exists only once the command ran under the lock
        assertTrue(Files.size(incr(1)) > size, "the write is in the file when its reply is ready");
        assertTrue(Files.readString(incr(1)).endsWith("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"));
    }

    private void deferredSet(EngineHarness h, String key) {
        h.engine().lock().lock();
        try {
            h.engine().dispatcher().execute(h.context(), new byte[][] {"SET".getBytes(), key.getBytes(),
                "v".getBytes()}, new io.lodestone.engine.testing.ReplyRecorder(2));
            h.engine().aof().deferToReplies();
        } finally {
            h.engine().lock().unlock();
        }
    }

    @Test
    void deferredBatchesAreWrittenOnceForAllTheirReplies() throws Exception {
        EngineConfig config = config(true);
        config.setAppendfsync(EngineConfig.AppendFsync.ALWAYS);
        EngineHarness h = start(config);
        AofPersistence aof = h.engine().aof();
        h.exec("SET", "settled", "1");
        assertFalse(aof.repliesMustWait(), "without deferral the release of the lock writes and fsyncs");
        long size = Files.size(incr(1));
        for (int i = 0; i < 3; i++) { // three clients' batches in one event-loop turn
            deferredSet(h, "k" + i);
            assertTrue(aof.repliesMustWait(), "not written yet: replies wait");
        }
        assertEquals(size, Files.size(incr(1)), "nothing written before the turn ends");
        aof.settleBeforeReplies();
        assertFalse(aof.repliesMustWait());
        assertTrue(Files.readString(incr(1)).endsWith("$2\r\nk2\r\n$1\r\nv\r\n"), "one write for all three");

        config.setAppendfsync(EngineConfig.AppendFsync.EVERYSEC);
        deferredSet(h, "e");
        assertTrue(aof.repliesMustWait(), "under everysec too, the reply waits for the write");
        h.exec("GET", "e"); // another lock release writes the buffer: nothing left to wait for
        assertFalse(aof.repliesMustWait());
    }

    @Test
    void aPersistLoggedBeforeTheDeadlineStillAppliesWhenReplayedAfterIt() throws Exception {
        EngineHarness h = start();
        h.exec("SET", "k", "v", "PX", "1000");
        h.clock().advance(500);
        h.exec("PERSIST", "k");
        stop(h);
        EngineHarness later = new EngineHarness(config(true));
        engines.add(later);
        later.clock().advance(10_000);
        later.engine().aof().loadAtStartup();
        assertEquals("v", later.exec("GET", "k"));
        assertEquals(-1L, later.exec("TTL", "k"));
    }

    @Test
    void aTruncatedLastCommandIsCutOffWhenAllowed() throws Exception {
        EngineHarness h = start();
        h.exec("SET", "kept", "1");
        stop(h);
        long whole = Files.size(incr(1));
        append(incr(1), "*3\r\n$3\r\nSET\r\n$4\r\nlost\r\n$1\r\n");
        EngineHarness again = start();
        assertEquals("1", again.exec("GET", "kept"));
        assertNull(again.exec("GET", "lost"));
        assertEquals(whole, Files.size(incr(1)), "the partial command was cut off the file");
        again.exec("SET", "after", "2");
        stop(again);
        assertEquals("2", start().exec("GET", "after"), "appending went on from the cut");
    }

    @Test
    void aTruncatedLastCommandIsRefusedWithItsOffsetWhenNotAllowed() throws Exception {
        EngineHarness h = start();
        h.exec("SET", "kept", "1");
        stop(h);
        long whole = Files.size(incr(1));
        append(incr(1), "*3\r\n$3\r\nSET\r\n");
        EngineConfig strict = config(true);
        strict.setAofLoadTruncated(false);
        AofFormatException e = assertThrows(AofFormatException.class, () -> start(strict));
        assertTrue(e.getMessage().startsWith("Unexpected end of file reading the append only file "
                + "appendonly.aof.1.incr.aof (whole commands up to offset " + whole + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("aof-load-truncated"), e.getMessage());
        assertEquals(whole + 13, Files.size(incr(1)), "a refused file is left as it was");
    }

    @Test
    void anIncompleteMultiBlockIsRevertedAsATruncation() throws Exception {
        EngineHarness h = start();
        h.exec("SET", "kept", "1");
        stop(h);
        long whole = Files.size(incr(1));
        append(incr(1), "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$1\r\nx\r\n");
        EngineHarness again = start();
        assertNull(again.exec("GET", "half"), "a transaction without its EXEC never ran");
        assertEquals(whole, Files.size(incr(1)));
    }

    @Test
    void aMalformedFileIsRefusedWithTheFileAndOffset() throws Exception {
        EngineHarness h = start();
        h.exec("SET", "kept", "1");
        stop(h);
        long whole = Files.size(incr(1));
        append(incr(1), "garbage\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        AofFormatException e = assertThrows(AofFormatException.class, this::start);
        assertTrue(e.getMessage().startsWith("Bad file format reading the append only file appendonly.aof.1.incr.aof"
                + " at offset " + whole + " (expected '*', got 'g')"), e.getMessage());
    }

    @Test
    void anUnknownCommandIsRefused() throws Exception {
        stop(start());
        append(incr(1), "*2\r\n$3\r\nFOO\r\n$1\r\nx\r\n");
        AofFormatException e = assertThrows(AofFormatException.class, this::start);
        assertEquals("Unknown command 'FOO' reading the append only file appendonly.aof.1.incr.aof", e.getMessage());
    }

    @Test
    void aTruncatedFileThatIsNotTheLastIsFatal() throws Exception {
        EngineConfig noPreamble = config(true);
        noPreamble.setAofUseRdbPreamble(false);
        EngineHarness h = start(noPreamble);
        h.exec("SET", "a", "1");
        h.engine().aof().startRewrite();
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        stop(h);
        Path base = aofDir().resolve("appendonly.aof.2.base.aof");
        assertTrue(Files.readString(base).startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n"));
        append(base, "*3\r\n$3\r\nSET");
        AofFormatException e = assertThrows(AofFormatException.class, () -> start(noPreamble));
        assertTrue(e.getMessage().startsWith("Fatal error: the truncated file is not the last file"), e.getMessage());
    }

    @Test
    void anAofFromBeforeRedis7IsMovedIntoTheDirectoryAsItsBase() throws Exception {
        Files.writeString(dir.resolve("appendonly.aof"), "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                + "*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nstyle\r\n");
        EngineHarness h = start();
        assertEquals("style", h.exec("GET", "old"));
        assertFalse(Files.exists(dir.resolve("appendonly.aof")));
        assertEquals("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", manifest());
        h.exec("SET", "new", "1");
        stop(h);
        EngineHarness again = start();
        assertEquals("style", again.exec("GET", "old"));
        assertEquals("1", again.exec("GET", "new"));
    }

    @Test
    void aListedFileThatIsMissingIsRefused() throws Exception {
        stop(start());
        Files.delete(incr(1));
        AofFormatException e = assertThrows(AofFormatException.class, this::start);
        assertTrue(e.getMessage().startsWith("The AOF file appendonly.aof.1.incr.aof doesn't exist"), e.getMessage());
    }

    @Test
    void aRewriteWhileClientsWriteKeepsEveryWriteAndRemovesTheOldFiles() throws Exception {
        EngineConfig config = config(true);
        EngineHarness h = start(config);
        for (int i = 0; i < 2000; i++) {
            h.exec("SET", "key:" + i, "old");
        }
        config.setRdbKeySaveDelayMicros(200); // 2,000 keys: the rewrite takes ~0.4 s
        assertEquals(AofPersistence.RewriteStart.STARTED, h.engine().aof().startRewrite());
        assertEquals(AofPersistence.RewriteStart.ALREADY_RUNNING, h.engine().aof().startRewrite());
        for (int i = 0; i < 2000; i += 3) {
            h.exec("SET", "key:" + i, "new"); // during the rewrite: goes to the new incr file
        }
        h.exec("DEL", "key:1");
        assertTrue(h.engine().aof().isRewriting(), "the writes above ran during the rewrite");
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        h.exec("SET", "after", "rewrite");
        Map<String, String> expected = KeyspaceContents.of(h.engine().keyspace());
        stop(h);
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                manifest());
        try (Stream<Path> files = Files.list(aofDir())) {
            assertEquals(List.of("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "history files removed");
        }
        assertEquals(expected, KeyspaceContents.of(start().engine().keyspace()));
    }

    @Test
    void withAutoGcDisabledHistoryFilesStayListed() throws Exception {
        EngineConfig config = config(true);
        config.setAofDisableAutoGc(true);
        EngineHarness h = start(config);
        h.engine().aof().startRewrite();
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\n"
                + "file appendonly.aof.1.base.rdb seq 1 type h\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n", manifest());
        assertTrue(Files.exists(incr(1)));
    }

    @Test
    void turningTheAofOnAtRuntimeStartsItFromTheCurrentData() throws Exception {
        EngineConfig config = config(false);
        EngineHarness h = start(config);
        assertFalse(Files.exists(aofDir()), "nothing is created while the AOF is off");
        writeSample(h);
        config.setAppendonly(true);
        h.engine().lock().lock();
        try {
            assertNull(h.engine().aof().enable());
        } finally {
            h.engine().lock().unlock();
        }
        assertEquals(AofPersistence.State.WAIT_REWRITE, h.engine().aof().state());
        h.exec("SET", "during", "enable");
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        assertEquals(AofPersistence.State.ON, h.engine().aof().state());
        h.exec("SET", "after", "enable");
        Map<String, String> expected = KeyspaceContents.of(h.engine().keyspace());
        stop(h);
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                manifest());
        assertEquals(expected, KeyspaceContents.of(start().engine().keyspace()));
    }

    @Test
    void turningTheAofOffStopsAppending() throws Exception {
        EngineConfig config = config(true);
        EngineHarness h = start(config);
        h.exec("SET", "a", "1");
        config.setAppendonly(false);
        h.engine().lock().lock();
        try {
            h.engine().aof().disable();
        } finally {
            h.engine().lock().unlock();
        }
        long size = Files.size(incr(1));
        h.exec("SET", "b", "2");
        assertEquals(size, Files.size(incr(1)));
        assertEquals("0", h.engine().aof().infoFields().get("aof_enabled"));
    }

    @Test
    void theAofGrowingPastItsRewriteThresholdIsRewrittenByTheCron() throws Exception {
        EngineConfig config = config(true);
        config.setAutoAofRewriteMinSize(1000);
        EngineHarness h = start(config);
        h.cron();
        assertFalse(h.engine().aof().isRewriting(), "below the minimum size");
        for (int i = 0; i < 100; i++) {
            h.exec("SET", "key:" + i, "some value");
        }
        h.cron();
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        assertEquals("1", h.engine().aof().infoFields().get("aof_rewrites"));
        assertTrue(manifest().startsWith("file appendonly.aof.2.base.rdb seq 2 type b\n"), manifest());
    }

    @Test
    void aRewriteAskedForDuringABackgroundSaveWaitsForIt() throws Exception {
        EngineConfig config = config(true);
        EngineHarness h = start(config);
        for (int i = 0; i < 1000; i++) {
            h.exec("SET", "key:" + i, "v");
        }
        config.setRdbKeySaveDelayMicros(1000);
        assertEquals("Background saving started", h.exec("BGSAVE"));
        assertEquals("Background append only file rewriting scheduled", h.exec("BGREWRITEAOF"));
        assertEquals("1", h.engine().aof().infoFields().get("aof_rewrite_scheduled"));
        config.setRdbKeySaveDelayMicros(0);
        assertTrue(h.engine().rdb().awaitBackgroundSave(30, TimeUnit.SECONDS));
        h.cron();
        assertTrue(h.engine().aof().isRewriting() || h.engine().aof().infoFields().get("aof_rewrites").equals("1"));
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        assertEquals("0", h.engine().aof().infoFields().get("aof_rewrite_scheduled"));
        assertEquals("ok", h.engine().aof().infoFields().get("aof_last_bgrewrite_status"));
    }

    @Test
    void aBackgroundSaveDuringARewriteIsRefusedOrScheduled() throws Exception {
        EngineConfig config = config(true);
        EngineHarness h = start(config);
        for (int i = 0; i < 1000; i++) {
            h.exec("SET", "key:" + i, "v");
        }
        config.setRdbKeySaveDelayMicros(1000);
        assertEquals("Background append only file rewriting started", h.exec("BGREWRITEAOF"));
        assertEquals(new io.lodestone.engine.testing.ReplyRecorder.Err(
                "ERR Background append only file rewriting already in progress"), h.exec("BGREWRITEAOF"));
        assertEquals(new io.lodestone.engine.testing.ReplyRecorder.Err("ERR Another child process is active (AOF?):"
                + " can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."),
                h.exec("BGSAVE"));
        assertEquals("Background saving scheduled", h.exec("BGSAVE", "SCHEDULE"));
        config.setRdbKeySaveDelayMicros(0);
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
    }

    @Test
    void aCommandsBaseFileReplaysToTheSameData() throws Exception {
        EngineConfig config = config(true);
        config.setAofUseRdbPreamble(false);
        EngineHarness h = start(config);
        writeSample(h);
        for (int i = 0; i < 150; i++) {
            h.exec("RPUSH", "long", "item" + i); // more than 64 items: several RPUSH commands
            h.exec("HSET", "wide", "f" + i, "v" + i);
        }
        h.engine().aof().startRewrite();
        assertTrue(h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
        Map<String, String> expected = KeyspaceContents.of(h.engine().keyspace());
        stop(h);
        String base = Files.readString(aofDir().resolve("appendonly.aof.2.base.aof"), StandardCharsets.ISO_8859_1);
        assertTrue(base.contains("*66\r\n$5\r\nRPUSH\r\n$4\r\nlong\r\n"), "64 items per command");
        assertTrue(base.contains("$9\r\nPEXPIREAT\r\n$8\r\nvolatile\r\n"));
        assertEquals(expected, KeyspaceContents.of(start(config).engine().keyspace()));
    }
}
