package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.RespClient.Err;
import io.lodestone.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** COMMAND and its subcommands against an embedded server; replies checked byte for byte where Redis's are known. */
class CommandCommandsTest {
    /** redis-server 7.0.15's reply to COMMAND INFO get, in RESP2 and in RESP3. */
    private static final String GET_INFO_RESP2 = "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n"
            + ":1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n"
            + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";
    private static final String GET_INFO_RESP3 = "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n"
            + ":1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n"
            + "$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n"
            + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";
    /** redis-server 7.0.15's reply to COMMAND INFO client|list in RESP3 (a subcommand: an empty set of subcommands). */
    private static final String CLIENT_LIST_INFO_RESP3 = "*1\r\n*10\r\n$11\r\nclient|list\r\n:-2\r\n~4\r\n+admin\r\n"
            + "+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n"
            + "+@connection\r\n~1\r\n$23\r\nnondeterministic_output\r\n~0\r\n~0\r\n";
    /** And to COMMAND INFO set: a key spec with notes. */
    private static final String SET_INFO_RESP2 = "*1\r\n*10\r\n$3\r\nset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n"
            + ":1\r\n*3\r\n+@write\r\n+@string\r\n+@slow\r\n*0\r\n*1\r\n*8\r\n$5\r\nnotes\r\n$48\r\n"
            + "RW and ACCESS due to the optional `GET` argument\r\n$5\r\nflags\r\n*4\r\n+RW\r\n+access\r\n+update\r\n"
            + "+variable_flags\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n"
            + "$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n"
            + "$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

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

    @Test
    void infoIsRedisShapeInBothProtocols() {
        client.call("COMMAND", "INFO", "get");
        assertEquals(GET_INFO_RESP2, client.lastRaw());
        client.call("COMMAND", "INFO", "SET");
        assertEquals(SET_INFO_RESP2, client.lastRaw());
        try (RespClient resp3 = server.client(3)) {
            resp3.call("COMMAND", "INFO", "get");
            assertEquals(GET_INFO_RESP3, resp3.lastRaw());
            resp3.call("COMMAND", "INFO", "Client|LIST");
            assertEquals(CLIENT_LIST_INFO_RESP3, resp3.lastRaw());
            List<?> unknown = (List<?>) resp3.call("COMMAND", "INFO", "nosuch");
            assertNull(unknown.get(0));
            assertEquals("*1\r\n_\r\n", resp3.lastRaw());
        }
    }

    @Test
    void infoOfUnknownNamesIsNull() {
        List<?> reply = (List<?>) client.call("COMMAND", "INFO", "nosuch", "get|x", "client|list|x", "get");
        assertEquals(4, reply.size());
        assertNull(reply.get(0));
        assertNull(reply.get(1), "get has no subcommands");
        assertNull(reply.get(2));
        assertEquals("get", ((List<?>) reply.get(3)).get(0));
        assertTrue(client.lastRaw().startsWith("*4\r\n$-1\r\n"), "a null bulk in RESP2, as Redis");
    }

    @Test
    void aContainerListsItsSubcommands() {
        List<?> client = (List<?>) ((List<?>) this.client.call("COMMAND", "INFO", "client")).get(0);
        assertEquals("client", client.get(0));
        assertEquals(-2L, client.get(1));
        List<?> subs = (List<?>) client.get(9);
        assertTrue(subs.stream().anyMatch(s -> ((List<?>) s).get(0).equals("client|kill")));
    }

    @Test
    void plainCommandAndInfoWithoutNamesDescribeEveryCommand() {
        long count = (Long) client.call("COMMAND", "COUNT");
        assertEquals(count, ((List<?>) client.call("COMMAND")).size());
        assertEquals(count, ((List<?>) client.call("COMMAND", "INFO")).size());
        assertEquals(new Err("ERR wrong number of arguments for 'command|count' command"),
                client.call("COMMAND", "COUNT", "x"));
    }

    @Test
    void docs() {
        Map<?, ?> docs;
        try (RespClient resp3 = server.client(3)) {
            docs = (Map<?, ?>) resp3.call("COMMAND", "DOCS", "get", "nosuch");
            assertTrue(resp3.lastRaw().startsWith("%1\r\n$3\r\nget\r\n%4\r\n"), resp3.lastRaw());
        }
        Map<?, ?> get = (Map<?, ?>) docs.get("get");
        assertEquals("Get the value of a key", get.get("summary"));
        assertEquals("1.0.0", get.get("since"));
        assertEquals("string", get.get("group"));
        assertEquals("O(1)", get.get("complexity"));
        List<?> flat = (List<?>) client.call("COMMAND", "DOCS", "client|id");
        assertEquals(List.of("client|id", List.of("summary", "Returns the client ID for the current connection",
                "since", "5.0.0", "group", "connection", "complexity", "O(1)")), flat);
        assertEquals(List.of(), client.call("COMMAND", "DOCS", "nosuch"));
        List<?> all = (List<?>) client.call("COMMAND", "DOCS");
        assertEquals(2 * (Long) client.call("COMMAND", "COUNT"), all.size());
        List<?> clientDocs = (List<?>) client.call("COMMAND", "DOCS", "client");
        assertTrue(((List<?>) clientDocs.get(1)).contains("subcommands"));
    }

