package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.RespClient.Err;
import io.lodestone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SLOWLOG and its directives against an embedded server, as Redis 7.0 answers them. */
class SlowLogCommandTest {
    private TestServer server;
    private RespClient client;

    @BeforeEach
    void start() {
        server = TestServer.start(c -> c.setEnableDebugCommand("yes"));
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** SLOWLOG GET's entries as lists: [id, time, micros, argv, addr, name]. */
    @SuppressWarnings("unchecked")
    private List<List<Object>> entries(String... count) {
        List<String> args = new ArrayList<>(List.of("SLOWLOG", "GET"));
        args.addAll(List.of(count));
        return (List<List<Object>>) client.call(args.toArray(String[]::new));
    }

    private static Object argv(List<Object> entry) {
        return entry.get(3);
    }

    @Test
    void directivesHaveRedisDefaultsAndRanges() {
        assertEquals(List.of("slowlog-log-slower-than", "10000"), client.call("CONFIG", "GET", "slowlog-log-slower-than"));
        assertEquals(List.of("slowlog-max-len", "128"), client.call("CONFIG", "GET", "slowlog-max-len"));
        assertEquals("OK", client.call("CONFIG", "SET", "slowlog-log-slower-than", "-1"));
        assertEquals(new Err("ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - "
                + "argument must be between -1 and 9223372036854775807 inclusive"),
                client.call("CONFIG", "SET", "slowlog-log-slower-than", "-2"));
        assertEquals(new Err("ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - "
                + "argument must be between 0 and 9223372036854775807 inclusive"),
                client.call("CONFIG", "SET", "slowlog-max-len", "-1"));
        assertEquals(new Err("ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - "
                + "argument couldn't be parsed into an integer"), client.call("CONFIG", "SET", "slowlog-max-len", "1k"));
    }

    @Test
    void everyCommandIsLoggedWithThresholdZeroNewestFirst() {
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        client.call("CLIENT", "SETNAME", "worker");
        client.call("SET", "k", "v");
        long before = System.currentTimeMillis() / 1000;
        List<List<Object>> log = entries();
        assertEquals(3, log.size(), log.toString());
        List<Object> newest = log.get(0);
        assertEquals(List.of("SET", "k", "v"), argv(newest));
        assertEquals(List.of("CLIENT", "SETNAME", "worker"), argv(log.get(1)));
        assertEquals(List.of("CONFIG", "SET", "slowlog-log-slower-than", "0"), argv(log.get(2)));
        // ids count up; the time is the Unix time in seconds; the duration microseconds
        assertEquals((Long) log.get(1).get(0) + 1, newest.get(0));
        assertTrue(Math.abs((Long) newest.get(1) - before) <= 2, newest.toString());
        assertTrue((Long) newest.get(2) >= 0 && (Long) newest.get(2) < 1_000_000, newest.toString());
        assertTrue(((String) newest.get(4)).matches("127\\.0\\.0\\.1:\\d+"), newest.toString());
        assertEquals("worker", newest.get(5));
        assertEquals("", log.get(2).get(5), "no name was set yet");
        assertEquals(4L, client.call("SLOWLOG", "LEN"), "the SLOWLOG GET itself");
    }

    @Test
    void getCountLenAndResetKeepCountingIds() {
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        for (int i = 0; i < 15; i++) {
            client.call("PING");
        }
        assertEquals(10, entries().size(), "10 by default");
        assertEquals(3, entries("3").size());
        assertEquals(0, entries("0").size());
        int all = entries("-1").size();
        assertTrue(all >= 18, "all of them with -1: " + all);
        long lastId = (Long) entries("1").get(0).get(0);
        assertEquals("OK", client.call("SLOWLOG", "RESET"));
        List<List<Object>> after = entries();
        assertEquals(1, after.size(), "only the RESET, logged once it ran... and this GET is not yet: " + after);
        assertEquals(List.of("SLOWLOG", "RESET"), argv(after.get(0)));
        assertEquals(lastId + 2, after.get(0).get(0), "ids go on across RESET");
    }

    @Test
    void maxLenKeepsTheNewestAndZeroOrNegativeThresholdsDisable() {
        client.call("CONFIG", "SET", "slowlog-max-len", "3");
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        for (int i = 0; i < 5; i++) {
            client.call("ECHO", "m" + i);
        }
        List<List<Object>> log = entries();
        assertEquals(3, log.size());
        assertEquals(List.of("ECHO", "m4"), argv(log.get(0)));
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
        client.call("SLOWLOG", "RESET");
        client.call("ECHO", "not logged");
        assertEquals(0L, client.call("SLOWLOG", "LEN"));
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        client.call("ECHO", "logged");
        assertEquals(2L, client.call("SLOWLOG", "LEN"), "CONFIG SET and ECHO (LEN is logged once it has answered)");
        client.call("CONFIG", "SET", "slowlog-max-len", "0");
        assertEquals(0L, client.call("SLOWLOG", "LEN"), "max-len 0 empties the log at the next slow command");
    }

    @Test
    void onlyCommandsAtLeastAsSlowAsTheThresholdAreLogged() {
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "50000");
        client.call("SLOWLOG", "RESET");
        client.call("GET", "fast");
        client.call("DEBUG", "SLEEP", "0.06");
        List<List<Object>> log = entries();
        assertEquals(1, log.size(), log.toString());
        assertEquals(List.of("DEBUG", "SLEEP", "0.06"), argv(log.get(0)));
        assertTrue((Long) log.get(0).get(2) >= 50_000, log.toString());
    }

