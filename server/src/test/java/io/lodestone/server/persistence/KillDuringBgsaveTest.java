package io.lodestone.server.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lodestone.server.Main;
import io.lodestone.server.testing.RawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real server process (a child JVM running Main) in the middle of a BGSAVE leaves
 * the previous dump byte for byte intact, and a restarted server loads it.
 */
class KillDuringBgsaveTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private Process startServer(int port) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", ""));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("LODESTONE_DAEMONIZED");
        pb.redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private RawClient connect(Process p, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("the server exited: " + Files.readString(dir.resolve("stderr.txt")));
            }
            try {
                RawClient c = RawClient.connect("127.0.0.1", port);
                if (c.call("PING").equals("+PONG\r\n")) {
                    return c;
                }
                c.close();
            } catch (RuntimeException notYet) {
                // not listening or still loading
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not start: " + Files.readString(dir.resolve("stderr.txt")));
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    @Test
    void killMinus9DuringBgsaveKeepsThePreviousDump() throws Exception {
        int port = freePort();
        Process server = startServer(port);
        try (RawClient c = connect(server, port)) {
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                String k = "key:" + i;
                String v = "old-" + i;
                pipeline.append("*3\r\n$3\r\nSET\r\n").append(bulk(k)).append(bulk(v));
            }
            c.send(pipeline.toString());
            for (int i = 0; i < 20_000; i++) {
                assertEquals("+OK\r\n", c.readReply());
            }
            assertEquals("+OK\r\n", c.call("SAVE"));
            byte[] previous = Files.readAllBytes(dir.resolve("dump.rdb"));

            assertEquals("+OK\r\n", c.call("SET", "key:0", "new"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "rdb-key-save-delay", "1000")); // 20,000 keys: 20 s
            assertEquals("+Background saving started\r\n", c.call("BGSAVE"));
            // wait until the save has written part of its temporary file, then kill -9
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            Path temp = null;
            while (temp == null && System.nanoTime() < deadline) {
                try (Stream<Path> files = Files.list(dir)) {
                    temp = files.filter(f -> f.getFileName().toString().startsWith("temp-")).findFirst()
                            .filter(f -> f.toFile().length() > 1000).orElse(null);
                }
                Thread.sleep(10);
            }
            assertTrue(temp != null, "the background save never started writing");
            server.destroyForcibly(); // SIGKILL
            assertTrue(server.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(137, server.exitValue(), "killed by SIGKILL");
            assertArrayEquals(previous, Files.readAllBytes(dir.resolve("dump.rdb")), "the previous dump is intact");
        } finally {
            server.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        int port2 = freePort();
        Process restarted = startServer(port2);
        try (RawClient c = connect(restarted, port2)) {
            assertEquals(":20000\r\n", c.call("DBSIZE"));
            assertEquals(bulk("old-0"), c.call("GET", "key:0"), "the dataset of the previous dump");
            assertEquals(bulk("old-19999"), c.call("GET", "key:19999"));
        } finally {
            restarted.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
