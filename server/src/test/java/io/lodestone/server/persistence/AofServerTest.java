package io.lodestone.server.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.config.ServerConfig;
import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.LoadingServer;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOF through the server: CONFIG SET appendonly, BGREWRITEAOF, INFO, restart, -LOADING, bad files. */
class AofServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestServer start(boolean appendonly) {
        return TestServer.builder().configure(c -> {
            c.setDir(dir.toString());
            c.engine().setSaveRules(new long[0]);
            c.engine().setAppendonly(appendonly);
        }).start();
    }

    private static boolean rewriteDone(RawClient c) {
        String info = c.call("INFO", "persistence");
        return info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0");
    }

    @Test
    void configSetAppendonlyCreatesTheAofFromTheDataAndTurnsItOffAgain() throws Exception {
        try (TestServer s = start(false); RawClient c = s.rawClient()) {
            assertEquals("+OK\r\n", c.call("SET", "before", "1"));
            assertFalse(c.call("INFO", "persistence").contains("aof_current_size"), "no sizes while off");
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "yes"));
            assertTrue(Await.until(() -> rewriteDone(c), WAIT), "the AOF's first rewrite");
            String info = c.call("INFO", "persistence");
            assertTrue(info.contains("aof_enabled:1\r\n") && info.contains("aof_rewrites:1\r\n")
                    && info.contains("aof_last_bgrewrite_status:ok\r\n") && info.contains("aof_last_write_status:ok\r\n")
                    && info.contains("aof_current_size:") && info.contains("aof_buffer_length:0\r\n"), info);
            assertEquals("*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n", c.call("CONFIG", "GET", "appendonly"));
            assertEquals("+OK\r\n", c.call("SET", "after", "2"));
            assertEquals("+Background append only file rewriting started\r\n", c.call("BGREWRITEAOF"));
            assertTrue(Await.until(() -> rewriteDone(c), WAIT));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "appendonly", "no"));
            assertTrue(c.call("INFO", "persistence").contains("aof_enabled:0\r\n"));
        }
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")));
        try (TestServer s = start(true); RawClient c = s.rawClient()) {
            assertEquals("$1\r\n1\r\n", c.call("GET", "before"));
            assertEquals("$1\r\n2\r\n", c.call("GET", "after"));
        }
    }

    @Test
    void withBothOnARestartLoadsTheAofNotTheDump() throws Exception {
        try (TestServer s = start(true); RawClient c = s.rawClient()) {
            assertEquals("+OK\r\n", c.call("SET", "k", "in-the-dump"));
            assertEquals("+OK\r\n", c.call("SAVE"));
            assertEquals("+OK\r\n", c.call("SET", "k", "only-in-the-aof"));
        }
        try (TestServer s = start(true); RawClient c = s.rawClient()) {
            assertEquals("$15\r\nonly-in-the-aof\r\n", c.call("GET", "k"));
        }
        try (TestServer s = start(false); RawClient c = s.rawClient()) {
            assertEquals("$11\r\nin-the-dump\r\n", c.call("GET", "k"), "with the AOF off, the dump");
        }
    }

    @Test
    void clientsGetLoadingWhileTheAofLoads() throws Exception {
        try (TestServer s = start(true); RawClient c = s.rawClient()) {
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                pipeline.append("*3\r\n$3\r\nSET\r\n$").append(("key:" + i).length()).append("\r\nkey:").append(i)
                        .append("\r\n$1\r\nv\r\n");
            }
            c.send(pipeline.toString());
            for (int i = 0; i < 20_000; i++) {
                assertEquals("+OK\r\n", c.readReply());
            }
        }
        try (LoadingServer server = LoadingServer.start(config(0, c -> c.engine().setKeyLoadDelayMicros(100)))) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", server.firstReply(WAIT, "GET", "key:1"));
            try (RawClient c = server.client()) {
                String info = c.call("INFO", "persistence");
                assertTrue(info.contains("loading:1\r\n") && info.contains("loading_loaded_perc:"), info);
            }
            assertEquals(null, server.awaitStarted(WAIT));
            try (RawClient c = server.client()) {
                assertEquals(":20000\r\n", c.call("DBSIZE"));
            }
        }
    }

    private ServerConfig config(int port, Consumer<ServerConfig> more) {
        ServerConfig config = new ServerConfig();
        config.setPort(port);
        config.setBind(List.of("127.0.0.1"));
        config.setDir(dir.toString());
        config.engine().setSaveRules(new long[0]);
        config.engine().setAppendonly(true);
        more.accept(config);
        return config;
    }

    @Test
    void aBadManifestStopsTheServerFromStartingAndNamesTheLine() throws Exception {
        Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(dir.resolve("appendonlydir/appendonly.aof.manifest"),
                "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq x type i\n");
        LodestoneServer server = new LodestoneServer(config(0, c -> { }));
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        server.close();
        assertTrue(e.getMessage().contains("Invalid AOF manifest file format (appendonly.aof.manifest line 2):"
                + " bad sequence number 'x'"), e.getMessage());
    }
}
