package io.lodestone.engine.pause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.KeySpec;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import io.lodestone.engine.util.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CLIENT PAUSE's engine side: postponed commands, the deadline, a dataset kept still. */
class PauseTest {
    private final EngineHarness h = new EngineHarness(EngineConfig.defaults(), List.of(
            CommandSpec.builder("btake").arity(3).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                    .key(KeySpec.range(1, 0, 1, "RW")).handler(PauseTest::btake).build()));
    private final HarnessClient client = h.newClient();

    /** BTAKE key timeout-ms: a blocking GETDEL. */
    static void btake(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().getForWrite(argv[1]);
        if (value != null) {
            ctx.db().delete(argv[1]);
            ctx.dirty();
            out.bulk((byte[]) value);
            return;
        }
        if (ctx.block(List.of(argv[1]), Bytes.parseLong(argv[2]))) {
            return;
        }
        out.nullBulk();
    }

    private void pause(Pause.Mode mode, long forMillis) {
        locked(() -> h.engine().pause().pause(mode, h.clock().millis() + forMillis));
    }

    private void unpause() {
        locked(() -> h.engine().pause().unpause());
    }

    private void locked(Runnable r) {
        h.engine().lock().lock();
        try {
            r.run();
        } finally {
            h.engine().lock().unlock();
        }
    }

    @Test
    void pauseAllPostponesEveryCommandUntilUnpause() {
        pause(Pause.Mode.ALL, 10_000);
        assertNull(h.exec(client, "GET", "k"), "no reply yet");
        assertTrue(client.isBlocked());
        assertEquals(1, h.engine().blockedClients().size());
        unpause();
        assertFalse(client.isBlocked());
        assertEquals(java.util.Collections.singletonList(null), client.asyncReplies());
    }

    @Test
    void pauseWriteLetsReadsThrough() {
        pause(Pause.Mode.WRITE, 10_000);
        assertEquals(0L, h.exec(client, "EXISTS", "k"));
        assertNull(h.exec(client, "SET", "k", "v"));
        assertTrue(client.isBlocked());
        assertEquals(0L, h.exec("EXISTS", "k"), "the write waits");
        unpause();
        assertEquals(List.of("OK"), client.asyncReplies());
        assertEquals(1L, h.exec("EXISTS", "k"));
    }

    @Test
    void execOfWritesWaitsButNotExecOfReads() {
        HarnessClient reads = h.newClient();
        h.exec(client, "MULTI");
        h.exec(client, "SET", "a", "1");
        h.exec(reads, "MULTI");
        h.exec(reads, "GET", "a");
        pause(Pause.Mode.WRITE, 10_000);
        assertEquals(java.util.Collections.singletonList(null), h.exec(reads, "EXEC"));
        assertNull(h.exec(client, "EXEC"));
        assertTrue(client.isBlocked());
        unpause();
        assertEquals(List.of(List.of("OK")), client.asyncReplies());
    }

    @Test
    void theDeadlineEndsThePause() {
        pause(Pause.Mode.ALL, 500);
        h.exec(client, "SET", "k", "v");
        h.clock().advance(500);
        h.cron();
        assertTrue(client.isBlocked(), "still paused at the deadline itself");
        h.clock().advance(1);
        h.cron();
        assertFalse(client.isBlocked());
        assertEquals(List.of("OK"), client.asyncReplies());
        assertFalse(h.engine().pause().isActive());
    }

    @Test
    void keysDoNotExpireDuringAPause() {
        h.exec("SET", "k", "v", "PX", "100");
        pause(Pause.Mode.WRITE, 10_000);
        h.clock().advance(200);
        h.cron();
        assertNull(h.exec("GET", "k"), "logically expired");
        assertEquals(1L, h.engine().keyspace().db(0).size(), "but still stored");
        h.clearStream();
        unpause();
        h.cron();
        assertEquals(0L, h.engine().keyspace().db(0).size());
        assertEquals(List.of(List.of("DEL", "k")), h.stream());
    }

    @Test
    void aPostponedBlockingCommandBlocksNormallyAfterThePause() {
        pause(Pause.Mode.WRITE, 10_000);
        assertNull(h.exec(client, "BTAKE", "k", "0"));
        unpause();
        assertTrue(client.isBlocked(), "now waiting for the key, not timed out");
        assertEquals(List.of(), client.asyncReplies());
        h.exec("SET", "k", "v");
        assertEquals(List.of("v"), client.asyncReplies());
    }

    @Test
    void aLaterPauseCanOnlyWidenIt() {
        pause(Pause.Mode.ALL, 1000);
        pause(Pause.Mode.WRITE, 100);
        assertEquals(Pause.Mode.ALL, h.engine().pause().mode());
        h.clock().advance(500);
        h.cron();
        assertTrue(h.engine().pause().isActive(), "the later deadline stays");
    }
}
