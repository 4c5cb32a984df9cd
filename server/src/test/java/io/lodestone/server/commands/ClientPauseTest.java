package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.RespClient.Err;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT PAUSE / UNPAUSE against an embedded server, as Redis 7.0 behaves: held commands wait on
 * the server side, in order, while the event loop (one I/O thread by default) goes on serving others.
 */
class ClientPauseTest {
    private TestServer server;
    private RespClient admin;
    private RespClient other;

    @BeforeEach
    void start() {
        server = TestServer.start();
        admin = server.client();
        other = server.client();
    }

    @AfterEach
    void stop() {
        admin.close();
        other.close();
        server.close();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void writePauseHoldsWritesOnlyAndTheDeadlineReleasesThem() {
        assertEquals("OK", admin.call("CLIENT", "PAUSE", "400", "WRITE"));
        long start = System.nanoTime();
        assertEquals(null, other.call("GET", "k"), "reads go on");
        assertTrue(millisSince(start) < 300, "the read was not held");
        assertEquals("OK", other.call("SET", "k", "v"));
        assertTrue(millisSince(start) >= 300, "the write waited for the pause to end: " + millisSince(start));
        assertEquals("v", admin.call("GET", "k"));
    }

    @Test
    void heldRequestsRunInOrderAfterUnpauseWhileOthersAreServed() {
        admin.call("CLIENT", "PAUSE", "10000", "WRITE");
        try (RawClient held = server.rawClient()) {
            // a pipeline: a read, then writes, then a read that must see them
            held.command("GET", "n").command("INCR", "n").command("INCR", "n").command("GET", "n");
            assertEquals("$-1\r\n", held.readReply(), "the read before the first write runs");
            held.assertSilentFor(Duration.ofMillis(200));
            // one I/O thread serves every connection: a held client must not stop it
            assertEquals("PONG", other.call("PING"));
            assertEquals(1, heldCount());
            assertEquals("OK", admin.call("CLIENT", "UNPAUSE"));
            assertEquals(":1\r\n", held.readReply());
            assertEquals(":2\r\n", held.readReply());
            assertEquals("$1\r\n2\r\n", held.readReply());
        }
        assertEquals(0, heldCount());
    }

    @Test
    void allPauseHoldsEveryCommandEvenUnpauseUntilTheDeadline() {
        admin.call("CLIENT", "PAUSE", "400", "ALL");
        long start = System.nanoTime();
        assertEquals("OK", other.call("CLIENT", "UNPAUSE"));
        assertTrue(millisSince(start) >= 300, "CLIENT UNPAUSE itself waited: " + millisSince(start));
        assertEquals("PONG", admin.call("PING"));
    }

    @Test
    void errorsBeforeThePauseCheckAreAnsweredAtOnce() {
        admin.call("CLIENT", "PAUSE", "10000", "ALL");
        long start = System.nanoTime();
        assertEquals(new Err("ERR unknown command 'NOSUCH', with args beginning with: "), other.call("NOSUCH"));
        assertEquals(new Err("ERR wrong number of arguments for 'get' command"), other.call("GET"));
        assertTrue(millisSince(start) < 2000, "not held");
        server.server().engine().lock().lock();
        try {
            server.server().clientPause().unpause();
        } finally {
            server.server().engine().lock().unlock();
        }
        assertEquals("PONG", admin.call("PING"));
    }

    @Test
    void aNewPauseTakesTheNewModeAndTheLaterDeadline() {
        admin.call("CLIENT", "PAUSE", "400", "WRITE");
        admin.call("CLIENT", "PAUSE", "10", "ALL");
        long start = System.nanoTime();
        assertEquals(null, other.call("GET", "k"));
        assertTrue(millisSince(start) >= 300, "ALL until the first deadline: " + millisSince(start));
    }

    @Test
    void aHeldClientThatDisconnectsIsForgotten() throws Exception {
        admin.call("CLIENT", "PAUSE", "10000", "WRITE");
        try (RawClient held = server.rawClient()) {
            held.command("SET", "k", "v");
            held.assertSilentFor(Duration.ofMillis(100));
        }
        assertTrue(io.lodestone.server.testing.Await.until(() -> heldCount() == 0, Duration.ofSeconds(5)));
        assertEquals("OK", admin.call("CLIENT", "UNPAUSE"));
        assertEquals(null, admin.call("GET", "k"), "the write of the closed connection never ran");
    }

    private int heldCount() {
        server.server().engine().lock().lock();
        try {
            return server.server().clientPause().heldCount();
        } finally {
            server.server().engine().lock().unlock();
        }
    }

    @Test
    void argumentErrorsAreRedisWords() {
        assertEquals(new Err("ERR timeout is not an integer or out of range"), admin.call("CLIENT", "PAUSE", "abc"));
        assertEquals(new Err("ERR timeout is not an integer or out of range"), admin.call("CLIENT", "PAUSE", "1.5"));
        assertEquals(new Err("ERR timeout is negative"), admin.call("CLIENT", "PAUSE", "-1"));
        assertEquals(new Err("ERR CLIENT PAUSE mode must be WRITE or ALL"), admin.call("CLIENT", "PAUSE", "abc", "FOO"));
        assertEquals(new Err("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."),
                admin.call("CLIENT", "PAUSE", "10", "WRITE", "x"));
        assertEquals(new Err("ERR wrong number of arguments for 'client|unpause' command"),
                admin.call("CLIENT", "UNPAUSE", "x"));
        assertEquals(new Err("ERR wrong number of arguments for 'client|pause' command"), admin.call("CLIENT", "PAUSE"));
        // a deadline past the end of time wraps into the past, as in Redis 7.0: no pause at all
        assertEquals("OK", admin.call("CLIENT", "PAUSE", "9223372036854775807"));
        assertEquals("PONG", other.call("PING"));
        List<?> help = (List<?>) admin.call("CLIENT", "HELP");
        assertTrue(help.contains("PAUSE <timeout> [WRITE|ALL]") && help.contains("UNPAUSE"), help.toString());
    }
}
