package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP waiting for data: who is served, in which order,
 * from which key, what they reply and what is propagated, and timeouts on the fake clock.
 */
class ListBlockingCommandsTest {
    /** RPUSH2 first second element: pushes onto two lists in one command (as a MULTI would). */
    private final EngineHarness h = new EngineHarness(EngineConfig.defaults(), List.of(
            CommandSpec.builder("rpush2").arity(4).flags(CommandFlag.WRITE)
                    .key(KeySpec.range(1, 1, 1, "RW", "INSERT")).handler(ListBlockingCommandsTest::rpush2).build()));

    static void rpush2(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        for (int i = 1; i <= 2; i++) {
            ListValue list = (ListValue) ctx.db().getForWrite(argv[i]);
            if (list == null) {
                list = new ListValue();
                ctx.db().set(argv[i], list);
            }
            list.pushTail(argv[3], -2);
        }
        ctx.dirty();
        out.ok();
    }

    private static final Object NULL = Collections.singletonList(null);

    private static List<Object> one(Object reply) {
        return Collections.singletonList(reply);
    }

    private int blocked() {
        return h.engine().blockedClients().size();
    }

    @Test
    void aPushServesAWaitingBlpop() {
        HarnessClient waiter = h.newClient();
        assertNull(h.exec(waiter, "BLPOP", "k", "0"));
        assertTrue(waiter.isBlocked());
        assertEquals(1, blocked());
        assertEquals(1L, h.exec("LPUSH", "k", "v"));
        assertFalse(waiter.isBlocked());
        assertEquals(List.of(List.of("k", "v")), waiter.asyncReplies());
        assertEquals(0L, h.exec("EXISTS", "k"), "the waiter took the only element");
        assertEquals(0, blocked());
        assertEquals(List.of(List.of("LPUSH", "k", "v"), List.of("LPOP", "k")), h.stream());
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() {
        HarnessClient first = h.newClient();
        HarnessClient second = h.newClient();
        HarnessClient third = h.newClient();
        h.exec(first, "BRPOP", "k", "0");
        h.exec(second, "BLPOP", "k", "0");
        h.exec(third, "BLPOP", "k", "0");
        assertEquals(3L, h.exec("RPUSH", "k", "a", "b", "c"));
        assertEquals(List.of(List.of("k", "c")), first.asyncReplies());
        assertEquals(List.of(List.of("k", "a")), second.asyncReplies());
        assertEquals(List.of(List.of("k", "b")), third.asyncReplies());
        assertEquals(List.of(List.of("RPUSH", "k", "a", "b", "c"), List.of("RPOP", "k"), List.of("LPOP", "k"),
                List.of("LPOP", "k")), h.stream());
        assertEquals(0, blocked());
    }

    @Test
    void aPushOfFewerElementsThanWaitersServesTheFirstOnes() {
        List<HarnessClient> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HarnessClient c = h.newClient();
            h.exec(c, "BLPOP", "k", "0");
            waiters.add(c);
        }
        h.exec("RPUSH", "k", "a", "b");
        assertEquals(List.of(List.of("k", "a")), waiters.get(0).asyncReplies());
        assertEquals(List.of(List.of("k", "b")), waiters.get(1).asyncReplies());
        for (HarnessClient c : waiters.subList(2, 5)) {
            assertTrue(c.isBlocked());
            assertTrue(c.asyncReplies().isEmpty());
        }
        assertEquals(3, blocked());
        assertEquals(0L, h.exec("EXISTS", "k"));
        h.exec("RPUSH", "k", "c");
        assertEquals(List.of(List.of("k", "c")), waiters.get(2).asyncReplies());
        assertTrue(waiters.get(3).isBlocked());
    }

