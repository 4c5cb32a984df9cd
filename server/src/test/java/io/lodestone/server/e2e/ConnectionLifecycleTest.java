package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.TestServer;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** maxclients, timeout, QUIT and SHUTDOWN over real sockets. */
class ConnectionLifecycleTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    @SuppressWarnings("try") // second is closed early on purpose
    void clientOverMaxclientsIsRefusedAndClosed() throws InterruptedException {
        try (TestServer server = TestServer.builder().maxclients(2).start();
                RawClient first = server.rawClient();
                RawClient second = server.rawClient()) {
            assertEquals("+PONG\r\n", first.call("PING"));
            assertEquals("+PONG\r\n", second.call("PING"));
            try (RawClient third = server.rawClient()) {
                assertEquals("-ERR max number of clients reached\r\n", third.readUntilClosed(BOUND));
            }
            assertEquals("+PONG\r\n", first.call("PING"), "the admitted clients are unaffected");
            second.close();
            // once a slot is free (the server notices the close asynchronously) a new client gets in
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (server.server().clients().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (RawClient again = server.rawClient()) {
                assertEquals("+PONG\r\n", again.call("PING"));
            }
        }
    }

    @Test
    void maxclientsHoldsWhenManyConnectAtOnce() throws Exception {
        int max = 5;
        int attempts = 40;
        try (TestServer server = TestServer.builder().maxclients(max).start()) {
            List<RawClient> clients = new ArrayList<>();
            try {
                // connect all at once from many threads, so that several event loops accept together
                ExecutorService pool = Executors.newFixedThreadPool(attempts);
                try {
                    List<Future<RawClient>> connecting = new ArrayList<>();
                    for (int i = 0; i < attempts; i++) {
                        connecting.add(pool.submit(server::rawClient));
                    }
                    for (Future<RawClient> f : connecting) {
                        clients.add(f.get(10, TimeUnit.SECONDS));
                    }
                } finally {
                    pool.shutdownNow();
                }
                int admitted = 0;
                int refused = 0;
                for (RawClient c : clients) {
                    try {
                        c.send("PING\r\n");
                    } catch (UncheckedIOException closedAlready) {
                        // a refused client may already be closed; its error reply is still readable
                    }
                    String reply = c.readReply();
                    if (reply.equals("+PONG\r\n")) {
                        admitted++;
                    } else {
                        assertEquals("-ERR max number of clients reached\r\n", reply);
                        refused++;
                    }
                }
                assertEquals(max, admitted);
                assertEquals(attempts - max, refused);
            } finally {
                clients.forEach(RawClient::close);
            }
        }
    }

    @Test
    void idleClientIsClosedAfterTimeoutAndActiveOneIsNot() throws InterruptedException {
        try (TestServer server = TestServer.builder().timeout(1).start();
                RawClient idle = server.rawClient();
                RawClient active = server.rawClient()) {
            assertEquals("+PONG\r\n", idle.call("PING"));
            long start = System.nanoTime();
            // the active client talks every 300 ms for 2.5 s: well past the 1 s timeout
            for (int i = 0; i < 8; i++) {
                assertEquals("+PONG\r\n", active.call("PING"), "active client closed at round " + i);
                Thread.sleep(300);
            }
            assertEquals("", idle.readUntilClosed(BOUND), "the idle client got no reply, just the close");
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closedAfterMs >= 900, "closed too early: " + closedAfterMs + " ms");
            assertEquals("+PONG\r\n", active.call("PING"));
        }
    }

    @Test
    void noTimeoutByDefault() {
        try (TestServer server = TestServer.start(); RawClient c = server.rawClient()) {
            assertEquals(0, server.config().timeout());
            c.assertSilentFor(Duration.ofMillis(1500));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void quitRepliesOkAndCloses() {
        try (TestServer server = TestServer.start(); RawClient c = server.rawClient()) {
            c.send("PING\r\nQUIT\r\nPING\r\n");
            assertEquals("+PONG\r\n+OK\r\n", c.readUntilClosed(BOUND), "nothing after QUIT is run");
            try (RawClient other = server.rawClient()) {
                assertEquals("+PONG\r\n", other.call("PING"));
            }
        }
    }

    @Test
    void shutdownStopsTheServer() throws InterruptedException {
        TestServer server = TestServer.start();
        try (RawClient bystander = server.rawClient(); RawClient c = server.rawClient()) {
            assertEquals("+PONG\r\n", bystander.call("PING"));
            int port = server.port();
            c.send("SHUTDOWN NOSAVE\r\n");
            assertEquals("", c.readUntilClosed(BOUND), "SHUTDOWN closes without a reply");
            assertEquals("", bystander.readUntilClosed(BOUND), "every client is disconnected");
            assertTrue(server.server().awaitStop(10, TimeUnit.SECONDS), "the server stopped");
            UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> RawClient.connect(TestServer.HOST, port));
            assertTrue(refused.getCause() instanceof ConnectException, refused.toString());
        } finally {
            server.close(); // a no-op once stopped
        }
    }

    @Test
    void shutdownAbortWithoutShutdownInProgress() {
        try (TestServer server = TestServer.start(); RawClient c = server.rawClient()) {
            assertEquals("-ERR No shutdown in progress.\r\n", c.call("SHUTDOWN", "ABORT"));
            assertEquals("-ERR syntax error\r\n", c.call("SHUTDOWN", "LATER"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }
}
