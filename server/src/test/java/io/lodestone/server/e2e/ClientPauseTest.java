package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CLIENT PAUSE / UNPAUSE over real sockets, replies as redis-server 7.0's. */
class ClientPauseTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void errors() {
        try (RawClient c = server.rawClient()) {
            assertEquals("-ERR wrong number of arguments for 'client|pause' command\r\n", c.call("CLIENT", "PAUSE"));
            assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", c.call("CLIENT", "PAUSE", "abc", "FOO"));
            assertEquals("-ERR timeout is not an integer or out of range\r\n", c.call("CLIENT", "PAUSE", "1.5"));
            assertEquals("-ERR timeout is negative\r\n", c.call("CLIENT", "PAUSE", "-1"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n",
                    c.call("CLIENT", "PAUSE", "100", "WRITE", "x"));
            assertEquals("-ERR wrong number of arguments for 'client|unpause' command\r\n",
                    c.call("CLIENT", "UNPAUSE", "x"));
        }
    }

    @Test
    void writesWaitUntilUnpauseWhileReadsGoOn() {
        try (RespClient admin = server.client(); RawClient writer = server.rawClient()) {
            assertEquals("OK", admin.call("CLIENT", "PAUSE", "60000", "WRITE"));
            writer.command("SET", "k", "v");
            writer.command("GET", "k"); // held back behind the postponed write
            assertTrue(Await.until(() -> server.server().engine().pause().postponedCount() == 1, Duration.ofSeconds(5)));
            assertEquals(null, admin.call("GET", "k"), "reads are not paused");
            String list = (String) admin.call("CLIENT", "LIST");
            assertTrue(list.lines().anyMatch(l -> l.contains(" flags=b ") && l.contains(" cmd=set ")), list);
            assertEquals("OK", admin.call("CLIENT", "UNPAUSE"));
            assertEquals("+OK\r\n", writer.readReply());
            assertEquals("$1\r\nv\r\n", writer.readReply());
        }
    }

    @Test
    void pauseAllHoldsEveryoneUntilTheDeadline() {
        try (RespClient admin = server.client(); RespClient other = server.client()) {
            long start = System.nanoTime();
            assertEquals("OK", admin.call("CLIENT", "PAUSE", "300"));
            assertEquals("PONG", other.call("PING"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 290, "waited " + waitedMs + " ms");
        }
    }
}
