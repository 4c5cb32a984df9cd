package io.lodestone.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.testing.ReplyRecorder;
import io.lodestone.engine.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BGSAVE while four clients write as fast as they can (sets, deletes, TTLs, in-place hash
 * changes, FLUSHDB, SWAPDB) produces exactly the dataset as it was when BGSAVE ran: compared with a
 * copy taken at that instant.
 */
class BackgroundSaveConcurrencyTest {
    @TempDir
    Path dir;

    private static Object exec(Engine engine, CommandContext ctx, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        ReplyRecorder out = new ReplyRecorder(2);
        engine.lock().lock();
        try {
            engine.dispatcher().execute(ctx, argv, out);
        } finally {
            engine.lock().unlock();
        }
        return out.take();
    }

    @Test
    void snapshotEqualsTheDatasetAtItsStartWhileFourThreadsWrite() throws Exception {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        Engine engine = new Engine(config, Clock.SYSTEM);
        CommandContext main = new CommandContext(engine, 0, true);
        for (int i = 0; i < 100_000; i++) {
            exec(engine, main, "SET", "key:" + i, "value-" + i + "-" + "x".repeat(i % 50));
            if (i % 10 == 0) {
                exec(engine, main, "HSET", "hash:" + i, "a", "1", "b", Integer.toString(i));
            }
            if (i % 7 == 0) {
                exec(engine, main, "PEXPIRE", "key:" + i, "3600000");
            }
        }
        exec(engine, main, "SELECT", "2");
        for (int i = 0; i < 20_000; i++) {
            exec(engine, main, "SET", "db2:" + i, Integer.toString(i));
        }
        exec(engine, main, "SELECT", "3");
        for (int i = 0; i < 20_000; i++) {
            exec(engine, main, "SET", "db3:" + i, "three");
        }
        // slow the save down so that it overlaps plenty of writes
        config.setRdbKeySaveDelayMicros(5);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writesDuringSave = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                CommandContext ctx = new CommandContext(engine, 10 + id, true);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        int k = random.nextInt(120_000);
                        switch (random.nextInt(100)) {
                            case 0 -> exec(engine, ctx, "SWAPDB", "2", "3");
                            case 1 -> {
                                ctx.select(5);
                                exec(engine, ctx, "FLUSHDB");
                                exec(engine, ctx, "SET", "db5", "x");
                                ctx.select(0);
                            }
                            default -> {
                                int op = random.nextInt(5);
                                switch (op) {
                                    case 0 -> exec(engine, ctx, "SET", "key:" + k, "new-" + id);
                                    case 1 -> exec(engine, ctx, "DEL", "key:" + k);
                                    case 2 -> exec(engine, ctx, "HSET", "hash:" + (k / 10 * 10), "a", "changed", "c",
                                            "new");
                                    case 3 -> exec(engine, ctx, "PEXPIRE", "key:" + k, "1000000");
                                    default -> exec(engine, ctx, "HDEL", "hash:" + (k / 10 * 10), "b");
                                }
                            }
                        }
                        if (engine.rdb().isBackgroundSaveRunning()) {
                            writesDuringSave.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "writer-" + t);
            writers.add(w);
        }
        ctxSelect(main, 0);
        for (Thread w : writers) {
            w.start();
        }
        Thread.sleep(100); // writers are running
        Map<String, String> atStart;
        engine.lock().lock();
        try {
            atStart = KeyspaceContents.of(engine.keyspace());
            assertEquals("Background saving started", exec(engine, main, "BGSAVE"));
        } finally {
            engine.lock().unlock();
        }
        assertTrue(engine.rdb().awaitBackgroundSave(120, TimeUnit.SECONDS), "BGSAVE did not finish");
        stop.set(true);
        for (Thread w : writers) {
            w.join(30_000);
        }
        assertEquals(null, failure.get());
        assertEquals("ok", engine.rdb().infoFields().get("rdb_last_bgsave_status"));
        assertTrue(writesDuringSave.get() > 1000, "only " + writesDuringSave.get() + " writes overlapped the save");

        EngineConfig reloadConfig = EngineConfig.defaults();
        reloadConfig.setDir(dir.toString());
        Engine reloaded = new Engine(reloadConfig, Clock.SYSTEM);
        reloaded.rdb().loadAtStartup();
        Map<String, String> saved = KeyspaceContents.of(reloaded.keyspace());
        assertEquals(atStart.size(), saved.size());
        assertEquals(atStart, saved);
    }

    private static void ctxSelect(CommandContext ctx, int db) {
        ctx.select(db);
    }
}
