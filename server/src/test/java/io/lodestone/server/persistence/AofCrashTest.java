package io.lodestone.server.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.DiskSandbox;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOF under real crashes: a server process killed with SIGKILL while clients write, then
 * restarted on the same files. Every write acknowledged before the kill is there afterwards
 * ({@code always}: none may be lost; {@code everysec}: at most those of the last 2 s). A kill in
 * the middle of BGREWRITEAOF leaves the previous files loadable. A full disk refuses writes with
 * -MISCONF and loses nothing that was acknowledged.
 *
 * <p>A SIGKILL leaves the OS page cache intact, so these tests prove that a write is in the file
 * before its reply leaves; surviving power loss is what the fsync policy adds on top.
 */
class AofCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WRITERS = 4;

    @TempDir
    Path tmp;

    /** Clients writing distinct keys as fast as replies come back; records the last acknowledged per writer. */
    private static final class Writers {
        final AtomicLongArray acked = new AtomicLongArray(WRITERS);
        final AtomicLongArray ackedAtNanos = new AtomicLongArray(WRITERS);
        final AtomicLong total = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();

        Writers(ServerProcess server) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                acked.set(w, -1);
                RawClient c = server.client();
                Thread t = new Thread(() -> {
                    try (c) {
                        for (long i = 0; ; i++) {
                            String reply = c.call("SET", "w" + writer + ":" + i, Long.toString(i));
                            if (!reply.equals("+OK\r\n")) {
                                return;
                            }
                            acked.set(writer, i);
                            ackedAtNanos.set(writer, System.nanoTime());
                            total.incrementAndGet();
                        }
                    } catch (RuntimeException | AssertionError connectionLost) {
                        // the server was killed
                    }
                }, "writer-" + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
                assertTrue(!t.isAlive(), "a writer did not stop");
            }
        }
    }

    private void killWhileWritingLosesNoAcknowledgedWrite(String fsync) throws Exception {
        ServerProcess.Builder builder = ServerProcess.builder(tmp).args("--save", "", "--appendonly", "yes",
                "--appendfsync", fsync);
        Writers writers;
        long killNanos;
        try (ServerProcess server = builder.start()) {
            writers = new Writers(server);
            assertTrue(Await.until(() -> writers.total.get() >= 5000, WAIT), "writes flowing");
            killNanos = System.nanoTime();
            assertEquals(137, server.kill());
            writers.join();
        }
        try (ServerProcess restarted = builder.start(); RawClient c = restarted.client()) {
            for (int w = 0; w < WRITERS; w++) {
                long last = writers.acked.get(w);
                assertTrue(last > 0, "writer " + w + " wrote");
                String reply = c.call("GET", "w" + w + ":" + last);
                boolean recentEnough = killNanos - writers.ackedAtNanos.get(w) < TimeUnit.SECONDS.toNanos(2);
                if (fsync.equals("always") || !recentEnough) {
                    assertEquals("$" + Long.toString(last).length() + "\r\n" + last + "\r\n", reply,
                            "writer " + w + "'s last acknowledged write survives (" + fsync + ")");
                }
                // every earlier one too: the file is a prefix of what was acknowledged
                assertEquals("$1\r\n0\r\n", c.call("GET", "w" + w + ":0"));
            }
            assertTrue(restarted.log().contains("DB loaded from append only file"), restarted.log());
        }
    }

    @Test
    void appendfsyncAlwaysLosesNothingAcknowledgedOnKill9() throws Exception {
        killWhileWritingLosesNoAcknowledgedWrite("always");
    }

    @Test
    void appendfsyncEverysecLosesAtMostTheLastTwoSecondsOnKill9() throws Exception {
        killWhileWritingLosesNoAcknowledgedWrite("everysec");
    }

    @Test
    void aKillDuringBgrewriteaofLeavesThePreviousFilesLoadable() throws Exception {
        ServerProcess.Builder builder = ServerProcess.builder(tmp).args("--save", "", "--appendonly", "yes");
        Path aofDir = builder.dir().resolve("appendonlydir");
        String manifestBefore;
        try (ServerProcess server = builder.start(); RawClient c = server.client()) {
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                pipeline.append("*3\r\n$3\r\nSET\r\n$").append(("key:" + i).length()).append("\r\nkey:").append(i)
                        .append("\r\n$3\r\nold\r\n");
            }
            c.send(pipeline.toString());
            for (int i = 0; i < 20_000; i++) {
                assertEquals("+OK\r\n", c.readReply());
            }
            manifestBefore = Files.readString(aofDir.resolve("appendonly.aof.manifest"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "rdb-key-save-delay", "1000")); // ~20 s of rewrite
            assertEquals("+Background append only file rewriting started\r\n", c.call("BGREWRITEAOF"));
            assertEquals("+OK\r\n", c.call("SET", "during", "rewrite"));
            Path dir = aofDir;
            assertTrue(Await.until(() -> tempFileSize(dir) > 1000, WAIT), "the rewrite writing its temporary base");
            assertEquals(137, server.kill());
        }
        String manifestAfter = Files.readString(aofDir.resolve("appendonly.aof.manifest"));
        assertTrue(manifestAfter.startsWith(manifestBefore), "the old files are still listed: " + manifestAfter);
        assertTrue(manifestAfter.endsWith("file appendonly.aof.2.incr.aof seq 2 type i\n"),
                "the incr file opened for the rewrite is listed: " + manifestAfter);
        assertTrue(tempFileSize(aofDir) > 0, "the kill left the temporary base behind");
        try (ServerProcess restarted = builder.start(); RawClient c = restarted.client()) {
            assertEquals(0, tempFileSize(aofDir), "and the restart removed it");
            assertEquals(":20001\r\n", c.call("DBSIZE"));
            assertEquals("$3\r\nold\r\n", c.call("GET", "key:19999"));
            assertEquals("$7\r\nrewrite\r\n", c.call("GET", "during"));
            assertEquals("+Background append only file rewriting started\r\n", c.call("BGREWRITEAOF"));
            assertTrue(Await.until(() -> c.call("INFO", "persistence").contains("aof_rewrite_in_progress:0"), WAIT),
                    "the rewrite after the restart finishes");
            assertEquals("$7\r\nrewrite\r\n", c.call("GET", "during"));
        }
    }

    private static long tempFileSize(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("temp-rewriteaof"))
                    .mapToLong(f -> f.toFile().length()).max().orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void aFullDiskRefusesWritesWithMisconfUntilTheAofCanBeWrittenAgain() throws Exception {
        try (DiskSandbox disk = DiskSandbox.tmpfs(tmp.resolve("data"), 2 << 20)) {
            ServerProcess.Builder builder = ServerProcess.builder(tmp).in(disk).args("--save", "", "--appendonly",
                    "yes", "--appendfsync", "everysec");
            try (ServerProcess s = builder.start(); RawClient c = s.client()) {
                for (int i = 0; i < 1000; i++) {
                    assertEquals("+OK\r\n", c.call("SET", "before:" + i, "v" + i));
                }
                assertTrue(disk.fill("filler") > 0);
                // the write that meets the full disk is acknowledged (it ran; its bytes wait in the buffer)
                assertEquals("+OK\r\n", c.call("SET", "pending", "x".repeat(4096)));
                String misconf = "-MISCONF Errors writing to the AOF file: No space left on device\r\n";
                assertEquals(misconf, c.call("SET", "refused", "1"));
                assertEquals(misconf, c.call("PING"));
                assertEquals("$2\r\nv0\r\n", c.call("GET", "before:0"));
                assertTrue(c.call("INFO", "persistence").contains("aof_last_write_status:err"));
                assertTrue(s.awaitLog("Error writing to the AOF file: No space left on device", WAIT), s.log());

                assertTrue(disk.delete("filler"));
                assertTrue(Await.until(() -> c.call("PING").equals("+PONG\r\n"), WAIT),
                        "the cron writes the buffer again");
                assertTrue(c.call("INFO", "persistence").contains("aof_last_write_status:ok"));
                assertTrue(s.log().contains("AOF write error looks solved, Redis can write again."), s.log());
                assertEquals("+OK\r\n", c.call("SET", "after", "1"));
                assertEquals(137, s.kill());
            }
            try (ServerProcess restarted = builder.start(); RawClient c = restarted.client()) {
                assertEquals(":1002\r\n", c.call("DBSIZE"), "every acknowledged write, none refused");
                assertEquals("$4096\r\n" + "x".repeat(4096) + "\r\n", c.call("GET", "pending"));
                assertEquals("$-1\r\n", c.call("GET", "refused"));
            }
        }
    }

    @Test
    void aFullDiskUnderAppendfsyncAlwaysStopsTheServerBeforeItAcknowledges() throws Exception {
        try (DiskSandbox disk = DiskSandbox.tmpfs(tmp.resolve("data"), 2 << 20)) {
            ServerProcess.Builder builder = ServerProcess.builder(tmp).in(disk).args("--save", "", "--appendonly",
                    "yes", "--appendfsync", "always");
            try (ServerProcess s = builder.start(); RawClient c = s.client()) {
                assertEquals("+OK\r\n", c.call("SET", "acked", "1"));
                assertTrue(disk.fill("filler") > 0);
                c.command("SET", "never-acked", "x".repeat(4096));
                String rest = c.readUntilClosed(WAIT);
                assertEquals("", rest, "no reply for a write that could not be persisted");
                assertEquals(1, s.awaitExit(WAIT).orElseThrow(), "exits as Redis does");
                assertTrue(s.log().contains("Can't recover from AOF write error when the AOF fsync policy is 'always'"),
                        s.log());
            }
            assertTrue(disk.delete("filler"));
            try (ServerProcess restarted = builder.start(); RawClient c = restarted.client()) {
                assertEquals("$1\r\n1\r\n", c.call("GET", "acked"));
            }
        }
    }
}