    @Test
    void listWithAndWithoutFilters() {
        List<?> all = (List<?>) client.call("COMMAND", "LIST");
        assertTrue(all.contains("get") && all.contains("client") && all.contains("client|list"), all.toString());
        assertEquals(List.of("client|list"), client.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT|L*"));
        List<?> connection = (List<?>) client.call("COMMAND", "LIST", "filterby", "aclcat", "Connection");
        assertTrue(connection.contains("ping") && connection.contains("client|id") && connection.contains("command"));
        assertFalse(connection.contains("get") || connection.contains("client"), "the container is only @slow");
        assertEquals(List.of(), client.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "@string"));
        assertEquals(List.of(), client.call("COMMAND", "LIST", "FILTERBY", "MODULE", "x"));
        assertEquals(List.of("get"), client.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "g[a-f]?"));
        Err syntax = new Err("ERR syntax error");
        assertEquals(syntax, client.call("COMMAND", "LIST", "FILTERBY", "foo", "x"));
        assertEquals(syntax, client.call("COMMAND", "LIST", "FILTERBY"));
        assertEquals(syntax, client.call("COMMAND", "LIST", "FILTERBY", "PATTERN"));
        assertEquals(syntax, client.call("COMMAND", "LIST", "foo"));
    }

    @Test
    void getKeys() {
        assertEquals(List.of("k"), client.call("COMMAND", "GETKEYS", "set", "k", "v"));
        assertEquals(List.of("k"), client.call("COMMAND", "GETKEYS", "GET", "k"));
        assertEquals(new Err("ERR Invalid number of arguments specified for command"),
                client.call("COMMAND", "GETKEYS", "get", "a", "b"));
        assertEquals(new Err("ERR Invalid number of arguments specified for command"),
                client.call("COMMAND", "GETKEYS", "set", "k"));
        assertEquals(new Err("ERR The command has no key arguments"), client.call("COMMAND", "GETKEYS", "ping", "x"));
        assertEquals(new Err("ERR The command has no key arguments"),
                client.call("COMMAND", "GETKEYS", "client", "list"));
        assertEquals(new Err("ERR Invalid command specified"), client.call("COMMAND", "GETKEYS", "nosuch", "a"));
        assertEquals(new Err("ERR Invalid command specified"), client.call("COMMAND", "GETKEYS", "client", "nosuch"));
        assertEquals(new Err("ERR wrong number of arguments for 'command|getkeys' command"),
                client.call("COMMAND", "GETKEYS", "get"));
    }

    @Test
    void getKeysAndFlags() {
        assertEquals(List.of(List.of("k", List.of("RO", "access"))), client.call("COMMAND", "GETKEYSANDFLAGS", "get", "k"));
        // SET's flags depend on GET, as Redis's key procedure for SET says
        assertEquals(List.of(List.of("k", List.of("OW", "update"))),
                client.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"));
        assertEquals(List.of(List.of("k", List.of("RW", "access", "update"))),
                client.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "get"));
        try (RespClient resp3 = server.client(3)) {
            resp3.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v");
            assertEquals("*1\r\n*2\r\n$1\r\nk\r\n~2\r\n+OW\r\n+update\r\n", resp3.lastRaw());
        }
    }

    @Test
    void helpAndUnknownSubcommand() {
        List<?> help = (List<?>) client.call("COMMAND", "HELP");
        assertEquals(21, help.size());
        assertEquals("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
        assertEquals(new Err("ERR unknown subcommand 'foo'. Try COMMAND HELP."), client.call("COMMAND", "foo"));
    }

    @Test
    void globMatching() {
        assertTrue(CommandCommands.globMatchIgnoreCase("*", "anything"));
        assertTrue(CommandCommands.globMatchIgnoreCase("cl*t|*", "client|list"));
        assertTrue(CommandCommands.globMatchIgnoreCase("g?t", "GET"));
        assertTrue(CommandCommands.globMatchIgnoreCase("[^a]et", "get"));
        assertFalse(CommandCommands.globMatchIgnoreCase("[^g]et", "get"));
        assertTrue(CommandCommands.globMatchIgnoreCase("h\\*", "h*"));
        assertFalse(CommandCommands.globMatchIgnoreCase("h\\*", "hx"));
        assertFalse(CommandCommands.globMatchIgnoreCase("get", "getex"));
        assertTrue(CommandCommands.globMatchIgnoreCase("*ex", "getex"));
    }
}
