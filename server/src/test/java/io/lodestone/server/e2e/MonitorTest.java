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

/** MONITOR over real sockets, compared with redis-server 7.0's feed. */
class MonitorTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One feed line without its time stamp; checks the stamp's form. */
    private static String line(RawClient monitor) {
        String reply = monitor.readReply();
        assertTrue(reply.matches("\\+\\d{10}\\.\\d{6} \\[.*\r\n"), reply);
        return reply.substring(reply.indexOf(' ') + 1, reply.length() - 2);
    }

    @Test
    void commandsOfOtherClientsWithTheirAddress() {
        try (RawClient monitor = server.rawClient(); RespClient client = server.client()) {
            assertEquals("+OK\r\n", monitor.call("MONITOR"));
            client.call("CLIENT", "SETNAME", "c");
            String line = (String) client.call("CLIENT", "INFO");
            String addr = line.substring(line.indexOf("addr=") + 5, line.indexOf(' ', line.indexOf("addr=")));
            client.call("SET", "k", "v");
            client.call("CONFIG", "GET", "port"); // admin: not shown
            client.call("SELECT", "2");
            client.call("AUTH", "nopass");
            client.call("PING");
            assertEquals("[0 " + addr + "] \"CLIENT\" \"SETNAME\" \"c\"", line(monitor));
            assertEquals("[0 " + addr + "] \"CLIENT\" \"INFO\"", line(monitor));
            assertEquals("[0 " + addr + "] \"SET\" \"k\" \"v\"", line(monitor));
            assertEquals("[2 " + addr + "] \"SELECT\" \"2\"", line(monitor));
            assertEquals("[2 " + addr + "] \"AUTH\" \"(redacted)\"", line(monitor));
            assertEquals("[2 " + addr + "] \"PING\"", line(monitor));
        }
    }

    @Test
    void aMonitorIsFlaggedAndKeptAwayFromKeysUntilReset() {
        try (RawClient monitor = server.rawClient(); RespClient admin = server.client()) {
            monitor.call("CLIENT", "SETNAME", "mon");
            monitor.call("MONITOR");
            String list = (String) admin.call("CLIENT", "LIST");
            assertTrue(list.contains("name=mon age=") && list.lines().anyMatch(l -> l.contains("name=mon ")
                    && l.contains(" flags=O ")), list);
            assertEquals("-ERR Replica can't interact with the keyspace\r\n", monitor.call("GET", "k"));
            assertEquals("+RESET\r\n", monitor.call("RESET"));
            assertEquals("$-1\r\n", monitor.call("GET", "k"));
            admin.call("SET", "k", "v");
            assertEquals("$1\r\nv\r\n", monitor.call("GET", "k"), "no feed line in between: not a monitor any more");
        }
    }

    @Test
    void aClosedMonitorIsForgotten() {
        RawClient monitor = server.rawClient();
        monitor.call("MONITOR");
        assertEquals(1, server.server().engine().monitors().size());
        monitor.close();
        assertTrue(Await.until(() -> server.server().engine().monitors().isEmpty(), Duration.ofSeconds(5)));
    }
}
