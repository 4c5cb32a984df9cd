package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors that keep the connection open: unknown command, arity, HELLO versions (no password set). */
class CommandErrorTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unknownCommandQuotesItsFirstArguments() {
        try (RawClient c = server.rawClient()) {
            assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' 'b c' \r\n", c.call("foo", "a", "b c"));
            assertEquals("-ERR unknown command 'x', with args beginning with: \r\n", c.call("x"));
            assertEquals("+PONG\r\n", c.call("PING"), "the connection stays usable");
        }
    }

    @Test
    void unknownInlineCommand() {
        try (RawClient c = server.rawClient()) {
            c.send("nope 1 2\r\n");
            assertEquals("-ERR unknown command 'nope', with args beginning with: '1' '2' \r\n", c.readReply());
        }
    }

    @Test
    void emptyCommandName() {
        try (RawClient c = server.rawClient()) {
            c.send("*1\r\n$0\r\n\r\n");
            assertEquals("-ERR unknown command '', with args beginning with: \r\n", c.readReply());
        }
    }

    @Test
    void wrongArity() {
        try (RawClient c = server.rawClient()) {
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.call("GET"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.call("get", "a", "b"));
            assertEquals("-ERR wrong number of arguments for 'set' command\r\n", c.call("SET", "k"));
            assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", c.call("ECHO"));
            assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", c.call("PING", "a", "b"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void helloWithUnsupportedVersions() {
        try (RawClient c = server.rawClient()) {
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.call("HELLO", "4"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.call("HELLO", "1"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", c.call("HELLO", "x"));
            assertEquals("+PONG\r\n", c.call("PING"), "still RESP2 and open");
        }
    }

    @Test
    void helloSwitchesTheProtocolBothWays() {
        try (RawClient c = server.rawClient()) {
            String hello3 = c.call("HELLO", "3");
            assertTrue(hello3.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                    + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:"), hello3);
            assertTrue(hello3.endsWith("\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                    + "$7\r\nmodules\r\n*0\r\n"), hello3);
            assertEquals("_\r\n", c.call("GET", "no-such-key"));
            String hello2 = c.call("HELLO", "2");
            assertTrue(hello2.startsWith("*14\r\n"), hello2);
            assertEquals("$-1\r\n", c.call("GET", "no-such-key"));
        }
    }

    @Test
    void authWithoutPasswordConfigured() {
        try (RawClient c = server.rawClient()) {
            assertEquals("-ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?\r\n", c.call("AUTH", "x"));
            // the default user has no password, so any password is accepted with a user name
            assertEquals("+OK\r\n", c.call("AUTH", "default", "anything"));
            assertTrue(c.call("HELLO", "3", "AUTH", "default", "x").startsWith("%7\r\n"));
        }
    }

    @Test
    void errorsDoNotCloseTheConnection() {
        try (RawClient c = server.rawClient()) {
            c.call("nope");
            c.call("GET");
            c.call("HELLO", "9");
            assertEquals("+OK\r\n", c.call("SET", "k", "v"));
            c.assertSilentFor(Duration.ofMillis(100));
        }
    }
}
