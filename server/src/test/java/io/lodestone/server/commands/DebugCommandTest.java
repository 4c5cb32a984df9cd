package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.RespClient.Err;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DEBUG and enable-debug-command against an embedded server, as Redis 7.0 answers them. */
class DebugCommandTest {
    private static final Err NOT_ALLOWED = new Err("ERR DEBUG command not allowed. If the enable-debug-command option "
            + "is set to \"local\", you can run it from a local connection, otherwise you need to set this option in "
            + "the configuration file, and then restart the server.");

    private static TestServer debugServer(String setting) {
        return TestServer.start(c -> c.setEnableDebugCommand(setting));
    }

    @Test
    void refusedByDefaultBeforeAuthenticationAndCountedAsRejected() {
        try (TestServer server = TestServer.builder().requirepass("pw").start(); RespClient c = server.client()) {
            assertEquals(NOT_ALLOWED, c.call("DEBUG", "SLEEP", "0"), "checked before NOAUTH, as Redis does");
            assertEquals(new Err("ERR wrong number of arguments for 'debug' command"), c.call("DEBUG"),
                    "arity is checked first");
            assertEquals("OK", c.call("AUTH", "pw"));
            assertEquals(NOT_ALLOWED, c.call("DEBUG", "HELP"));
            assertEquals(List.of("enable-debug-command", "no"), c.call("CONFIG", "GET", "enable-debug-command"));
            assertEquals(new Err("ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - "
                    + "can't set immutable config"), c.call("CONFIG", "SET", "enable-debug-command", "yes"));
            String stats = (String) c.call("INFO", "commandstats");
            assertTrue(stats.contains("cmdstat_debug:calls=0,usec=0,usec_per_call=0.00,rejected_calls=3,failed_calls=0"),
                    stats);
        }
    }

    @Test
    void localAllowsLoopbackClients() {
        try (TestServer server = debugServer("local"); RespClient c = server.client()) {
            assertEquals("OK", c.call("DEBUG", "SLEEP", "0"));
        }
    }

    @Test
    void sleepStopsTheServerForThatLong() throws Exception {
        try (TestServer server = debugServer("yes"); RespClient c = server.client(); RespClient other = server.client()) {
            c.send("DEBUG", "SLEEP", "0.3");
            Thread.sleep(50); // the sleep has started
            long start = System.nanoTime();
            assertEquals("PONG", other.call("PING"));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("OK", c.read());
            assertTrue(waitedMillis >= 150, "another client waited for the sleep: " + waitedMillis + " ms");
            // strtod: whatever is not a number is 0, and negative sleeps are no sleep
            assertEquals("OK", c.call("DEBUG", "SLEEP", "abc"));
            assertEquals("OK", c.call("DEBUG", "SLEEP", "-1"));
        }
    }

    @Test
    void objectDescribesTheValue() {
        try (TestServer server = debugServer("yes"); RespClient c = server.client()) {
            assertEquals(new Err("ERR no such key"), c.call("DEBUG", "OBJECT", "nosuch"));
            c.call("SET", "s", "abc");
            c.call("SET", "n", "123");
            c.call("HSET", "h", "a", "1");
            String s = (String) c.call("DEBUG", "OBJECT", "s");
            assertTrue(s.matches("Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:4 lru:\\d+ "
                    + "lru_seconds_idle:0"), s);
            assertTrue(c.lastRaw().startsWith("+Value at:"), "a status reply");
            String n = (String) c.call("DEBUG", "OBJECT", "n");
            assertTrue(n.contains(" refcount:2147483647 encoding:int serializedlength:2 "), n);
            assertTrue(((String) c.call("DEBUG", "OBJECT", "h")).contains(" encoding:listpack "));
            long lru = Long.parseLong(s.replaceAll(".* lru:(\\d+) .*", "$1"));
            long clock = (System.currentTimeMillis() / 1000) & ((1 << 24) - 1);
            assertTrue(Math.abs(clock - lru) <= 2, "the 24-bit LRU clock in seconds: " + lru + " vs " + clock);
            assertEquals(new Err("ERR unknown subcommand or wrong number of arguments for 'object'. Try DEBUG HELP."),
                    c.call("DEBUG", "object"));
        }
    }

    @Test
    void setActiveExpireZeroStopsTheActiveCycle() {
        try (TestServer server = debugServer("yes"); RespClient c = server.client()) {
            assertEquals("OK", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            c.call("SET", "gone", "v", "PX", "20");
            var db = server.server().engine().keyspace().db(0);
            assertTrue(!Await.until(() -> db.size() == 0, Duration.ofMillis(600)),
                    "without the active cycle the expired key stays in memory");
            assertEquals("OK", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
            assertTrue(Await.until(() -> db.size() == 0, Duration.ofSeconds(5)), "the cycle removes it again");
        }
    }

    @Test
    void populateErrorLogAndHelp() {
        try (TestServer server = debugServer("yes"); RespClient c = server.client()) {
            c.call("SET", "key:1", "mine");
            assertEquals("OK", c.call("DEBUG", "POPULATE", "3"));
            assertEquals(List.of("value:0", "mine", "value:2"), c.call("MGET", "key:0", "key:1", "key:2"));
            assertEquals("OK", c.call("DEBUG", "POPULATE", "2", "p", "10"));
            assertEquals("value:1\0\0\0", c.call("GET", "p:1"));
            assertEquals(5L, c.call("DBSIZE"));
            assertEquals(new Err("ERR value is out of range, must be positive"), c.call("DEBUG", "POPULATE", "-1"));
            assertEquals(new Err("ERR value is out of range, must be positive"), c.call("DEBUG", "POPULATE", "1", "p", "x"));
            assertEquals(new Err("hello world"), c.call("DEBUG", "ERROR", "hello world"));
            assertEquals("OK", c.call("DEBUG", "LOG", "a message"));
            List<?> help = (List<?>) c.call("DEBUG", "HELP");
            assertEquals("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
            assertEquals("    Prints this help.", help.get(help.size() - 1));
            assertEquals(new Err("ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP."),
                    c.call("DEBUG", "JMAP"));
        }
    }
}
