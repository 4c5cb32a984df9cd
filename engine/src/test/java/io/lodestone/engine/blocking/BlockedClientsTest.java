package io.lodestone.engine.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.KeySpec;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import io.lodestone.engine.util.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocking framework, driven by a test-only command: BTAKE key timeout-ms takes a string key. */
class BlockedClientsTest {
    private final EngineHarness h = new EngineHarness(EngineConfig.defaults(), List.of(
            CommandSpec.builder("btake").arity(3).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                    .key(KeySpec.range(1, 0, 1, "RW")).handler(BlockedClientsTest::btake).build()));

    /** BTAKE key timeout-ms: GETDEL that waits for the key. */
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

    @Test
    void aWriteServesTheWaiterWithItsReply() {
        HarnessClient waiter = h.newClient();
        assertNull(h.exec(waiter, "BTAKE", "k", "0"));
        assertTrue(waiter.isBlocked());
        assertEquals("OK", h.exec("SET", "k", "v"));
        assertFalse(waiter.isBlocked());
        assertEquals(List.of("v"), waiter.asyncReplies());
        assertEquals(0L, h.exec("EXISTS", "k"));
        assertEquals(0, h.engine().blockedClients().size());
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() {
        HarnessClient first = h.newClient();
        HarnessClient second = h.newClient();
        h.exec(first, "BTAKE", "k", "0");
        h.exec(second, "BTAKE", "k", "0");
        h.exec("SET", "k", "v1");
        assertEquals(List.of("v1"), first.asyncReplies());
        assertTrue(second.isBlocked(), "the second waits for the next value");
        h.exec("SET", "k", "v2");
        assertEquals(List.of("v2"), second.asyncReplies());
    }

    @Test
    void aWaiterTimesOutWithItsTimeoutReply() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BTAKE", "k", "1000");
        h.clock().advance(999);
        h.cron();
        assertTrue(waiter.isBlocked());
        h.clock().advance(1);
        h.cron();
        assertFalse(waiter.isBlocked());
        assertEquals(1, waiter.asyncReplies().size());
        assertNull(waiter.asyncReplies().get(0));
    }

    @Test
    void aClientThatCannotBlockGetsTheTimeoutReplyAtOnce() {
        HarnessClient client = h.newClient();
        client.setBlockingAllowed(false);
        h.useProtocol(2);
        assertEquals(java.util.Collections.singletonList(null), java.util.Collections.singletonList(h.exec(client, "BTAKE", "k", "0")));
        assertFalse(client.isBlocked());
    }

    @Test
    void unblockWithAnErrorRepliesTheError() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BTAKE", "k", "0");
        h.engine().lock().lock();
        try {
            assertTrue(h.engine().blockedClients().unblock(waiter,
                    new CommandError("UNBLOCKED client unblocked via CLIENT UNBLOCK")));
        } finally {
            h.engine().lock().unlock();
        }
        assertFalse(waiter.isBlocked());
        assertEquals(List.of(new io.lodestone.engine.testing.ReplyRecorder.Err(
                "UNBLOCKED client unblocked via CLIENT UNBLOCK")), waiter.asyncReplies());
        h.exec("SET", "k", "v");
        assertEquals(1L, h.exec("EXISTS", "k"), "nobody waits any more");
    }
}
