package io.lodestone.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    // ---- defaults and the command line ---------------------------------------------------------

    @Test
    void noArgumentsGivesRedisDefaults() throws Exception {
        ServerConfig c = ConfigLoader.load(new String[0]);
        assertEquals(6379, c.port());
        assertEquals(List.of("*", "-::*"), c.bind());
        assertEquals(511, c.tcpBacklog());
        assertTrue(c.protectedMode());
        assertEquals("", c.requirepass());
        assertEquals(10000, c.maxclients());
        assertEquals(0, c.timeout());
        assertEquals(300, c.tcpKeepalive());
        assertEquals(1L << 30, c.clientQueryBufferLimit());
        assertEquals(1, c.ioThreads());
        assertEquals(16, c.databases());
        assertEquals(Path.of("").toAbsolutePath().toString(), c.dir());
        assertFalse(c.daemonize());
        assertEquals("", c.pidfile());
        assertEquals("", c.logfile());
        assertEquals("notice", c.loglevel());
        assertEquals(10, c.engine().hz());
        assertEquals(512L << 20, c.engine().protoMaxBulkLen());
        assertEquals(512, c.engine().hashMaxListpackEntries());
        assertEquals(64, c.engine().hashMaxListpackValue());
        assertNull(c.configFile());
    }

    @Test
    void overridesFollowTheFile() throws Exception {
        Path f = file("a.conf", "port 7000\ntimeout 5\n");
        ServerConfig c = ConfigLoader.load(new String[] {f.toString(), "--port", "7001", "--bind", "127.0.0.1", "::1"});
        assertEquals(7001, c.port());
        assertEquals(5, c.timeout());
        assertEquals(List.of("127.0.0.1", "::1"), c.bind());
        assertEquals(f.toAbsolutePath().normalize().toString(), c.configFile());
    }

    @Test
    void overrideNameAndValueInOneArgument() throws Exception {
        ServerConfig c = ConfigLoader.load(new String[] {"--port 6380", "--timeout", "3"});
        assertEquals(6380, c.port());
        assertEquals(3, c.timeout());
    }

    @Test
    void overrideValueMayStartWithDashes() throws Exception {
        ServerConfig c = ConfigLoader.load(new String[] {"--requirepass", "--secret", "--port", "1"});
        assertEquals("--secret", c.requirepass());
        assertEquals(1, c.port());
    }

    @Test
    void overrideValueWithSpacesSurvives() throws Exception {
        ServerConfig c = ConfigLoader.load(new String[] {"--requirepass", "a b \"c\"", "--bind", "127.0.0.1 ::1"});
        assertEquals("a b \"c\"", c.requirepass());
        assertEquals(List.of("127.0.0.1", "::1"), c.bind()); // one argument split on spaces, as Redis does
    }

    @Test
    void commandLineShapes() {
        var cl = ConfigLoader.CommandLine.parse(new String[] {"redis.conf", "--port", "1", "--bind", "a", "b", "-"});
        assertEquals("redis.conf", cl.configFile());
        assertTrue(cl.readsStdin());
        assertEquals(List.of("port \"1\" ", "bind \"a\" \"b\" "), cl.overrides());

        cl = ConfigLoader.CommandLine.parse(new String[] {"-", "--port", "1"});
        assertNull(cl.configFile());
        assertTrue(cl.readsStdin());

        cl = ConfigLoader.CommandLine.parse(new String[] {"--save", "--port", "1"});
        assertEquals(List.of("save \"\"", "port \"1\" "), cl.overrides());
        cl = ConfigLoader.CommandLine.parse(new String[] {"--port", "1", "--save"});
        assertEquals(List.of("port \"1\" ", "save \"\""), cl.overrides());
    }

    @Test
    void stdinIsReadBetweenFileAndOverrides() throws Exception {
        Path f = file("a.conf", "port 7000\ntimeout 5\nmaxclients 10\n");
        var cl = ConfigLoader.CommandLine.parse(new String[] {f.toString(), "--maxclients", "30", "-"});
        ServerConfig c = ConfigLoader.load(cl, "timeout 6\nmaxclients 20\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(7000, c.port());
        assertEquals(6, c.timeout());
        assertEquals(30, c.maxclients());

        cl = ConfigLoader.CommandLine.parse(new String[] {"-"});
        c = ConfigLoader.load(cl, "port 7002\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(7002, c.port());
        assertNull(c.configFile()); // CONFIG REWRITE has nothing to rewrite
    }

    @Test
    void stdinErrorsNameStdin() {
        var cl = ConfigLoader.CommandLine.parse(new String[] {"-"});
        var e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(cl, "\nport x\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("<stdin>:2: port: argument couldn't be parsed into an integer\n>>> 'port x'", e.getMessage());
    }

    // ---- lines ---------------------------------------------------------------------------------

    @Test
    void commentsBlankLinesCaseAndQuoting() throws Exception {
        ServerConfig c = loadFile("""
                # a comment
                   # an indented comment

                PORT 7003\r
                Protected-Mode NO
                requirepass "pa ss\\x21\\n"
                logfile '/tmp/it\\'s'
                \tloglevel   WARNING\t
                """);
        assertEquals(7003, c.port());
        assertFalse(c.protectedMode());
        assertEquals("pa ss!\n", c.requirepass());
        assertEquals("warning", c.loglevel());
        assertEquals("/tmp/it's", c.logfile());
    }

    @Test
    void laterLinesWin() throws Exception {
        assertEquals(2, loadFile("port 1\nport 2\n").port());
    }

    @Test
    void outputBufferLimitLinesEachSetTheirClass() throws Exception {
        ServerConfig c = loadFile("client-output-buffer-limit normal 1mb 512kb 10\n"
                + "client-output-buffer-limit pubsub 64mb 16mb 90\n");
        assertEquals("normal 1048576 524288 10 slave 268435456 67108864 60 pubsub 67108864 16777216 90",
                c.clientOutputBufferLimits().format());
        assertEquals(new OutputBufferLimits.Limit(64L << 20, 16L << 20, 90), c.clientOutputBufferLimits().pubsub());
        assertEquals("normal 0 0 0 slave 1000 1 1 pubsub 33554432 8388608 60",
                loadFile("client-output-buffer-limit replica 1k 1 1").clientOutputBufferLimits().format());
        assertEquals("normal 2 2 2 slave 268435456 67108864 60 pubsub 3 3 3",
                loadFile("client-output-buffer-limit normal 2 2 2 pubsub 3 3 3").clientOutputBufferLimits().format());
        assertEquals(OutputBufferLimits.DEFAULT, loadFile("port 1").clientOutputBufferLimits());
    }

    @Test
    void badOutputBufferLimits() throws IOException {
        String d = "client-output-buffer-limit: ";
        assertFileError("client-output-buffer-limit pubsub 1mb 1mb", d
                + "Wrong number of arguments in buffer limit configuration.");
        assertFileError("client-output-buffer-limit master 1 1 1", d
                + "Invalid client class specified in buffer limit configuration.");
        for (String bad : List.of("normal -1 1 1", "normal 1x 1 1", "normal 1 1 -1", "normal 1 1 x")) {
            assertFileError("client-output-buffer-limit " + bad, d
                    + "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
        }
    }

    @Test
    void keyspaceEvents() throws Exception {
        assertEquals(io.lodestone.engine.pubsub.Notifier.ALL | 3,
                loadFile("notify-keyspace-events KEA").engine().notifyKeyspaceEvents());
        assertEquals(0, loadFile("notify-keyspace-events \"\"").engine().notifyKeyspaceEvents());
        assertFileError("notify-keyspace-events Kq",
                "notify-keyspace-events: Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }

    @Test
    void memoryUnits() throws Exception {
        assertEquals(2_000_000L, loadFile("client-query-buffer-limit 2m").clientQueryBufferLimit());
        assertEquals(2L << 20, loadFile("client-query-buffer-limit 2mb").clientQueryBufferLimit());
        assertEquals(2L << 20, loadFile("client-query-buffer-limit 2MB").clientQueryBufferLimit());
        assertEquals(3_000_000_000L, loadFile("client-query-buffer-limit 3g").clientQueryBufferLimit());
        assertEquals(3L << 30, loadFile("client-query-buffer-limit 3Gb").clientQueryBufferLimit());
        assertEquals(1_048_576L, loadFile("client-query-buffer-limit 1048576b").clientQueryBufferLimit());
        assertEquals(2048L << 10, loadFile("client-query-buffer-limit 2048kb").clientQueryBufferLimit());
        assertEquals(1000, loadFile("hash-max-listpack-value 1k").engine().hashMaxListpackValue());
        assertEquals(1024, loadFile("hash-max-listpack-value 1kb").engine().hashMaxListpackValue());
        assertEquals(2L << 20, loadFile("proto-max-bulk-len 2mb").engine().protoMaxBulkLen());
    }

    @Test
    void aliasesSetTheSameSetting() throws Exception {
        ServerConfig c = loadFile("hash-max-ziplist-entries 100\nhash-max-ziplist-value 32\n");
        assertEquals(100, c.engine().hashMaxListpackEntries());
        assertEquals(32, c.engine().hashMaxListpackValue());
    }

    @Test
    void databasesIsKnownBeforeEngineTunables() throws Exception {
        ServerConfig c = loadFile("hz 20\nhash-max-listpack-entries 7\ndatabases 32\n");
        assertEquals(32, c.engine().databases());
        assertEquals(20, c.engine().hz());
        assertEquals(7, c.engine().hashMaxListpackEntries());
    }

    @Test
    void hzIsClampedAsRedisDoes() throws Exception {
        assertEquals(500, loadFile("hz 1000").engine().hz());
        assertEquals(1, loadFile("hz 0").engine().hz());
    }

    @Test
    void ioThreadsAndBacklog() throws Exception {
        ServerConfig c = loadFile("io-threads 4\ntcp-backlog 1024\n");
        assertEquals(4, c.ioThreads());
        assertEquals(1024, c.tcpBacklog());
    }

    @Test
    void dirIsStoredAbsoluteAndMovesTheWorkingDirectory() throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("data/sub"));
        file("data/sub/inc.conf", "port 7010\n");
        ServerConfig c = loadFile("dir " + tmp.resolve("data") + "\ndir sub\ninclude inc.conf\n");
        assertEquals(sub.toRealPath().toString(), c.dir());
        assertEquals(7010, c.port());
        assertEquals(sub.toRealPath().resolve("x.pid"), c.resolve("x.pid"));
    }

    @Test
    void daemonizeDefaultsThePidfile() throws Exception {
        assertEquals("/var/run/redis.pid", loadFile("daemonize yes").pidfile());
        assertEquals("/tmp/p.pid", loadFile("daemonize yes\npidfile /tmp/p.pid").pidfile());
        assertEquals("", loadFile("daemonize no").pidfile());
    }

    // ---- include -------------------------------------------------------------------------------

    @Test
    void includesNestAndFollowTheirPlace() throws Exception {
        Path inner = file("inner.conf", "timeout 9\n");
        Path outer = file("outer.conf", "port 7020\ninclude " + inner + "\n");
        ServerConfig c = loadFile("include " + outer + "\ntimeout 8\nmaxclients 5\ninclude " + inner + "\n");
        assertEquals(7020, c.port());
        assertEquals(9, c.timeout()); // the second include comes after "timeout 8"
        assertEquals(5, c.maxclients());
    }

    @Test
    void includeGlobTakesMatchesInNameOrder() throws Exception {
        file("conf.d/b.conf", "timeout 2\n");
        file("conf.d/a.conf", "timeout 1\nport 7030\n");
        file("conf.d/c.txt", "timeout 3\n");
        ServerConfig c = loadFile("include " + tmp.resolve("conf.d") + "/*.conf\n");
        assertEquals(2, c.timeout());
        assertEquals(7030, c.port());
        assertEquals(6379, loadFile("include " + tmp.resolve("conf.d") + "/none*.conf\n").port());
    }

    @Test
    void missingIncludeIsAnError() throws IOException {
        Path main = file("main.conf", "port 1\n\ninclude " + tmp.resolve("nope.conf") + "\n");
        assertError("include: can't open config file '" + tmp.resolve("nope.conf") + "': No such file or directory",
                main + ":3: ", main.toString());
    }

    @Test
    void errorInIncludedFileNamesThatFile() throws IOException {
        Path inner = file("inner.conf", "# x\nport 1\ntimeout -1\n");
        Path main = file("main.conf", "include " + inner + "\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {main.toString()}));
        assertEquals(inner + ":3: timeout: argument must be between 0 and 2147483647 inclusive\n>>> 'timeout -1'",
                e.getMessage());
    }

    @Test
    void includeLoopIsAnError() throws IOException {
        Path a = tmp.resolve("a.conf");
        Path b = file("b.conf", "include " + a + "\n");
        Files.writeString(a, "port 1\ninclude " + b + "\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {a.toString()}));
        assertEquals(b + ":1: include: include loop: '" + a + "' is already being read\n>>> 'include " + a + "'",
                e.getMessage());
    }

    @Test
    void includeTakesOneArgument() throws IOException {
        assertFileError("include a b", "include: wrong number of arguments");
        assertFileError("include", "include: wrong number of arguments");
    }

    // ---- errors: every path names file, line and directive ----------------------------------------

    @Test
    void missingConfigFile() {
        var e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {tmp.resolve("none.conf").toString()}));
        assertEquals("Fatal error, can't open config file '" + tmp.resolve("none.conf")
                + "': No such file or directory", e.getMessage());
    }

    @Test
    void unknownDirective() throws IOException {
        assertFileError("fooo bar", "fooo: unknown directive");
        assertOverrideError(new String[] {"--port", "1", "--fooo", "bar"}, 2, "fooo: unknown directive", "fooo \"bar\"");
    }

    @Test
    void notSupportedYetNamesFileAndLine() throws IOException {
        for (String name : List.of("cluster-enabled",
                "cluster-config-file", "cluster-node-timeout", "replicaof", "slaveof", "masterauth", "masteruser",
                "maxmemory-clients", "tracking-table-max-keys", "aclfile", "user", "rename-command", "tls-port",
                "unixsocket")) {
            assertFileError(name + " x", name + ": not supported yet");
        }
        for (String name : Directives.NOT_SUPPORTED_YET) {
            assertFileError(name.toUpperCase(java.util.Locale.ROOT) + " x", name + ": not supported yet");
        }
        assertOverrideError(new String[] {"--cluster-enabled", ""}, 1, "cluster-enabled: not supported yet",
                "cluster-enabled \"\"");
    }

    @Test
    void wrongNumberOfArguments() throws IOException {
        assertFileError("port", "port: wrong number of arguments");
        assertFileError("port 1 2", "port: wrong number of arguments");
        assertFileError("daemonize yes yes", "daemonize: wrong number of arguments");
        assertFileError("requirepass", "requirepass: wrong number of arguments");
        assertOverrideError(new String[] {"--port"}, 1, "port: wrong number of arguments", "port");
    }

    @Test
    void badIntegers() throws IOException {
        String notInt = "argument couldn't be parsed into an integer";
        assertFileError("port abc", "port: " + notInt);
        assertFileError("port 1k", "port: " + notInt);
        assertFileError("port 05", "port: " + notInt);
        assertFileError("port +5", "port: " + notInt);
        assertFileError("port 1.5", "port: " + notInt);
        assertFileError("port ''", "port: " + notInt);
        assertFileError("timeout 99999999999999999999", "timeout: " + notInt);
        assertOverrideError(new String[] {"--port", "abc"}, 1, "port: " + notInt, "port \"abc\"");
    }

    @Test
    void outOfRange() throws IOException {
        assertFileError("port 65536", "port: argument must be between 0 and 65535 inclusive");
        assertFileError("port -1", "port: argument must be between 0 and 65535 inclusive");
        assertFileError("maxclients 0", "maxclients: argument must be between 1 and 4294967295 inclusive");
        assertFileError("databases 0", "databases: argument must be between 1 and 2147483647 inclusive");
        assertFileError("timeout -1", "timeout: argument must be between 0 and 2147483647 inclusive");
        assertFileError("tcp-keepalive -1", "tcp-keepalive: argument must be between 0 and 2147483647 inclusive");
        assertFileError("tcp-backlog -1", "tcp-backlog: argument must be between 0 and 2147483647 inclusive");
        assertFileError("hz -1", "hz: argument must be between 0 and 2147483647 inclusive");
        assertFileError("io-threads 0", "io-threads: argument must be between 1 and 128 inclusive");
        assertFileError("io-threads 129", "io-threads: argument must be between 1 and 128 inclusive");
        assertFileError("hash-max-listpack-entries -1",
                "hash-max-listpack-entries: argument must be between 0 and 9223372036854775807 inclusive");
        assertFileError("proto-max-bulk-len 1k",
                "proto-max-bulk-len: argument must be between 1048576 and 9223372036854775807 inclusive");
        assertFileError("client-query-buffer-limit 99999999999999999999",
                "client-query-buffer-limit: argument must be between 1048576 and 9223372036854775807 inclusive");
        assertFileError("client-query-buffer-limit 99999999999gb",
                "client-query-buffer-limit: argument must be between 1048576 and 9223372036854775807 inclusive");
    }

    @Test
    void badMemoryValues() throws IOException {
        String bad = "argument must be a memory value";
        assertFileError("client-query-buffer-limit 1x", "client-query-buffer-limit: " + bad);
        assertFileError("client-query-buffer-limit 1.5mb", "client-query-buffer-limit: " + bad);
        assertFileError("client-query-buffer-limit -1", "client-query-buffer-limit: " + bad);
        assertFileError("client-query-buffer-limit +1mb", "client-query-buffer-limit: " + bad);
        assertFileError("client-query-buffer-limit 1 mb", "client-query-buffer-limit: wrong number of arguments");
        assertFileError("hash-max-listpack-value 1tb", "hash-max-listpack-value: " + bad);
    }

    @Test
    void badYesNo() throws IOException {
        assertFileError("protected-mode maybe", "protected-mode: argument must be 'yes' or 'no'");
        assertFileError("daemonize 1", "daemonize: argument must be 'yes' or 'no'");
        assertOverrideError(new String[] {"--protected-mode", "true"}, 1,
                "protected-mode: argument must be 'yes' or 'no'", "protected-mode \"true\"");
    }

    @Test
    void badChoice() throws IOException {
        assertFileError("loglevel loud",
                "loglevel: argument(s) must be one of the following: debug, verbose, notice, warning");
        assertFileError("enable-protected-configs maybe",
                "enable-protected-configs: argument(s) must be one of the following: no, yes, local");
    }

    @Test
    void badDir() throws IOException {
        assertFileError("dir " + tmp.resolve("missing"), "dir: No such file or directory");
        Path f = file("plain", "x");
        assertFileError("dir " + f, "dir: Not a directory");
    }

    @Test
    void tooManyBindAddresses() throws IOException {
        StringBuilder line = new StringBuilder("bind");
        for (int i = 1; i <= 17; i++) {
            line.append(" 127.0.0.").append(i);
        }
        assertFileError(line.toString(), "bind: Too many bind addresses specified.");
    }

    @Test
    void unbalancedQuotes() throws IOException {
        assertFileError("requirepass \"abc", "requirepass: Unbalanced quotes in configuration line");
        assertFileError("requirepass 'abc'x", "requirepass: Unbalanced quotes in configuration line");
    }

    @Test
    void errorLineNumbersCountEveryLine() throws IOException {
        Path f = file("n.conf", "# one\n\nport 1\n   # four\n\ntimeout x\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {f.toString()}));
        assertEquals(f + ":6: timeout: argument couldn't be parsed into an integer\n>>> 'timeout x'", e.getMessage());
    }

    @Test
    void theFirstErrorStopsTheLoad() throws IOException {
        Path f = file("n.conf", "port x\ntimeout y\n");
        var e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {f.toString(), "--fooo", "1"}));
        assertTrue(e.getMessage().startsWith(f + ":1: port: "), e.getMessage());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private ServerConfig loadFile(String content) throws Exception {
        return ConfigLoader.load(new String[] {file("t.conf", content).toString()});
    }

    /** The content as line 2 of a file must fail with "file:2: expected" and show the line. */
    private void assertFileError(String line, String expected) throws IOException {
        Path f = file("e.conf", "# first\n" + line + "\nport 1\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {f.toString()}), line);
        assertEquals(f + ":2: " + expected + "\n>>> '" + line.strip() + "'", e.getMessage());
    }

    private void assertError(String expected, String prefix, String... args) {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(args));
        assertTrue(e.getMessage().startsWith(prefix + expected + "\n>>> '"), e.getMessage());
    }

    private static void assertOverrideError(String[] args, int line, String expected, String shown) {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(args));
        assertEquals("<command line>:" + line + ": " + expected + "\n>>> '" + shown + "'", e.getMessage());
    }
}