    @Test
    void aWaiterOnSeveralKeysIsServedFromTheOneWritten() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLPOP", "k1", "k2", "k3", "0");
        h.exec("RPUSH", "k3", "x");
        assertEquals(List.of(List.of("k3", "x")), waiter.asyncReplies());
        assertEquals(0, blocked());
        h.exec("RPUSH", "k1", "y");
        assertEquals(1L, h.exec("LLEN", "k1"), "a served waiter no longer waits on its other keys");
    }

    @Test
    void theKeyWrittenFirstServesWhenSeveralAreWrittenAtOnce() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLPOP", "k1", "k2", "0");
        assertEquals("OK", h.exec("RPUSH2", "k2", "k1", "v")); // k2 first, then k1
        assertEquals(List.of(List.of("k2", "v")), waiter.asyncReplies());
        assertEquals(List.of("v"), h.exec("LRANGE", "k1", "0", "-1"));
    }

    @Test
    void aBlmoveChainWakesTheNextWaiter() {
        HarnessClient mover = h.newClient();
        HarnessClient popper = h.newClient();
        assertNull(h.exec(mover, "BLMOVE", "k1", "k2", "LEFT", "RIGHT", "0"));
        assertNull(h.exec(popper, "BLPOP", "k2", "0"));
        h.exec("RPUSH", "k1", "v");
        assertEquals(List.of("v"), mover.asyncReplies());
        assertEquals(List.of(List.of("k2", "v")), popper.asyncReplies());
        assertEquals(0L, h.exec("EXISTS", "k1"));
        assertEquals(0L, h.exec("EXISTS", "k2"));
        // served after waiting, BLMOVE propagates with lower-case ends, as Redis does
        assertEquals(List.of(List.of("RPUSH", "k1", "v"), List.of("LMOVE", "k1", "k2", "left", "right"),
                List.of("LPOP", "k2")), h.stream());
    }

    @Test
    void brpoplpushAndBlmpopPropagateTheirNonBlockingForms() {
        HarnessClient mover = h.newClient();
        HarnessClient multi = h.newClient();
        h.exec(mover, "BRPOPLPUSH", "src", "dst", "0");
        h.exec(multi, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "5");
        h.exec("RPUSH", "src", "x");
        h.exec("RPUSH", "b", "1", "2", "3");
        assertEquals(List.of("x"), mover.asyncReplies());
        assertEquals(List.of(List.of("b", List.of("3", "2", "1"))), multi.asyncReplies());
        assertEquals(List.of(List.of("RPUSH", "src", "x"), List.of("RPOPLPUSH", "src", "dst"),
                List.of("RPUSH", "b", "1", "2", "3"), List.of("RPOP", "b", "3")), h.stream());
    }

    @Test
    void blmpopIsServedFromTheKeyWritten() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLMPOP", "0", "3", "a", "b", "c", "LEFT");
        h.exec("RPUSH", "c", "z", "y");
        assertEquals(List.of(List.of("c", List.of("z"))), waiter.asyncReplies());
        assertEquals(List.of("LPOP", "c", "1"), h.stream().get(1));
    }

    @Test
    void waitersTimeOutOnTheClock() {
        HarnessClient blpop = h.newClient();
        HarnessClient blmove = h.newClient();
        HarnessClient forever = h.newClient();
        h.exec(blpop, "BLPOP", "k", "1");
        h.exec(blmove, "BLMOVE", "k", "d", "LEFT", "LEFT", "0.5");
        h.exec(forever, "BLMPOP", "0", "1", "k", "LEFT");
        h.clock().advance(499);
        h.cron();
        assertEquals(3, blocked());
        h.clock().advance(1);
        h.cron();
        assertFalse(blmove.isBlocked());
        assertEquals(NULL, blmove.asyncReplies());
        assertTrue(blpop.isBlocked());
        h.clock().advance(500);
        h.cron();
        assertFalse(blpop.isBlocked());
        assertEquals(NULL, blpop.asyncReplies());
        h.clock().advance(1_000_000);
        h.cron();
        assertTrue(forever.isBlocked(), "timeout 0 waits forever");
        assertEquals(1, blocked());
        h.exec("RPUSH", "k", "v");
        assertEquals(List.of(List.of("k", List.of("v"))), forever.asyncReplies());
        assertEquals(List.of(List.of("RPUSH", "k", "v"), List.of("LPOP", "k", "1")), h.stream(),
                "timeouts propagate nothing");
    }

    @Test
    void aKeyOfAnotherTypeKeepsTheWaiterWaiting() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLPOP", "k", "0");
        h.exec("SET", "k", "string");
        assertTrue(waiter.isBlocked(), "Redis serves a blocked client from lists only");
        assertTrue(waiter.asyncReplies().isEmpty());
        h.exec("DEL", "k");
        h.exec("RPUSH", "k", "v");
        assertEquals(List.of(List.of("k", "v")), waiter.asyncReplies());
    }

    @Test
    void aBlockedMoveToADestinationOfAnotherTypeFailsWhenServed() {
        HarnessClient mover = h.newClient();
        h.exec("SET", "dst", "string");
        assertNull(h.exec(mover, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0"));
        h.exec("RPUSH", "src", "a");
        assertFalse(mover.isBlocked());
        assertEquals(List.of(new Err("WRONGTYPE Operation against a key holding the wrong kind of value")),
                mover.asyncReplies());
        assertEquals(List.of("a"), h.exec("LRANGE", "src", "0", "-1"), "the element stays in the source");
    }

    @Test
    void aListThatDisappearsBeforeTheWaiterRunsKeepsItWaiting() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLPOP", "k", "0");
        h.exec("RPUSH", "other", "x");
        h.exec("RPOPLPUSH", "other", "k"); // pushes to k, which serves the waiter
        assertEquals(List.of(List.of("k", "x")), waiter.asyncReplies());
        HarnessClient second = h.newClient();
        h.exec(second, "BLPOP", "k", "0");
        h.exec("RPUSH", "k", "a");
        h.exec("LPOP", "k");
        assertEquals(List.of(List.of("k", "a")), second.asyncReplies(), "served by the push, before the LPOP ran");
    }

    @Test
    void swapdbServesWaitersWhoseListArrivesWithTheOtherDatabase() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLPOP", "k", "0");
        HarnessClient other = h.newClient();
        h.exec(other, "SELECT", "1");
        h.exec(other, "RPUSH", "k", "v");
        assertTrue(waiter.isBlocked(), "a list of the same name in another database serves nobody");
        h.exec("SWAPDB", "0", "1");
        assertEquals(List.of(List.of("k", "v")), waiter.asyncReplies());
        assertEquals(List.of(List.of("SWAPDB", "0", "1"), List.of("LPOP", "k")),
                h.stream().subList(h.stream().size() - 2, h.stream().size()));
    }

    @Test
    void aBlockedCommandCountsAsOneCall() {
        HarnessClient waiter = h.newClient();
        h.exec(waiter, "BLPOP", "k", "0");
        h.exec("RPUSH", "other", "x"); // not the key: no re-run
        h.exec("SET", "k", "s");       // the key, of another type: re-run, still waiting
        h.exec("DEL", "k");
        h.exec("RPUSH", "k", "v");     // served
        assertEquals(1, h.engine().commands().lookup(Bytes.ascii("blpop")).stats().calls());
    }

    @Test
    void clientUnblockRepliesTheTimeoutValueOrAnError() {
        HarnessClient timeout = h.newClient();
        HarnessClient error = h.newClient();
        h.exec(timeout, "BRPOPLPUSH", "a", "b", "0");
        h.exec(error, "BLPOP", "a", "0");
        h.engine().lock().lock();
        try {
            assertTrue(h.engine().blockedClients().unblock(timeout, null));
            assertTrue(h.engine().blockedClients().unblock(error,
                    new CommandError("UNBLOCKED client unblocked via CLIENT UNBLOCK")));
            assertFalse(h.engine().blockedClients().unblock(error, null), "no longer blocked");
        } finally {
            h.engine().lock().unlock();
        }
        assertEquals(NULL, timeout.asyncReplies());
        assertEquals(List.of(new Err("UNBLOCKED client unblocked via CLIENT UNBLOCK")), error.asyncReplies());
        assertEquals(0, blocked());
        h.exec("RPUSH", "a", "v");
        assertEquals(1L, h.exec("LLEN", "a"), "nobody waits any more");
    }

    @Test
    void manyWaitersOnManyKeys() {
        List<HarnessClient> waiters = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HarnessClient c = h.newClient();
            h.exec(c, "BLPOP", "k" + (i % 10), "all", "0");
            waiters.add(c);
        }
        String[] push = new String[2 + 100];
        push[0] = "RPUSH";
        push[1] = "all";
        for (int i = 0; i < 100; i++) {
            push[2 + i] = "v" + i;
        }
        h.exec(push);
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of(List.of("all", "v" + i)), waiters.get(i).asyncReplies(), "waiter " + i);
        }
        assertEquals(100, blocked());
        for (int k = 0; k < 10; k++) {
            h.exec("RPUSH", "k" + k, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        }
        // each of k0..k9 had 10 waiters left among clients 100..199, in arrival order
        for (int i = 100; i < 200; i++) {
            int rank = (i - 100) / 10;
            assertEquals(List.of(List.of("k" + (i % 10), String.valueOf((char) ('a' + rank)))),
                    waiters.get(i).asyncReplies(), "waiter " + i);
        }
        assertEquals(0, blocked());
    }

    @Test
    void timeoutReplyShapesAreNullArrays() {
        HarnessClient c = h.newClient();
        c.setBlockingAllowed(false);
        List<String> shape = new ArrayList<>();
        h.engine().lock().lock();
        try {
            h.engine().dispatcher().execute(c, argv("BLMOVE", "a", "b", "LEFT", "LEFT", "1"),
                    new ListCommandsTest.ShapeRecorder(shape));
        } finally {
            h.engine().lock().unlock();
        }
        assertEquals(List.of("nullArray"), shape, "BLMOVE's timeout is a null array, not a null bulk");
    }

    private static byte[][] argv(String... args) {
        return Arrays.stream(args).map(Bytes::utf8).toArray(byte[][]::new);
    }
}
