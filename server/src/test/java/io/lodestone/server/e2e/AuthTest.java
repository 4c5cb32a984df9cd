package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** requirepass: what a client may do before AUTH, and AUTH/HELLO AUTH themselves (Redis 7.0 texts). */
class AuthTest {
    private static final String NOAUTH = "-NOAUTH Authentication required.\r\n";
    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
    private static final String HELLO_NOAUTH = "-NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
            + "the RESP protocol version at the same time\r\n";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().requirepass("s3cret").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void commandsBeforeAuthAreRefused() {
        try (RawClient c = server.rawClient()) {
            assertEquals(NOAUTH, c.call("GET", "k"));
            assertEquals(NOAUTH, c.call("SET", "k", "v"));
            assertEquals(NOAUTH, c.call("PING"));
            c.send("ECHO hello\r\n");
            assertEquals(NOAUTH, c.readReply());
        }
    }

    @Test
    void unknownCommandAndArityAreCheckedBeforeAuth() {
        try (RawClient c = server.rawClient()) {
            assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' \r\n", c.call("foo", "a"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.call("GET"));
        }
    }

    @Test
    void wrongPassword() {
        try (RawClient c = server.rawClient()) {
            assertEquals(WRONGPASS, c.call("AUTH", "nope"));
            assertEquals(WRONGPASS, c.call("AUTH", "default", "nope"));
            assertEquals(WRONGPASS, c.call("AUTH", "someone", "s3cret"));
            assertEquals(NOAUTH, c.call("GET", "k"), "still not authenticated");
        }
    }

    @Test
    void authThenCommandsWork() {
        try (RawClient c = server.rawClient()) {
            assertEquals("+OK\r\n", c.call("AUTH", "s3cret"));
            assertEquals("+OK\r\n", c.call("SET", "k", "v"));
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
        }
        try (RawClient c = server.rawClient()) {
            assertEquals("+OK\r\n", c.call("AUTH", "default", "s3cret"));
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
        }
    }

    @Test
    void helloWithoutAuth() {
        try (RawClient c = server.rawClient()) {
            assertEquals(HELLO_NOAUTH, c.call("HELLO", "3"));
            assertEquals(HELLO_NOAUTH, c.call("HELLO"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.call("HELLO", "4"));
            assertEquals(NOAUTH, c.call("GET", "k"));
        }
    }

    @Test
    void helloWithAuth() {
        try (RawClient c = server.rawClient()) {
            assertEquals(WRONGPASS, c.call("HELLO", "3", "AUTH", "default", "bad"));
            String hello = c.call("HELLO", "3", "AUTH", "default", "s3cret");
            assertTrue(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n"), hello);
            assertTrue(hello.contains("$5\r\nproto\r\n:3\r\n"), hello);
            assertEquals("_\r\n", c.call("GET", "missing"), "now RESP3");
        }
    }

    @Test
    void quitWorksBeforeAuth() {
        try (RawClient c = server.rawClient()) {
            c.send("QUIT\r\n");
            assertEquals("+OK\r\n", c.readUntilClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void bigMultibulkBeforeAuthIsAProtocolError() {
        try (RawClient c = server.rawClient()) {
            c.send("*10\r\n" + "$1\r\nx\r\n".repeat(10)); // ten arguments are allowed: NOAUTH
            assertEquals("-ERR unknown command 'x', with args beginning with: 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' \r\n",
                    c.readReply());
            c.send("*11\r\n");
            assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", c.readUntilClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void bigBulkBeforeAuthIsAProtocolError() {
        try (RawClient c = server.rawClient()) {
            String max = "x".repeat(16 * 1024);
            assertEquals(NOAUTH, c.call("ECHO", max));
            c.send("*2\r\n$4\r\nECHO\r\n$16385\r\n");
            assertEquals("-ERR Protocol error: unauthenticated bulk length\r\n", c.readUntilClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void limitsAreLiftedOnceAuthenticatedInTheSamePacket() {
        try (RawClient c = server.rawClient()) {
            c.send("AUTH s3cret\r\n*12\r\n$4\r\nECHO\r\n$16385\r\n" + "y".repeat(16385) + "\r\n" + "$1\r\nx\r\n".repeat(10));
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", c.readReply());
        }
    }
}
