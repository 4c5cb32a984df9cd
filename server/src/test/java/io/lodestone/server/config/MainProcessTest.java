package io.lodestone.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lodestone.server.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code lodestone-server} (Main) in a child JVM, as a user would. */
class MainProcessTest {
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path tmp;

    private record Result(int exitCode, String stdout, String stderr) {}

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().remove("LODESTONE_DAEMONIZED");
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("lodestone-server did not exit within " + WAIT_SECONDS + "s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aBadConfigFileStopsStartupWithItsLineAndExitCode1() throws Exception {
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "# settings\nport 7000\n\nport abc\n");
        Result r = run(conf.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("*** FATAL CONFIG FILE ERROR"), r.stderr());
        assertTrue(r.stderr().contains(conf + ":4: port: argument couldn't be parsed into an integer\n>>> 'port abc'"),
                r.stderr());
        assertFalse(r.stderr().contains("ready to accept"), r.stderr());
    }

    @Test
    void aNotSupportedDirectiveOnTheCommandLineStopsStartup() throws Exception {
        Result r = run("--port", "0", "--cluster-enabled", "yes");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("<command line>:2: cluster-enabled: not supported yet\n>>> 'cluster-enabled \"yes\"'"),
                r.stderr());
        assertFalse(r.stderr().contains("ready to accept"), r.stderr());
    }

    @Test
    void aMissingConfigFileStopsStartup() throws Exception {
        Result r = run("missing.conf");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("Fatal error, can't open config file 'missing.conf': No such file or directory"),
                r.stderr());
    }

    @Test
    void version() throws Exception {
        Result r = run("-v");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().startsWith("Lodestone server v="), r.stdout());
    }

    @Test
    void daemonizeDetachesWritesThePidfileAndRemovesItOnShutdown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path pidfile = tmp.resolve("lodestone.pid");
        Path conf = tmp.resolve("d.conf");
        Files.writeString(conf, "daemonize yes\nbind 127.0.0.1\nport " + port + "\npidfile lodestone.pid\n"
                + "logfile lodestone.log\n");
        Optional<ProcessHandle> daemon = Optional.empty();
        try {
            Result r = run(conf.toString());
            assertEquals(0, r.exitCode(), r.stderr()); // the launching process returns at once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!Files.exists(pidfile) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(pidfile), "no pidfile; log: " + log());
            long pid = Long.parseLong(Files.readString(pidfile, StandardCharsets.US_ASCII).trim());
            daemon = ProcessHandle.of(pid);
            assertTrue(daemon.isPresent() && daemon.get().isAlive(), "pid " + pid + " not running");
            try (RespClient c = new RespClient(port)) {
                assertEquals("PONG", c.call("PING"));
                assertEquals(List.of("daemonize", "yes", "pidfile", "lodestone.pid"),
                        c.call("CONFIG", "GET", "daemonize", "pidfile"));
                c.send("SHUTDOWN");
                assertTrue(c.closedByServer());
            }
            daemon.get().onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertFalse(Files.exists(pidfile), "pidfile left behind");
            assertTrue(log().contains("ready to accept connections on port " + port), log());
        } finally {
            daemon.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private String log() throws IOException {
        Path log = tmp.resolve("lodestone.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
