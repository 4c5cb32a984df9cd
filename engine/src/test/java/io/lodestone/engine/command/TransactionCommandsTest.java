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
import io.lodestone.engine.util.Bytes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MULTI EXEC DISCARD WATCH UNWATCH, with replies checked against redis-server 7.0. */
class TransactionCommandsTest {
    private static final Err EXECABORT = new Err("EXECABORT Transaction discarded because of previous errors.");

    private final EngineHarness h = new EngineHarness(EngineConfig.defaults(), List.of(
            CommandSpec.builder("btake").arity(3).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                    .key(KeySpec.range(1, 0, 1, "RW")).handler(TransactionCommandsTest::btake).build(),
            CommandSpec.builder("nomulti").arity(1).flags(CommandFlag.NO_MULTI)
                    .handler((ctx, argv, out) -> out.ok()).build()));

    /** BTAKE key timeout-ms: a blocking GETDEL, to test blocking inside EXEC without lists. */
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

    // ---- MULTI / EXEC / DISCARD -----------------------------------------------------------------

    @Test
    void queuedCommandsRunAtExecWithTheirRepliesInOneArray() {
        assertEquals("OK", h.exec("MULTI"));
        assertEquals("QUEUED", h.exec("SET", "a", "1"));
        assertEquals("QUEUED", h.exec("INCR", "a"));
        assertEquals("QUEUED", h.exec("GET", "a"));
        assertNull(h.exec(h.newClient(), "GET", "a"), "nothing ran before EXEC");
        assertEquals(List.of("OK", 2L, "2"), h.exec("EXEC"));
        assertEquals("2", h.exec("GET", "a"), "the client is out of MULTI after EXEC");
    }

    @Test
    void anEmptyTransactionRepliesAnEmptyArray() {
        h.exec("MULTI");
        assertEquals(List.of(), h.exec("EXEC"));
    }

    @Test
    void execAndDiscardWithoutMultiAreErrors() {
        assertEquals(new Err("ERR EXEC without MULTI"), h.exec("EXEC"));
        assertEquals(new Err("ERR DISCARD without MULTI"), h.exec("DISCARD"));
    }

    @Test
    void nestedMultiIsAnErrorThatDoesNotFailTheTransaction() {
        h.exec("MULTI");
        assertEquals(new Err("ERR MULTI calls can not be nested"), h.exec("MULTI"));
        assertEquals(new Err("ERR WATCH inside MULTI is not allowed"), h.exec("WATCH", "a"));
        h.exec("SET", "b", "2");
        assertEquals(List.of("OK"), h.exec("EXEC"));
    }

    @Test
    void aRuntimeErrorTakesItsSlotAndTheOtherCommandsStillRun() {
        h.exec("SET", "s", "text");
        h.exec("MULTI");
        h.exec("INCR", "s");
        h.exec("SET", "t", "1");
        assertEquals(List.of(new Err("ERR value is not an integer or out of range"), "OK"), h.exec("EXEC"));
        assertEquals("1", h.exec("GET", "t"));
    }

    @Test
    void unknownCommandsAndWrongArityWhileQueueingAbortExec() {
        h.exec("MULTI");
        assertEquals(new Err("ERR unknown command 'FOO', with args beginning with: 'x' "), h.exec("FOO", "x"));
        assertEquals("QUEUED", h.exec("SET", "a", "1"));
        assertEquals(EXECABORT, h.exec("EXEC"));
        assertNull(h.exec("GET", "a"), "nothing ran");
        assertEquals(new Err("ERR EXEC without MULTI"), h.exec("EXEC"), "the transaction is over");

        h.exec("MULTI");
        assertEquals(new Err("ERR wrong number of arguments for 'get' command"), h.exec("GET"));
        assertEquals(EXECABORT, h.exec("EXEC"));
    }

    /** Redis's execCommandAbort: an EXEC refused by the generic checks names the reason and ends the transaction. */
    @Test
    void execRefusedByTheGenericChecksDiscardsTheTransactionAndSaysWhy() {
        h.exec("MULTI");
        assertEquals("QUEUED", h.exec("SET", "a", "1"));
        assertEquals(new Err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
                h.exec("EXEC", "x"));
        assertEquals(new Err("ERR EXEC without MULTI"), h.exec("EXEC"), "the transaction is over");
        assertNull(h.exec("GET", "a"), "nothing ran");
        assertEquals(new Err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
                h.exec("EXEC", "x"), "outside MULTI too, as Redis");
    }