    @Test
    void longCommandsAreTrimmedAsRedisTrimsThem() {
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        List<String> many = new ArrayList<>(List.of("DEL"));
        for (int i = 0; i < 40; i++) {
            many.add("k" + i);
        }
        client.call(many.toArray(String[]::new));
        String big = "x".repeat(200);
        client.call("ECHO", big);
        List<List<Object>> log = entries("2");
        List<?> echo = (List<?>) argv(log.get(0));
        assertEquals("x".repeat(128) + "... (72 more bytes)", echo.get(1));
        List<?> del = (List<?>) argv(log.get(1));
        assertEquals(32, del.size(), "at most 32 arguments");
        assertEquals("k29", del.get(30), "DEL, then k0..k29 as they were");
        assertEquals("... (10 more arguments)", del.get(31), "41 arguments: 31 kept, the last stands for 10");
    }

    @Test
    void secretsAreRedactedAndRejectedCommandsNotLogged() {
        client.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        client.call("AUTH", "nopass");
        client.call("HELLO", "2", "AUTH", "default", "secret");
        client.call("GET"); // wrong arity: rejected before running, never logged
        client.call("NOSUCHCOMMAND");
        client.call("CONFIG", "SET", "requirepass", "hunter2");
        List<List<Object>> log = entries("3");
        assertEquals(List.of("CONFIG", "SET", "requirepass", "(redacted)"), argv(log.get(0)));
        assertEquals(List.of("HELLO", "2", "AUTH", "(redacted)", "(redacted)"), argv(log.get(1)));
        assertEquals(List.of("AUTH", "(redacted)"), argv(log.get(2)));
        assertEquals("OK", client.call("AUTH", "hunter2"), "the password itself was applied");
    }

    @Test
    void errorsAndHelpAreRedisWords() {
        assertEquals(new Err("ERR count should be greater than or equal to -1"), client.call("SLOWLOG", "GET", "-2"));
        assertEquals(new Err("ERR count should be greater than or equal to -1"), client.call("SLOWLOG", "GET", "abc"));
        assertEquals(new Err("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP."),
                client.call("SLOWLOG", "get", "1", "2"));
        assertEquals(new Err("ERR wrong number of arguments for 'slowlog|len' command"), client.call("SLOWLOG", "LEN", "x"));
        assertEquals(new Err("ERR unknown subcommand 'FOO'. Try SLOWLOG HELP."), client.call("SLOWLOG", "FOO"));
        List<?> help = (List<?>) client.call("SLOWLOG", "HELP");
        assertEquals("SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
        assertEquals(12, help.size());
    }
}
