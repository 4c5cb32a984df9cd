package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands between real clients over sockets: a push on one connection wakes a
 * waiter on another, timeouts, pipelined requests held back behind a blocked one, CLIENT UNBLOCK,
 * disconnection while blocked, and many waiters served in arrival order.
 */
class BlockingCommandsTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    private TestServer server;
    private RespClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start();
        admin = server.client();
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    /** INFO clients' blocked_clients, as a client sees it. */
    private long blockedClients() {
        return infoField("blocked_clients");
    }

    private long infoField(String name) {
        String info = (String) admin.call("INFO", "clients");
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " missing from " + info);
    }

    private void awaitBlocked(long n) {
        assertTrue(Await.until(() -> blockedClients() == n, BOUND), "blocked_clients never reached " + n
                + " (now " + blockedClients() + ")");
    }

    @Test
    void aPushOnOneConnectionWakesABlpopOnAnother() {
        try (RawClient waiter = server.rawClient()) {
            waiter.command("BLPOP", "list", "0");
            awaitBlocked(1);
            long start = System.nanoTime();
            assertEquals(1L, admin.call("LPUSH", "list", "hello"));
            assertEquals("*2\r\n$4\r\nlist\r\n$5\r\nhello\r\n", waiter.readReply());
            assertTrue(System.nanoTime() - start < BOUND.toNanos());
            assertEquals(0L, blockedClients());
            assertEquals(0L, admin.call("EXISTS", "list"), "the waiter took the element");
            assertEquals("+PONG\r\n", waiter.call("PING"), "the connection is usable again");
        }
    }

    @Test
    void blmoveAndBlmpopAcrossConnections() {
        try (RawClient mover = server.rawClient(); RawClient popper = server.rawClient()) {
            mover.command("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            awaitBlocked(1);
            popper.command("BLMPOP", "0", "2", "nothing", "dst", "LEFT", "COUNT", "10");
            awaitBlocked(2);
            admin.call("RPUSH", "src", "a", "b");
            assertEquals("$1\r\nb\r\n", mover.readReply());
            assertEquals("*2\r\n$3\r\ndst\r\n*1\r\n$1\r\nb\r\n", popper.readReply());
            assertEquals(List.of("a"), admin.call("LRANGE", "src", "0", "-1"));
            assertEquals(0L, admin.call("EXISTS", "dst"));
        }
    }

    @Test
    void timeoutsReplyANullArrayInResp2AndANullInResp3() {
        try (RawClient resp2 = server.rawClient(); RawClient resp3 = server.rawClient()) {
            long start = System.nanoTime();
            assertEquals("*-1\r\n", resp2.call("BLPOP", "nokey", "0.2"));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 190, "timed out after " + elapsedMs + " ms");
            assertEquals("*-1\r\n", resp2.call("BRPOP", "nokey", "other", "0.01"));
            assertEquals("*-1\r\n", resp2.call("BLMOVE", "nokey", "dst", "LEFT", "LEFT", "0.01"));
            assertEquals("*-1\r\n", resp2.call("BRPOPLPUSH", "nokey", "dst", "0.01"));
            assertEquals("*-1\r\n", resp2.call("BLMPOP", "0.01", "1", "nokey", "LEFT"));
            resp3.call("HELLO", "3");
            assertEquals("_\r\n", resp3.call("BLPOP", "nokey", "0.01"));
            assertEquals("_\r\n", resp3.call("BLMOVE", "nokey", "dst", "LEFT", "LEFT", "0.01"));
            assertEquals("_\r\n", resp3.call("BLMPOP", "0.01", "1", "nokey", "LEFT"));
            assertEquals(0L, blockedClients());
            assertEquals(0L, admin.call("EXISTS", "dst"));
        }
    }

    @Test
    void nonBlockingNullShapesOnTheWire() {
        try (RawClient resp2 = server.rawClient(); RawClient resp3 = server.rawClient()) {
            assertEquals("$-1\r\n", resp2.call("LPOP", "nokey"));
            assertEquals("*-1\r\n", resp2.call("LPOP", "nokey", "2"));
            assertEquals("*-1\r\n", resp2.call("LMPOP", "1", "nokey", "LEFT"));
            resp3.call("HELLO", "3");
            assertEquals("_\r\n", resp3.call("LPOP", "nokey"));
            assertEquals("_\r\n", resp3.call("LPOP", "nokey", "2"));
            assertEquals("_\r\n", resp3.call("LINDEX", "nokey", "0"));
            resp3.call("RPUSH", "l", "a");
            assertEquals("*0\r\n", resp3.call("LPOP", "l", "0"));
            assertEquals("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n", resp3.call("LMPOP", "1", "l", "LEFT"));
        }
    }

    @Test
    void aPipelinedRequestAfterABlockedOneWaitsForIt() {
        try (RawClient waiter = server.rawClient()) {
            // one write: BLPOP, then PING and an LLEN that must see the list after the pop
            waiter.send("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nq\r\n");
            awaitBlocked(1);
            waiter.assertSilentFor(Duration.ofMillis(200));
            admin.call("RPUSH", "q", "x", "y");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\nx\r\n", waiter.readReply());
            assertEquals("+PONG\r\n", waiter.readReply());
            assertEquals(":1\r\n", waiter.readReply());
        }
    }

    @Test
    void aRequestSentWhileBlockedRunsAfterTheWaiterIsServed() {
        try (RawClient waiter = server.rawClient()) {
            waiter.command("BRPOP", "q", "0");
            awaitBlocked(1);
            waiter.command("ECHO", "later"); // arrives while blocked: held back
            waiter.command("BLPOP", "q2", "0"); // blocks in turn once served
            waiter.assertSilentFor(Duration.ofMillis(100));
            admin.call("RPUSH", "q", "v");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\nv\r\n", waiter.readReply());
            assertEquals("$5\r\nlater\r\n", waiter.readReply());
            awaitBlocked(1);
            admin.call("RPUSH", "q2", "w");
            assertEquals("*2\r\n$2\r\nq2\r\n$1\r\nw\r\n", waiter.readReply());
        }
    }

    @Test
    void clientUnblockReleasesAWaiterWithItsTimeoutReplyOrAnError() {
        try (RawClient waiter = server.rawClient()) {
            String id = waiter.call("CLIENT", "ID").substring(1).trim();
            waiter.command("BLPOP", "k", "0");
            awaitBlocked(1);
            assertEquals(1L, admin.call("CLIENT", "UNBLOCK", id));
            assertEquals("*-1\r\n", waiter.readReply());
            assertEquals(0L, admin.call("CLIENT", "UNBLOCK", id), "not blocked any more");

            waiter.command("BLMOVE", "k", "d", "LEFT", "LEFT", "0");
            awaitBlocked(1);
            assertEquals(1L, admin.call("CLIENT", "UNBLOCK", id, "ERROR"));
            assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", waiter.readReply());

            waiter.command("BRPOP", "k", "100");
            awaitBlocked(1);
            assertEquals(1L, infoField("clients_in_timeout_table"));
            assertEquals(1L, admin.call("CLIENT", "UNBLOCK", id, "timeout"));
            assertEquals("*-1\r\n", waiter.readReply());
            assertEquals(0L, blockedClients());
            assertEquals("+PONG\r\n", waiter.call("PING"));
        }
        assertEquals(0L, admin.call("CLIENT", "UNBLOCK", "99999"));
        assertEquals(0L, admin.call("CLIENT", "UNBLOCK", "-1"));
        assertEquals(new RespClient.Err("ERR value is not an integer or out of range"),
                admin.call("CLIENT", "UNBLOCK", "x"));
        assertEquals(new RespClient.Err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
                admin.call("CLIENT", "UNBLOCK", "x", "foo"));
        assertEquals(new RespClient.Err("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try"
                + " CLIENT HELP."), admin.call("CLIENT", "UNBLOCK", "1", "2", "3"));
    }

    @Test
    void aBlockedClientIsFlaggedInClientList() {
        try (RawClient waiter = server.rawClient()) {
            String id = waiter.call("CLIENT", "ID").substring(1).trim();
            waiter.command("BLPOP", "key1", "0");
            awaitBlocked(1);
            String list = (String) admin.call("CLIENT", "LIST", "ID", id);
            assertTrue(list.contains(" flags=b "), list);
            assertTrue(list.contains(" cmd=blpop "), list);
            assertTrue(list.contains(" argv-mem=10 "), "the waiting command's arguments: " + list);
            assertEquals(0L, infoField("clients_in_timeout_table"));
        }
    }

    @Test
    void aBlockedClientThatDisconnectsLeavesNothingBehind() {
        RawClient waiter = server.rawClient();
        waiter.command("BLPOP", "gone", "0");
        awaitBlocked(1);
        waiter.close();
        awaitBlocked(0);
        assertEquals(1L, admin.call("RPUSH", "gone", "v"));
        assertEquals(1L, admin.call("LLEN", "gone"), "nobody took it");
        assertTrue(Await.until(() -> server.server().clients().size() == 1, BOUND));
    }

    @Test
    void aBlockedClientThatSendsMoreThanTheQueryBufferLimitIsClosed() {
        server.config().setClientQueryBufferLimit(1024 * 1024);
        try (RawClient waiter = server.rawClient()) {
            waiter.command("BLPOP", "k", "0");
            awaitBlocked(1);
            String big = "x".repeat(300 * 1024);
            for (int i = 0; i < 4; i++) {
                waiter.command("SET", "big" + i, big); // read and held back, not run
            }
            assertEquals("", waiter.readUntilClosed(BOUND));
        }
        awaitBlocked(0);
        assertEquals(0L, admin.call("EXISTS", "big0"), "held-back requests never ran");
    }

    @Test
    void theIdleTimeoutSparesBlockedClients() {
        server.config().setTimeout(1);
        try (RawClient waiter = server.rawClient(); RawClient idle = server.rawClient()) {
            assertEquals("+PONG\r\n", idle.call("PING"));
            waiter.command("BLPOP", "k", "0");
            assertEquals("", idle.readUntilClosed(BOUND), "an idle client is closed");
            try (RespClient fresh = server.client()) { // the admin connection was idle too
                assertEquals(1L, fresh.call("RPUSH", "k", "v"));
            }
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", waiter.readReply(), "the blocked one stayed");
        } finally {
            server.config().setTimeout(0);
        }
    }

    @Test
    void manyWaitersAreServedInArrivalOrder() {
        int n = 20;
        List<RawClient> waiters = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                RawClient c = server.rawClient();
                waiters.add(c);
                c.command("BLPOP", "queue", "0");
                awaitBlocked(i + 1); // so that the arrival order is known
            }
            String[] push = new String[2 + n];
            push[0] = "RPUSH";
            push[1] = "queue";
            for (int i = 0; i < n; i++) {
                push[2 + i] = "v" + i;
            }
            assertEquals((long) n, admin.call(push));
            for (int i = 0; i < n; i++) {
                String v = "v" + i;
                assertEquals("*2\r\n$5\r\nqueue\r\n$" + v.length() + "\r\n" + v + "\r\n", waiters.get(i).readReply(),
                        "waiter " + i);
            }
            assertEquals(0L, blockedClients());
            assertEquals(0L, admin.call("EXISTS", "queue"));
        } finally {
            waiters.forEach(RawClient::close);
        }
    }

    @Test
    void waitersAcrossConnectionsTimeOutWithoutTheOthers() {
        try (RawClient shortWait = server.rawClient(); RawClient longWait = server.rawClient()) {
            shortWait.command("BLPOP", "k", "0.1");
            longWait.command("BLPOP", "k", "0");
            assertEquals("*-1\r\n", shortWait.readReply());
            awaitBlocked(1);
            admin.call("RPUSH", "k", "v");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", longWait.readReply());
        }
    }
}