    @Test
    void noMultiCommandsAreRefusedInsideMulti() {
        h.exec("MULTI");
        assertEquals(new Err("ERR Command not allowed inside a transaction"), h.exec("NOMULTI"));
        assertEquals(EXECABORT, h.exec("EXEC"));
        assertEquals("OK", h.exec("NOMULTI"), "allowed outside");
    }

    @Test
    void discardDropsTheQueue() {
        h.exec("MULTI");
        h.exec("SET", "a", "1");
        assertEquals("OK", h.exec("DISCARD"));
        assertNull(h.exec("GET", "a"));
        assertEquals(new Err("ERR EXEC without MULTI"), h.exec("EXEC"));
    }

    @Test
    void unwatchIsQueuedInsideMulti() {
        h.exec("MULTI");
        assertEquals("QUEUED", h.exec("UNWATCH"));
        assertEquals(List.of("OK"), h.exec("EXEC"));
    }

    @Test
    void selectInsideATransactionChangesTheDatabaseOfTheFollowingCommands() {
        h.exec("MULTI");
        h.exec("SELECT", "1");
        h.exec("SET", "k", "one");
        assertEquals(List.of("OK", "OK"), h.exec("EXEC"));
        assertEquals("one", h.exec("GET", "k"));
        h.exec("SELECT", "0");
        assertNull(h.exec("GET", "k"));
    }

