package io.lodestone.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.server.LodestoneServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** CONFIG through a real socket against an embedded server on a free port. */
class ConfigCommandsTest {
    private static final String OK = "OK";

    @TempDir
    Path tmp;

    private LodestoneServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A server on 127.0.0.1, an ephemeral port, configured by these overrides. */
    private int start(String... overrides) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1"));
        args.addAll(List.of(overrides));
        return start(ConfigLoader.load(args.toArray(String[]::new)));
    }

    private int start(ServerConfig config) throws Exception {
        server = new LodestoneServer(config);
        server.start();
        return server.boundPort();
    }

    private RespClient client(int port) throws IOException {
        return client(port, null);
    }

    private RespClient client(int port, String localAddress) throws IOException {
        RespClient c = new RespClient(port, localAddress);
        closeables.add(c);
        return c;
    }

    private static Object err(String message) {
        return new RespClient.Err(message);
    }

    private static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String setFailed(String name, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    // ---- GET -----------------------------------------------------------------------------------

    @Test
    void getIsAFlatArrayInResp2AndAMapInResp3() throws Exception {
        RespClient c = client(start());
        assertEquals(List.of("maxclients", "10000", "timeout", "0"), c.call("CONFIG", "GET", "maxclients", "timeout"));
        assertEquals('*', c.lastType);
        c.call("HELLO", "3");
        assertEquals(map("maxclients", "10000", "timeout", "0"), c.call("CONFIG", "GET", "maxclients", "timeout"));
        assertEquals('%', c.lastType);
        assertEquals(map(), c.call("CONFIG", "GET", "cluster-enabled"));
        assertEquals('%', c.lastType);
    }

    @Test
    void getPatternsAndNames() throws Exception {
        RespClient c = client(start());
        assertEquals(List.of("PORT", "0"), c.call("CONFIG", "GET", "PORT", "port"));
        assertEquals(List.of("bind", "127.0.0.1"), c.call("config", "get", "bind"));
        assertEquals(List.of("hash-max-listpack-entries", "512", "hash-max-ziplist-entries", "512",
                "hash-max-listpack-value", "64", "hash-max-ziplist-value", "64"), c.call("CONFIG", "GET", "hash-max-*"));
        assertEquals(List.of("client-query-buffer-limit", "1073741824", "proto-max-bulk-len", "536870912"),
                c.call("CONFIG", "GET", "client-query-buffer-limit", "proto-max-bulk-len"));
        assertEquals(List.of(), c.call("CONFIG", "GET", "cluster-enabled", "nothing*"));
        @SuppressWarnings("unchecked")
        List<Object> all = (List<Object>) c.call("CONFIG", "GET", "*");
        int aliases = Directives.ALL.stream().mapToInt(d -> d.aliases().size()).sum();
        assertEquals(6, aliases); // hash x2, list, zset x2, slave-ignore-maxmemory
        assertEquals(2 * (Directives.ALL.size() + aliases), all.size()); // every name and every alias
        assertEquals(err("ERR wrong number of arguments for 'config|get' command"), c.call("CONFIG", "GET"));
    }

    @Test
    void listEncodingDirectives() throws Exception {
        RespClient c = client(start());
        assertEquals(List.of("list-max-listpack-size", "-2", "list-max-ziplist-size", "-2", "list-compress-depth", "0"),
                c.call("CONFIG", "GET", "list*"));
        assertEquals(OK, c.call("CONFIG", "SET", "list-max-ziplist-size", "-2147483648"));
        assertEquals(Integer.MIN_VALUE, server.config().engine().listMaxListpackSize());
        assertEquals(OK, c.call("CONFIG", "SET", "list-max-listpack-size", "128"));
        assertEquals(List.of("list-max-ziplist-size", "128"), c.call("CONFIG", "GET", "list-max-ziplist-size"));
        assertEquals(err("ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument must"
                + " be between -2147483648 and 2147483647 inclusive"),
                c.call("CONFIG", "SET", "list-max-listpack-size", "2147483648"));
        assertEquals(err("ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument"
                + " couldn't be parsed into an integer"), c.call("CONFIG", "SET", "list-max-listpack-size", "1k"));
        assertEquals(err("ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument must"
                + " be between 0 and 2147483647 inclusive"), c.call("CONFIG", "SET", "list-compress-depth", "-1"));
        assertEquals(err("ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - list"
                + " compression is not supported yet (only 0)"), c.call("CONFIG", "SET", "list-compress-depth", "1"));
        assertEquals(OK, c.call("CONFIG", "SET", "list-compress-depth", "0"));
        assertEquals(128, server.config().engine().listMaxListpackSize());
    }

    // ---- SET -----------------------------------------------------------------------------------

    @Test
    void keyspaceEventsReadBackNormalizedAsRedisDoes() throws Exception {
        RespClient c = client(start());
        String[][] cases = {{"KEA", "AKE"}, {"AnKE", "AKE"}, {"mA", "Am"}, {"x$", "$x"}, {"Kz$lsh", "$lshzK"},
            {"nK", "nK"}, {"", ""}};
        for (String[] setGet : cases) {
            assertEquals(OK, c.call("CONFIG", "SET", "notify-keyspace-events", setGet[0]));
            assertEquals(List.of("notify-keyspace-events", setGet[1]), c.call("CONFIG", "GET", "notify-keyspace-events"));
        }
        assertEquals(err("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
                + "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
                c.call("CONFIG", "SET", "notify-keyspace-events", "g g"));
        c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
        assertEquals(io.lodestone.engine.pubsub.Notifier.EXPIRED | io.lodestone.engine.pubsub.Notifier.KEYEVENT,
                server.config().engine().notifyKeyspaceEvents());
    }

    @Test
    void outputBufferLimitsSetOnlyTheNamedClasses() throws Exception {
        RespClient c = client(start());
        assertEquals(List.of("client-output-buffer-limit",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
                c.call("CONFIG", "GET", "client-output-buffer-limit"));
        assertEquals(OK, c.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 10"));
        assertEquals(List.of("client-output-buffer-limit",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 10"),
                c.call("CONFIG", "GET", "client-output-buffer-limit"));
        String failed = "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - ";
        assertEquals(err(failed + "Wrong number of arguments in buffer limit configuration."),
                c.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb"));
        assertEquals(err(failed + "Invalid client class specified in buffer limit configuration."),
                c.call("CONFIG", "SET", "client-output-buffer-limit", "foo 1 1 1"));
        assertEquals(err(failed + "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1 1 1 pubsub -1 1 1"));
        assertEquals(OK, c.call("CONFIG", "SET", "client-output-buffer-limit", "replica 1k 1 1 normal 5 6 7"));
        assertEquals(List.of("client-output-buffer-limit", "normal 5 6 7 slave 1000 1 1 pubsub 1048576 524288 10"),
                c.call("CONFIG", "GET", "client-output-buffer-limit"));
    }

    @Test
    void setSeveralAtOnceAppliesAll() throws Exception {
        RespClient c = client(start());
        assertEquals(OK, c.call("CONFIG", "SET", "timeout", "5", "maxclients", "20", "hash-max-ziplist-entries", "100",
                "client-query-buffer-limit", "2mb", "protected-mode", "NO", "hz", "1000"));
        assertEquals(List.of("timeout", "5", "maxclients", "20", "hash-max-listpack-entries", "100",
                "client-query-buffer-limit", "2097152", "protected-mode", "no", "hz", "500"),
                c.call("CONFIG", "GET", "timeout", "maxclients", "hash-max-listpack-entries",
                        "client-query-buffer-limit", "protected-mode", "hz"));
        assertEquals(100, server.config().engine().hashMaxListpackEntries());
    }

    @Test
    void setMaxIntsetEntriesDecidesTheEncodingOfNewSets() throws Exception {
        RespClient c = client(start("--set-max-intset-entries", "3"));
        assertEquals(List.of("set-max-intset-entries", "3"), c.call("CONFIG", "GET", "set-max-intset-entries"));
        assertEquals(3L, c.call("SADD", "small", "1", "2", "3"));
        assertEquals("intset", c.call("OBJECT", "ENCODING", "small"));
        assertEquals(4L, c.call("SADD", "big", "1", "2", "3", "4"));
        assertEquals("hashtable", c.call("OBJECT", "ENCODING", "big"));
        assertEquals(OK, c.call("CONFIG", "SET", "set-max-intset-entries", "10"));
        assertEquals(4L, c.call("SADD", "big2", "1", "2", "3", "4"));
        assertEquals("intset", c.call("OBJECT", "ENCODING", "big2"));
        assertEquals(err("ERR CONFIG SET failed (possibly related to argument 'set-max-intset-entries') - argument"
                + " must be between 0 and 9223372036854775807 inclusive"),
                c.call("CONFIG", "SET", "set-max-intset-entries", "-1"));
    }

    @Test
    void zsetListpackLimitsReachTheEngine() throws Exception {
        RespClient c = client(start());
        assertEquals(List.of("zset-max-listpack-entries", "128", "zset-max-listpack-value", "64"),
                c.call("CONFIG", "GET", "zset-max-listpack-entries", "zset-max-listpack-value"));
        assertEquals(OK, c.call("CONFIG", "SET", "zset-max-ziplist-entries", "9223372036854775807",
                "zset-max-listpack-value", "1k"));
        assertEquals(List.of("zset-max-ziplist-entries", "9223372036854775807", "zset-max-listpack-value", "1000"),
                c.call("CONFIG", "GET", "zset-max-ziplist-entries", "zset-max-listpack-value"));
        assertEquals(Long.MAX_VALUE, server.config().engine().zsetMaxListpackEntries());
        assertEquals(1000, server.config().engine().zsetMaxListpackValue());
        assertEquals(err(setFailed("zset-max-listpack-entries",
                "argument must be between 0 and 9223372036854775807 inclusive")),
                c.call("CONFIG", "SET", "zset-max-listpack-entries", "-1"));
    }

    @Test
    void setIsAllOrNothing() throws Exception {
        RespClient c = client(start());
        assertEquals(err(setFailed("maxclients", "argument must be between 1 and 4294967295 inclusive")),
                c.call("CONFIG", "SET", "timeout", "5", "protected-mode", "no", "maxclients", "0"));
        assertEquals(List.of("timeout", "0", "protected-mode", "yes", "maxclients", "10000"),
                c.call("CONFIG", "GET", "timeout", "protected-mode", "maxclients"));
        assertEquals(err("ERR Unknown option or number of arguments for CONFIG SET - 'nope'"),
                c.call("CONFIG", "SET", "timeout", "5", "nope", "1"));
        assertEquals(List.of("timeout", "0"), c.call("CONFIG", "GET", "timeout"));
    }

    @Test
    void setErrorsAreRedisWords() throws Exception {
        RespClient c = client(start());
        assertEquals(err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"),
                c.call("CONFIG", "SET", "foo", "bar"));
        assertEquals(err("ERR wrong number of arguments for 'config|set' command"), c.call("CONFIG", "SET", "port"));
        assertEquals(err("ERR syntax error"), c.call("CONFIG", "SET", "requirepass", "a", "b"));
        assertEquals(err(setFailed("port", "duplicate parameter")), c.call("CONFIG", "SET", "port", "1", "port", "2"));
        assertEquals(err(setFailed("Timeout", "duplicate parameter")),
                c.call("CONFIG", "SET", "timeout", "1", "Timeout", "2"));
        assertEquals(err(setFailed("databases", "can't set immutable config")), c.call("CONFIG", "SET", "databases", "5"));
        assertEquals(err(setFailed("io-threads", "can't set immutable config")), c.call("CONFIG", "SET", "io-threads", "2"));
        assertEquals(err(setFailed("daemonize", "can't set immutable config")), c.call("CONFIG", "SET", "daemonize", "no"));
        assertEquals(err(setFailed("dir", "can't set protected config")), c.call("CONFIG", "SET", "dir", "/tmp"));
        assertEquals(err(setFailed("cluster-enabled", "not supported yet")),
                c.call("CONFIG", "SET", "cluster-enabled", "yes"));
        assertEquals(err(setFailed("appendfilename", "can't set immutable config")),
                c.call("CONFIG", "SET", "appendfilename", "x.aof"));
        assertEquals(err(setFailed("appendfsync", "argument(s) must be one of the following: everysec, always, no")),
                c.call("CONFIG", "SET", "appendfsync", "foo"));
        assertEquals(err(setFailed("maxclients", "argument couldn't be parsed into an integer")),
                c.call("CONFIG", "SET", "maxclients", "1k"));
        assertEquals(err(setFailed("timeout", "argument must be between 0 and 2147483647 inclusive")),
                c.call("CONFIG", "SET", "timeout", "-1"));
        assertEquals(err(setFailed("protected-mode", "argument must be 'yes' or 'no'")),
                c.call("CONFIG", "SET", "protected-mode", "maybe"));
        assertEquals(err(setFailed("client-query-buffer-limit", "argument must be a memory value")),
                c.call("CONFIG", "SET", "client-query-buffer-limit", "1.5mb"));
        assertEquals(err(setFailed("proto-max-bulk-len", "argument must be between 1048576 and 9223372036854775807 inclusive")),
                c.call("CONFIG", "SET", "proto-max-bulk-len", "1k"));
        // the first problem in argument order is the one reported
        assertEquals(err(setFailed("databases", "can't set immutable config")),
                c.call("CONFIG", "SET", "databases", "1", "foo", "bar"));
    }

    @Test
    void protectedConfigsWhereAllowed() throws Exception {
        int port = start("--enable-protected-configs", "local", "--protected-mode", "no");
        RespClient local = client(port);
        Path dir = Files.createDirectories(tmp.resolve("d"));
        assertEquals(OK, local.call("CONFIG", "SET", "dir", dir.toString()));
        assertEquals(List.of("dir", dir.toRealPath().toString()), local.call("CONFIG", "GET", "dir"));
        assertEquals(OK, local.call("CONFIG", "SET", "dir", ".."));
        assertEquals(List.of("dir", tmp.toRealPath().toString()), local.call("CONFIG", "GET", "dir"));
        assertEquals(err(setFailed("dir", "No such file or directory")),
                local.call("CONFIG", "SET", "dir", tmp.resolve("none").toString()));
        RespClient remote = client(port, "127.0.0.2"); // not local to Redis
        assertEquals(err(setFailed("dir", "can't set protected config")), remote.call("CONFIG", "SET", "dir", "/"));
    }

    @Test
    void setPortRebindsAndKeepsClients() throws Exception {
        int oldPort = start();
        RespClient c = client(oldPort);
        int newPort = freePort();
        assertEquals(OK, c.call("CONFIG", "SET", "port", Integer.toString(newPort)));
        assertEquals(newPort, server.boundPort());
        assertEquals("PONG", c.call("PING")); // the connection that asked is still there
        assertEquals("PONG", client(newPort).call("PING"));
        assertThrows(ConnectException.class, () -> new RespClient(oldPort).close());
        assertEquals(List.of("port", Integer.toString(newPort)), c.call("CONFIG", "GET", "port"));
    }

    @Test
    void setPortThatCannotBeBoundChangesNothing() throws Exception {
        int port = start();
        RespClient c = client(port);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(err(setFailed("port", "Unable to listen on this port. Check server logs.")),
                    c.call("CONFIG", "SET", "timeout", "7", "port", Integer.toString(busy.getLocalPort())));
        }
        assertEquals(List.of("timeout", "0", "port", "0"), c.call("CONFIG", "GET", "timeout", "port"));
        assertEquals(port, server.boundPort());
        assertEquals("PONG", client(port).call("PING")); // listening again on the old port
    }

    @Test
    void setBindRebinds() throws Exception {
        int port = start();
        RespClient c = client(port);
        assertEquals(err(setFailed("bind", "Failed to bind to specified addresses.")), c.call("CONFIG", "SET", "bind", ""));
        assertEquals(List.of("bind", "127.0.0.1"), c.call("CONFIG", "GET", "bind"));
        assertEquals(OK, c.call("CONFIG", "SET", "bind", "127.0.0.1 -::1"));
        assertEquals(List.of("bind", "127.0.0.1 -::1"), c.call("CONFIG", "GET", "bind"));
        int bound = server.boundPort();
        assertEquals("PONG", client(bound).call("PING"));
    }

    @Test
    void requirepassAppliesToNewClients() throws Exception {
        int port = start();
        RespClient c = client(port);
        assertEquals(OK, c.call("CONFIG", "SET", "requirepass", "s3cret"));
        assertEquals("PONG", c.call("PING")); // already connected: stays authenticated, as in Redis
        RespClient fresh = client(port);
        assertEquals(err("NOAUTH Authentication required."), fresh.call("PING"));
        assertEquals(OK, fresh.call("AUTH", "s3cret"));
    }

    // ---- RESETSTAT, REWRITE, HELP ---------------------------------------------------------------

    @Test
    void resetstatZeroesTheCounters() throws Exception {
        RespClient c = client(start());
        c.call("SET", "k", "v");
        c.call("GET", "k");
        c.call("GET", "missing");
        c.call("NOSUCHCOMMAND");
        var engine = server.engine();
        engine.lock().lock();
        try {
            assertEquals(1, engine.keyspace().hits());
            assertEquals(1, engine.keyspace().misses());
            assertTrue(engine.stats().errorReplies > 0);
        } finally {
            engine.lock().unlock();
        }
        assertEquals(OK, c.call("CONFIG", "RESETSTAT"));
        engine.lock().lock();
        try {
            assertEquals(0, engine.keyspace().hits());
            assertEquals(0, engine.keyspace().misses());
            assertEquals(0, engine.stats().errorReplies);
            assertEquals(1, engine.stats().commandsProcessed); // RESETSTAT itself
        } finally {
            engine.lock().unlock();
        }
        assertEquals(0, server.clients().totalConnections());
    }

    @Test
    void rewriteWithoutAConfigFile() throws Exception {
        RespClient c = client(start());
        assertEquals(err("ERR The server is running without a config file"), c.call("CONFIG", "REWRITE"));
    }

    @Test
    void rewriteUpdatesTheConfigFile() throws Exception {
        Path f = tmp.resolve("lodestone.conf");
        Files.writeString(f, "# my settings\nport 0\nbind 127.0.0.1\ntimeout 5\nhash-max-ziplist-entries 9\n");
        RespClient c = client(start(ConfigLoader.load(new String[] {f.toString()})));
        assertEquals(OK, c.call("CONFIG", "SET", "timeout", "42", "maxclients", "99", "hash-max-listpack-entries", "10"));
        assertEquals(OK, c.call("CONFIG", "REWRITE"));
        assertEquals(String.join("\n", "# my settings", "port 0", "bind 127.0.0.1", "timeout 42",
                "hash-max-listpack-entries 10", "", "# Generated by CONFIG REWRITE", "maxclients 99",
                "dir " + ConfigArgs.quote(server.config().dir())) + "\n", Files.readString(f));
    }

    @Test
    void help() throws Exception {
        RespClient c = client(start());
        Object reply = c.call("CONFIG", "HELP");
        assertInstanceOf(List.class, reply);
        List<?> lines = (List<?>) reply;
        assertEquals(11, lines.size());
        assertEquals("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", lines.get(0));
        assertEquals("    Prints this help.", lines.get(10));
        assertEquals(err("ERR unknown subcommand 'foo'. Try CONFIG HELP."), c.call("CONFIG", "foo"));
        assertEquals(err("ERR wrong number of arguments for 'config' command"), c.call("CONFIG"));
    }

    /** The metadata COMMAND INFO config prints on redis-server 7.0.15. */
    @Test
    void commandMetadataMatchesRedis() throws Exception {
        start();
        CommandSpec config = server.engine().commands().lookup("config");
        assertNotNull(config);
        assertEquals(-2, config.arity());
        assertEquals(Set.of(), config.flags());
        assertEquals(List.of("@slow"), config.aclCategories());
        assertEquals(Set.of("resetstat", "get", "rewrite", "help", "set"), config.subcommands().keySet());
        Set<CommandFlag> admin = Set.of(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE);
        for (String sub : List.of("resetstat", "get", "rewrite", "set")) {
            CommandSpec s = config.subcommands().get(sub);
            assertEquals(admin, s.flags(), sub);
            assertEquals(List.of("@admin", "@slow", "@dangerous"), s.aclCategories(), sub);
            assertEquals("config|" + sub, s.fullName());
        }
        assertEquals(2, config.subcommands().get("resetstat").arity());
        assertEquals(-3, config.subcommands().get("get").arity());
        assertEquals(2, config.subcommands().get("rewrite").arity());
        assertEquals(-4, config.subcommands().get("set").arity());
        assertEquals(List.of("request_policy:all_nodes", "response_policy:all_succeeded"),
                config.subcommands().get("set").tips());
        CommandSpec help = config.subcommands().get("help");
        assertEquals(2, help.arity());
        assertEquals(Set.of(CommandFlag.LOADING, CommandFlag.STALE), help.flags());
        assertEquals(List.of("@slow"), help.aclCategories());
    }

    // ---- protected mode and timeout -------------------------------------------------------------

    private static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of the "
            + "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' "
            + "from the loopback interface by connecting to Redis from the same host the server is running, however "
            + "MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis "
            + "configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
            + "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of "
            + "the above things in order for the server to start accepting connections from the outside.";

    @Test
    void protectedModeDeniesNonLocalClients() throws Exception {
        int port = start();
        RespClient remote = client(port, "127.0.0.2");
        assertEquals(err(DENIED), remote.read()); // sent on connect, before any request
        assertTrue(remote.closedByServer());
        RespClient local = client(port);
        assertEquals("PONG", local.call("PING"));

        assertEquals(OK, local.call("CONFIG", "SET", "protected-mode", "no"));
        assertEquals("PONG", client(port, "127.0.0.2").call("PING"));
        assertEquals(OK, local.call("CONFIG", "SET", "protected-mode", "yes", "requirepass", "pw"));
        assertEquals(err("NOAUTH Authentication required."), client(port, "127.0.0.2").call("PING"));
    }

    @Test
    void timeoutClosesIdleClientsAndAppliesAtOnce() throws Exception {
        int port = start();
        RespClient idle = client(port);
        RespClient busy = client(port);
        assertEquals("PONG", idle.call("PING"));
        assertEquals(OK, busy.call("CONFIG", "SET", "timeout", "1"));
        long deadline = System.nanoTime() + 6_000_000_000L;
        while (System.nanoTime() < deadline) {
            assertEquals("PONG", busy.call("PING"));
            Thread.sleep(200);
            if (server.clients().size() == 1) {
                break;
            }
        }
        assertEquals(1, server.clients().size());
        assertTrue(idle.closedByServer());
        assertEquals("PONG", busy.call("PING"));
    }

    // ---- a real client library -----------------------------------------------------------------

    @Test
    void jedis() throws Exception {
        int port = start();
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            assertEquals(Map.of("maxclients", "10000"), jedis.configGet("maxclients"));
            assertEquals(OK, jedis.configSet("timeout", "3", "tcp-keepalive", "60"));
            assertEquals(Map.of("timeout", "3", "tcp-keepalive", "60"), jedis.configGet("timeout", "tcp-keepalive"));
            assertEquals(OK, jedis.configResetStat());
            JedisDataException e = assertThrows(JedisDataException.class, jedis::configRewrite);
            assertEquals("ERR The server is running without a config file", e.getMessage());
        }
    }
}
