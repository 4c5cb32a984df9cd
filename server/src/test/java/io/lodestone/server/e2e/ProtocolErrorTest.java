package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.TestServer;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests over real sockets. For each: the replies due for the requests before the bad
 * one arrive, then the error (Redis 7.0's text), then the server closes that connection; a client
 * connected before and one connected after still see their data and are served.
 */
class ProtocolErrorTest {
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final int ONE_MB = 1024 * 1024;

    private static TestServer server;

    @BeforeAll
    static void start() {
        // the smallest limits Redis accepts, so that tests stay small
        server = TestServer.builder().protoMaxBulkLen(ONE_MB).clientQueryBufferLimit(ONE_MB).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Sends {@code "PING\r\n" + bad}, then checks: PONG, then {@code expectedReply} (null: none),
     * then EOF; and that the other clients are unharmed.
     */
    private void assertClosedAfter(String bad, String expectedReply) {
        try (RawClient before = server.rawClient()) {
            assertEquals("+OK\r\n", before.call("SET", "before", "intact"));
            try (RawClient victim = server.rawClient()) {
                sendTolerantOfClose(victim, "PING\r\n" + bad);
                String received = victim.readUntilClosed(CLOSE_WITHIN);
                assertEquals("+PONG\r\n" + (expectedReply == null ? "" : expectedReply), received);
            }
            assertEquals("$6\r\nintact\r\n", before.call("GET", "before"));
            assertEquals("+PONG\r\n", before.call("PING"));
        }
        try (RawClient after = server.rawClient()) {
            assertEquals("$6\r\nintact\r\n", after.call("GET", "before"));
        }
    }

    /** The server may close while a big request is still being written: that is expected. */
    private static void sendTolerantOfClose(RawClient client, String bytes) {
        try {
            client.send(bytes);
        } catch (UncheckedIOException closedWhileSending) {
            // the server stopped reading; what it sent before closing is still readable
        }
    }

    @Test
    void nonNumericMultibulkCount() {
        assertClosedAfter("*abc\r\nPING\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
    }

    @Test
    void multibulkCountWithLineFeedOnly() {
        assertClosedAfter("*1\n$4\r\nPING\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
    }

    @Test
    void multibulkCountOverIntMax() {
        assertClosedAfter("*2147483648\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
    }

    @Test
    void negativeMultibulkCountIsNoRequest() {
        try (RawClient c = server.rawClient()) {
            c.send("*-1\r\n*0\r\n*-7\r\nPING\r\n");
            assertEquals("+PONG\r\n", c.readReply());
        }
    }

    @Test
    void negativeBulkLength() {
        assertClosedAfter("*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n");
    }

    @Test
    void nonNumericBulkLength() {
        assertClosedAfter("*2\r\n$4\r\nECHO\r\n$x\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n");
    }

    @Test
    void bulkLongerThanProtoMaxBulkLen() {
        assertClosedAfter("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + (ONE_MB + 1) + "\r\n",
                "-ERR Protocol error: invalid bulk length\r\n");
    }

    @Test
    void bulkOfExactlyProtoMaxBulkLenIsAccepted() {
        // 1 MB is also the query buffer limit: a bulk whose bytes + CRLF exceed it closes the
        // connection, so use a limit just below (Redis behaves the same way)
        try (RawClient c = server.rawClient()) {
            String value = "v".repeat(ONE_MB - 16);
            assertEquals("+OK\r\n", c.call("SET", "big", value));
            assertEquals("$" + value.length() + "\r\n" + value + "\r\n", c.call("GET", "big"));
        }
    }

    @Test
    void notADollar() {
        assertClosedAfter("*1\r\n:4\r\nPING\r\n", "-ERR Protocol error: expected '$', got ':'\r\n");
    }

    @Test
    void notADollarShowsTheClientsByteAsIs() {
        // one byte 0xE9 in the reply, as Redis's %c prints it (RawClient text is ISO-8859-1)
        assertClosedAfter("*1\r\n\u00e9\r\n", "-ERR Protocol error: expected '$', got '\u00e9'\r\n");
    }

    @Test
    void unbalancedQuotes() {
        assertClosedAfter("SET k \"v\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
    }

    @Test
    void tooBigInlineRequest() {
        assertClosedAfter("x".repeat(70_000), "-ERR Protocol error: too big inline request\r\n");
    }

    @Test
    void tooBigMbulkCountString() {
        assertClosedAfter("*" + "1".repeat(70_000), "-ERR Protocol error: too big mbulk count string\r\n");
    }

    @Test
    void tooBigBulkCountString() {
        assertClosedAfter("*1\r\n$" + "1".repeat(70_000), "-ERR Protocol error: too big bulk count string\r\n");
    }

    @Test
    void queryBufferOverLimitClosesWithoutReply() {
        // a 2 MB bulk is within proto-max-bulk-len only if that is raised; here the bulk header is
        // valid (1 MB) and its bytes + CRLF exceed the 1 MB query buffer limit
        assertClosedAfter("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + ONE_MB + "\r\n" + "x".repeat(ONE_MB + 2), null);
    }

    @Test
    void repliesBeforeTheBadRequestArriveFirst() {
        try (RawClient c = server.rawClient()) {
            c.send("SET a 1\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\nECHO \"x y\"\r\n*1\r\n$abc\r\nPING\r\n");
            assertEquals("+OK\r\n$1\r\n1\r\n$3\r\nx y\r\n-ERR Protocol error: invalid bulk length\r\n",
                    c.readUntilClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void quitBeforeTheBadRequestHidesIt() {
        try (RawClient c = server.rawClient()) {
            c.send("PING\r\nQUIT\r\n*x\r\nPING\r\n");
            assertEquals("+PONG\r\n+OK\r\n", c.readUntilClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void badRequestSplitAcrossPacketsIsStillCaught() throws InterruptedException {
        try (RawClient c = server.rawClient()) {
            c.send("PING\r\n*1\r\n");
            assertEquals("+PONG\r\n", c.readReply());
            Thread.sleep(50);
            c.send("$4");
            Thread.sleep(50);
            c.send("x\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", c.readUntilClosed(CLOSE_WITHIN));
        }
    }
}