    @Test
    void queuedCommandsAreCountedWhenTheyRunNotWhenQueued() {
        h.exec("MULTI");
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "1");
        CommandSpec set = h.engine().commands().lookup(Bytes.ascii("set"));
        assertEquals(0, set.stats().calls());
        h.exec("EXEC");
        assertEquals(2, set.stats().calls());
        assertEquals(1, h.engine().commands().lookup(Bytes.ascii("exec")).stats().calls());
    }

    // ---- WATCH ----------------------------------------------------------------------------------

    @Test
    void aWatchedKeyWrittenByAnotherClientFailsExecWithANullArray() {
        h.exec("SET", "k", "1");
        h.exec("WATCH", "k");
        h.exec(h.newClient(), "SET", "k", "2");
        h.exec("MULTI");
        h.exec("SET", "k", "3");
        assertNull(h.exec("EXEC"));
        assertEquals("2", h.exec("GET", "k"));
        assertEquals(0, h.engine().watchedKeys().size(), "EXEC drops the watches");
    }

    @Test
    void aWriteAfterMultiStillFailsTheTransaction() {
        h.exec("WATCH", "k");
        h.exec("MULTI");
        h.exec("INCR", "k");
        h.exec(h.newClient(), "DEL", "x"); // another key: no effect
        h.exec(h.newClient(), "SET", "k", "10");
        assertNull(h.exec("EXEC"));
        assertEquals("10", h.exec("GET", "k"));
    }

    @Test
    void anUntouchedWatchLetsExecRun() {
        h.exec("SET", "k", "1");
        h.exec("WATCH", "k", "other");
        h.exec(h.newClient(), "GET", "k");
        h.exec(h.newClient(), "SET", "unrelated", "x");
        h.exec("MULTI");
        h.exec("INCR", "k");
        assertEquals(List.of(2L), h.exec("EXEC"));
    }

    @Test
    void aKeyInAnotherDatabaseIsNotTheWatchedOne() {
        h.exec("WATCH", "k");
        HarnessClient other = h.newClient();
        h.exec(other, "SELECT", "1");
        h.exec(other, "SET", "k", "v");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"));
    }

    @Test
    void theClientsOwnWriteBeforeMultiFailsItToo() {
        h.exec("WATCH", "k");
        h.exec("SET", "k", "v");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertNull(h.exec("EXEC"));
    }

    @Test
    void deletionAndExpireChangesAreTouches() {
        h.exec("SET", "k", "v");
        h.exec("WATCH", "k");
        h.exec(h.newClient(), "EXPIRE", "k", "100");
        h.exec("MULTI");
        assertNull(h.exec("EXEC"));

        h.exec("WATCH", "k");
        h.exec(h.newClient(), "DEL", "k");
        h.exec("MULTI");
        assertNull(h.exec("EXEC"));

        h.exec("HSET", "h", "f", "v");
        h.exec("WATCH", "h");
        h.exec(h.newClient(), "HSET", "h", "f", "w");
        h.exec("MULTI");
        assertNull(h.exec("EXEC"));
    }

    @Test
    void aFailedWriteIsNoTouch() {
        h.exec("SET", "k", "v");
        h.exec("WATCH", "k");
        h.exec(h.newClient(), "SETNX", "k", "other");
        h.exec(h.newClient(), "DEL", "missing");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"));
    }

    @Test
    void unwatchForgetsATouch() {
        h.exec("WATCH", "k");
        h.exec("SET", "k", "v");
        assertEquals("OK", h.exec("UNWATCH"));
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"));
    }

    @Test
    void discardDropsTheWatches() {
        h.exec("WATCH", "k");
        h.exec("MULTI");
        h.exec("DISCARD");
        assertEquals(0, h.engine().watchedKeys().size());
        h.exec("SET", "k", "v");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"));
    }

    @Test
    void aWatchedKeyThatExpiresBeforeExecFailsIt() {
        h.exec("SET", "k", "v", "PX", "100");
        h.exec("WATCH", "k");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        h.clock().advance(100); // nobody reads it: the key is only logically expired
        assertNull(h.exec("EXEC"));
    }

    @Test
    void aWatchedKeyRemovedByTheActiveCycleFailsExec() {
        h.exec("SET", "k", "v", "PX", "100");
        h.exec("WATCH", "k");
        h.clock().advance(200);
        h.cron();
        assertEquals(0L, h.engine().keyspace().db(0).size(), "the cycle removed it");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertNull(h.exec("EXEC"));
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedIsNoChangeWhenItIsRemoved() {
        h.exec("SET", "e", "v", "PX", "50");
        h.clock().advance(100);
        h.exec("WATCH", "e");
        assertNull(h.exec("GET", "e"), "the lazy removal");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"));
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedFailsExecWhenItIsWrittenAgain() {
        h.exec("SET", "e", "v", "PX", "50");
        h.clock().advance(100);
        h.exec("WATCH", "e");
        h.exec(h.newClient(), "SET", "e", "new");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertNull(h.exec("EXEC"));
    }

    @Test
    void flushTouchesWatchedKeysThatExisted() {
        h.exec("SET", "k", "v");
        h.exec("WATCH", "k");
        h.exec(h.newClient(), "FLUSHDB");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertNull(h.exec("EXEC"));

        h.exec("SET", "k", "v");
        h.exec("WATCH", "k");
        h.exec(h.newClient(), "FLUSHALL");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertNull(h.exec("EXEC"));
    }

    @Test
    void flushOfAKeyThatDidNotExistIsNoTouch() {
        h.exec("WATCH", "nokey");
        h.exec("SET", "other", "v");
        h.exec(h.newClient(), "FLUSHALL");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"), "as Redis 7.0: only keys that existed are touched");
    }

    @Test
    void swapdbTouchesAKeyThatAppearsOrDisappears() {
        HarnessClient other = h.newClient();
        h.exec(other, "SELECT", "1");
        h.exec(other, "SET", "s1", "x");
        h.exec("WATCH", "s1");
        h.exec(other, "SWAPDB", "0", "1");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertNull(h.exec("EXEC"), "s1 appeared in db 0");

        h.exec("WATCH", "nowhere");
        h.exec(other, "SWAPDB", "0", "1");
        h.exec("MULTI");
        h.exec("EXISTS", "none");
        assertEquals(List.of(0L), h.exec("EXEC"), "a key on neither side");
    }

    @Test
    void watchingIsFreeOfStateOnceTheClientGoes() {
        HarnessClient client = h.newClient();
        h.exec(client, "WATCH", "a", "b", "a");
        assertEquals(2, h.engine().watchedKeys().size());
        h.engine().lock().lock();
        try {
            client.releaseEngineState();
        } finally {
            h.engine().lock().unlock();
        }
        assertEquals(0, h.engine().watchedKeys().size());
        assertTrue(h.engine().watchedKeys().isEmpty());
    }

    @Test
    void manyWatchersOfOneKeyAllFail() {
        HarnessClient a = h.newClient();
        HarnessClient b = h.newClient();
        h.exec(a, "WATCH", "k");
        h.exec(b, "WATCH", "k");
        h.exec("SET", "k", "v");
        h.exec(a, "MULTI");
        h.exec(b, "MULTI");
        assertNull(h.exec(a, "EXEC"));
        assertNull(h.exec(b, "EXEC"));
    }

    // ---- propagation ----------------------------------------------------------------------------

    @Test
    void aTransactionIsPropagatedOnceWrappedInMultiExec() {
        h.exec("MULTI");
        h.exec("SET", "a", "1");
        h.exec("GET", "a");
        h.exec("INCR", "a");
        h.exec("EXEC");
        assertEquals(List.of(List.of("MULTI"), List.of("SET", "a", "1"), List.of("INCR", "a"), List.of("EXEC")),
                h.stream());
    }

    @Test
    void aTransactionWithOneWriteIsPropagatedAsThatWriteAlone() {
        h.exec("MULTI");
        h.exec("SET", "x", "1");
        h.exec("GET", "x");
        h.exec("EXEC");
        assertEquals(List.of(List.of("SET", "x", "1")), h.stream());
        h.clearStream();
        h.exec("MULTI");
        h.exec("GET", "x");
        h.exec("EXEC");
        assertEquals(List.of(), h.stream(), "reads only: nothing");
    }

    @Test
    void rewrittenAndExpiredEntriesJoinTheTransactionsBlock() {
        h.exec("SET", "old", "v", "PX", "10");
        h.clock().advance(20);
        h.clearStream();
        h.exec("MULTI");
        h.exec("GET", "old");
        h.exec("SET", "k", "v", "EX", "10");
        h.exec("EXEC");
        String pxat = Long.toString(h.clock().millis() + 10_000);
        assertEquals(List.of(List.of("MULTI"), List.of("DEL", "old"), List.of("SET", "k", "v", "PXAT", pxat),
                List.of("EXEC")), h.stream());
    }

    @Test
    void abortedAndFailedTransactionsPropagateNothing() {
        h.exec("MULTI");
        h.exec("SET", "a", "1");
        h.exec("NOSUCH");
        h.exec("EXEC");
        h.exec("WATCH", "w");
        h.exec(h.newClient(), "SET", "w", "1");
        h.clearStream();
        h.exec("MULTI");
        h.exec("SET", "a", "1");
        h.exec("EXEC");
        assertEquals(List.of(), h.stream());
    }

    // ---- blocking -------------------------------------------------------------------------------

    @Test
    void aBlockingCommandInsideExecRepliesAtOnceWithItsTimeoutValue() {
        h.exec("MULTI");
        h.exec("BTAKE", "k", "0");
        assertEquals(Arrays.asList((Object) null), h.exec("EXEC"));
        assertFalse(h.client().isBlocked());
        assertEquals(0, h.engine().blockedClients().size());
    }

    @Test
    void aWaiterIsServedOnlyAfterTheTransactionThatWroteItsKey() {
        HarnessClient waiter = h.newClient();
        assertNull(h.exec(waiter, "BTAKE", "k", "0"));
        assertTrue(waiter.isBlocked());
        h.exec("MULTI");
        h.exec("SET", "k", "v");
        h.exec("GET", "k");
        h.exec("APPEND", "k", "2");
        assertEquals(List.of("OK", "v", 2L), h.exec("EXEC"), "the waiter did not take k in between");
        assertEquals(List.of("v2"), waiter.asyncReplies());
        assertFalse(waiter.isBlocked());
        assertEquals(0L, h.exec("EXISTS", "k"));
    }

    @Test
    void theTimeOfTheTransactionIsTheTimeOfExec() {
        h.exec("SET", "k", "v", "PX", "100");
        h.exec("MULTI");
        h.exec("GET", "k");
        h.clock().advance(50);
        h.exec("PTTL", "k");
        assertEquals(List.of("v", 50L), h.exec("EXEC"));
    }
}
