package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.RespClient.Err;
import io.lodestone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CLIENT and its subcommands against an embedded server, as Redis 7.0 answers them. */
class ClientCommandsTest {
    /** The field names of a CLIENT LIST line in Redis 7.0, in order. */
    private static final List<String> FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags",
            "db", "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl",
            "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");

    private TestServer server;
    private RespClient client;

    @BeforeEach
    void start() {
        server = TestServer.start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** The lines of a CLIENT LIST reply, each parsed into its fields. */
    private static List<Map<String, String>> parse(Object reply) {
        String text = (String) reply;
        List<Map<String, String>> clients = new ArrayList<>();
        assertTrue(text.isEmpty() || text.endsWith("\n"), "every line ends with a newline");
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : line.split(" ")) {
                int eq = pair.indexOf('=');
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            assertEquals(FIELDS, new ArrayList<>(fields.keySet()), line);
            clients.add(fields);
        }
        return clients;
    }

    private Map<String, String> self(RespClient c) {
        return parse(c.call("CLIENT", "INFO")).get(0);
    }

    private Map<String, String> lineOf(long id) {
        for (Map<String, String> c : parse(client.call("CLIENT", "LIST"))) {
            if (c.get("id").equals(Long.toString(id))) {
                return c;
            }
        }
        return null;
    }

    // ---- this connection -----------------------------------------------------------------------

    @Test
    void idIsOwnAndIncreasing() {
        long first = (Long) client.call("CLIENT", "ID");
        try (RespClient second = server.client()) {
            assertTrue((Long) second.call("CLIENT", "ID") > first);
        }
        assertEquals(new Err("ERR wrong number of arguments for 'client|id' command"), client.call("CLIENT", "ID", "x"));
    }

    @Test
    void setNameAndGetName() {
        assertNull(client.call("CLIENT", "GETNAME"));
        assertEquals("$-1\r\n", client.lastRaw());
        assertEquals("OK", client.call("CLIENT", "SETNAME", "worker-1"));
        assertEquals("worker-1", client.call("CLIENT", "GETNAME"));
        assertEquals("worker-1", self(client).get("name"));
        assertEquals("OK", client.call("CLIENT", "SETNAME", ""), "an empty name clears it");
        assertNull(client.call("CLIENT", "GETNAME"));
        try (RespClient resp3 = server.client(3)) {
            assertNull(resp3.call("CLIENT", "GETNAME"));
            assertEquals("_\r\n", resp3.lastRaw());
        }
    }

    @Test
    void namesWithSpacesOrSpecialCharactersAreRefused() {
        Err bad = new Err("ERR Client names cannot contain spaces, newlines or special characters.");
        for (String name : List.of("a b", "a\nb", "héllo", "tab\t", "\u007f")) {
            assertEquals(bad, client.call("CLIENT", "SETNAME", name), name);
        }
        assertEquals(new Err("ERR wrong number of arguments for 'client|setname' command"),
                client.call("CLIENT", "SETNAME", "a", "b"));
    }

    @Test
    void infoIsThisConnectionsLine() {
        client.call("CLIENT", "SETNAME", "me");
        Map<String, String> me = self(client);
        assertEquals(client.call("CLIENT", "ID").toString(), me.get("id"));
        assertEquals("me", me.get("name"));
        assertEquals("client|info", me.get("cmd"));
        assertEquals("N", me.get("flags"));
        assertEquals("0", me.get("db"));
        assertEquals("-1", me.get("multi"));
        assertEquals("default", me.get("user"));
        assertEquals("-1", me.get("redir"));
        assertEquals("2", me.get("resp"));
        assertEquals("r", me.get("events"));
        assertEquals("10", me.get("argv-mem"), "\"client\" + \"info\": the command being run");
        assertTrue(me.get("laddr").equals("127.0.0.1:" + server.port()), me.get("laddr"));
        assertTrue(me.get("addr").matches("127\\.0\\.0\\.1:\\d+"), me.get("addr"));
        assertTrue(Integer.parseInt(me.get("fd")) > 0, "the socket's descriptor on epoll: " + me.get("fd"));
    }

    @Test
    void listAndInfoAreVerbatimTextInResp3() {
        try (RespClient resp3 = server.client(3)) {
            Map<String, String> me = parse(resp3.call("CLIENT", "INFO")).get(0);
            assertTrue(resp3.lastRaw().startsWith("=") && resp3.lastRaw().contains("\r\ntxt:id="), resp3.lastRaw());
            assertEquals("3", me.get("resp"));
            resp3.call("CLIENT", "LIST");
            assertTrue(resp3.lastRaw().startsWith("="), resp3.lastRaw());
        }
        client.call("CLIENT", "LIST");
        assertTrue(client.lastRaw().startsWith("$"), client.lastRaw());
    }

    // ---- CLIENT LIST -----------------------------------------------------------------------------

    @Test
    void listShowsEveryClientOldestFirstWithItsLastCommand() {
        try (RespClient other = server.client()) {
            long otherId = (Long) other.call("CLIENT", "ID");
            other.call("CLIENT", "SETNAME", "other");
            other.call("GET", "nope");
            List<Map<String, String>> all = parse(client.call("CLIENT", "LIST"));
            assertEquals(2, all.size());
            assertTrue(Long.parseLong(all.get(0).get("id")) < Long.parseLong(all.get(1).get("id")), "oldest first");
            Map<String, String> line = lineOf(otherId);
            assertEquals("other", line.get("name"));
            assertEquals("get", line.get("cmd"));
            assertEquals("0", line.get("argv-mem"), "not running anything");
            other.call("NOSUCH");
            assertEquals("NULL", lineOf(otherId).get("cmd"), "an unknown command is no command");
            other.call("GET");
            assertEquals("get", lineOf(otherId).get("cmd"), "a refused command still counts as sent");
            other.call("CLIENT", "NOSUCH");
            assertEquals("NULL", lineOf(otherId).get("cmd"));
            other.call("HELLO", "3");
            assertEquals("3", lineOf(otherId).get("resp"));
        }
    }

    @Test
    void listFilters() {
        try (RespClient other = server.client()) {
            long me = (Long) client.call("CLIENT", "ID");
            long otherId = (Long) other.call("CLIENT", "ID");
            assertEquals(2, parse(client.call("CLIENT", "LIST", "TYPE", "normal")).size());
            for (String type : List.of("master", "replica", "slave", "PUBSUB")) {
                assertEquals("", client.call("CLIENT", "LIST", "TYPE", type), type);
            }
            List<Map<String, String>> byId = parse(client.call("CLIENT", "LIST", "ID", Long.toString(otherId), "999",
                    Long.toString(me)));
            assertEquals(List.of(Long.toString(otherId), Long.toString(me)),
                    List.of(byId.get(0).get("id"), byId.get(1).get("id")), "in the order asked");
            assertEquals("", client.call("CLIENT", "LIST", "ID", "0"));
        }
        assertEquals(new Err("ERR Unknown client type 'foo'"), client.call("CLIENT", "LIST", "TYPE", "foo"));
        assertEquals(new Err("ERR Invalid client ID"), client.call("CLIENT", "LIST", "ID", "1", "abc"));
        Err syntax = new Err("ERR syntax error");
        assertEquals(syntax, client.call("CLIENT", "LIST", "foo"));
        assertEquals(syntax, client.call("CLIENT", "LIST", "ID"));
        assertEquals(syntax, client.call("CLIENT", "LIST", "TYPE"));
        assertEquals(syntax, client.call("CLIENT", "LIST", "TYPE", "normal", "extra"));
    }

    // ---- CLIENT KILL -----------------------------------------------------------------------------

    @Test
    void killByAddressTheOldWay() {
        RespClient victim = server.client();
        String addr = self(victim).get("addr");
        long victimId = (Long) victim.call("CLIENT", "ID");
        assertEquals("OK", client.call("CLIENT", "KILL", addr));
        assertNull(lineOf(victimId), "gone from the list at once");
        assertTrue(victim.isClosedByServer());
        victim.close();
        assertEquals(new Err("ERR No such client"), client.call("CLIENT", "KILL", addr));
        assertEquals(new Err("ERR No such client"), client.call("CLIENT", "KILL", "id"), "three words: an address");
    }

    @Test
    void killByFilters() {
        try (RespClient a = server.client(); RespClient b = server.client()) {
            long aId = (Long) a.call("CLIENT", "ID");
            String bAddr = self(b).get("addr");
            assertEquals(1L, client.call("CLIENT", "KILL", "ID", Long.toString(aId)));
            assertEquals(0L, client.call("CLIENT", "KILL", "ID", Long.toString(aId)));
            assertTrue(a.isClosedByServer());
            assertEquals(0L, client.call("CLIENT", "KILL", "ADDR", bAddr, "LADDR", "10.9.9.9:1"));
            assertEquals(1L, client.call("CLIENT", "KILL", "ADDR", bAddr, "laddr", "127.0.0.1:" + server.port(),
                    "USER", "default"));
            assertTrue(b.isClosedByServer());
        }
        assertEquals("PONG", client.call("PING"), "the caller is spared");
    }

    @Test
    void killSkipsTheCallerUnlessToldNotTo() {
        try (RespClient other = server.client()) {
            other.call("PING");
            assertEquals(1L, client.call("CLIENT", "KILL", "TYPE", "normal"));
            assertEquals(0L, client.call("CLIENT", "KILL", "TYPE", "master"));
            assertEquals("PONG", client.call("PING"));
        }
        assertEquals(1L, client.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no"), "the reply comes first");
        assertTrue(client.isClosedByServer());
    }

    @Test
    void killingOneselfTheOldWayRepliesThenCloses() {
        String addr = self(client).get("addr");
        client.send("CLIENT", "KILL", addr);
        client.send("PING");
        assertEquals("OK", client.read());
        assertTrue(client.isClosedByServer(), "the PING after it is not run");
    }

    @Test
    void killErrorsAreRedisOnes() {
        Err badId = new Err("ERR client-id should be greater than 0");
        assertEquals(badId, client.call("CLIENT", "KILL", "ID", "abc"));
        assertEquals(badId, client.call("CLIENT", "KILL", "ID", "0"));
        assertEquals(new Err("ERR Unknown client type 'foo'"), client.call("CLIENT", "KILL", "TYPE", "foo"));
        assertEquals(new Err("ERR Unknown client type 'foo'"), client.call("CLIENT", "KILL", "TYPE", "foo", "SKIPME"),
                "options are checked in order");
        assertEquals(new Err("ERR No such user 'nobody'"), client.call("CLIENT", "KILL", "USER", "nobody"));
        Err syntax = new Err("ERR syntax error");
        assertEquals(syntax, client.call("CLIENT", "KILL", "SKIPME", "maybe"));
        assertEquals(syntax, client.call("CLIENT", "KILL", "foo", "bar"));
        assertEquals(syntax, client.call("CLIENT", "KILL", "ID", "1", "SKIPME"));
        assertEquals(syntax, client.call("CLIENT", "KILL", "MAXAGE", "5"), "a Redis 7.4 filter");
        assertEquals(new Err("ERR wrong number of arguments for 'client|kill' command"), client.call("CLIENT", "KILL"));
    }

    @Test
    void aKilledClientNoLongerCounts() {
        RespClient victim = server.client();
        long id = (Long) victim.call("CLIENT", "ID");
        client.call("CLIENT", "KILL", "ID", Long.toString(id));
        Map<String, String> f = InfoCommandTest.fields((String) client.call("INFO", "clients"));
        assertEquals("1", f.get("connected_clients"));
        victim.close();
    }

    // ---- CLIENT REPLY, NO-EVICT, HELP ----------------------------------------------------------

    @Test
    void replyOffSendsNothingUntilOn() {
        client.send("CLIENT", "REPLY", "OFF");
        client.send("PING", "one");
        client.send("GET"); // even errors
        client.send("CLIENT", "REPLY", "ON");
        assertEquals("OK", client.read(), "the first reply is CLIENT REPLY ON's");
        assertEquals("PONG", client.call("PING"));
    }

    @Test
    void replySkipDropsTheNextReplyOnly() {
        client.send("CLIENT", "REPLY", "SKIP");
        client.send("PING", "skipped");
        client.send("PING", "sent");
        assertEquals("sent", client.read());
        assertEquals("PONG", client.call("PING"));
        assertEquals(new Err("ERR syntax error"), client.call("CLIENT", "REPLY", "maybe"));
    }

    @Test
    void noEvictShowsAsAFlag() {
        assertEquals("OK", client.call("CLIENT", "NO-EVICT", "on"));
        assertEquals("e", self(client).get("flags"));
        assertEquals("OK", client.call("CLIENT", "NO-EVICT", "OFF"));
        assertEquals("N", self(client).get("flags"));
        assertEquals(new Err("ERR syntax error"), client.call("CLIENT", "NO-EVICT", "maybe"));
    }

    @Test
    void helpAndUnknownSubcommands() {
        List<?> help = (List<?>) client.call("CLIENT", "HELP");
        assertEquals("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
        assertEquals("    Prints this help.", help.get(help.size() - 1));
        assertTrue(client.lastRaw().contains("+KILL <ip:port>\r\n"), "status strings, as Redis");
        assertEquals(new Err("ERR unknown subcommand 'NoSuch'. Try CLIENT HELP."), client.call("CLIENT", "NoSuch"));
        assertEquals(new Err("ERR wrong number of arguments for 'client' command"), client.call("CLIENT"));
    }

    @Test
    void ageAndIdleAreSeconds() {
        Map<String, String> me = self(client);
        assertTrue(Pattern.matches("\\d+", me.get("age")) && Pattern.matches("\\d+", me.get("idle")));
        assertEquals("0", me.get("idle"), "this client is the one asking");
        assertFalse(me.get("rbs").equals("0"), "a reply buffer was used");
    }
}
