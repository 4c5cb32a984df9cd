package io.lodestone.server.testing;

import io.lodestone.server.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lodestone server in a child JVM ({@link Main} from the test class path), run as a user runs
 * it: for tests that kill it with SIGKILL, send it SIGTERM/SIGINT, restart it on the same files,
 * or give it a real small disk ({@link DiskSandbox}).
 *
 * <pre>{@code
 * ServerProcess.Builder server = ServerProcess.builder(tmp)      // logs here; --dir here too
 *         .in(disk)                                              // optional: --dir is disk.dir(), run inside it
 *         .args("--save", "3600 1", "--appendonly", "yes");
 * try (ServerProcess s = server.start(); RawClient c = s.client()) {
 *     c.call("SET", "k", "v");
 *     s.kill();                                                  // SIGKILL, waits: exit code 137
 * }
 * try (ServerProcess s = server.start(); RawClient c = s.client()) { ... }   // restart on the same dir
 * }</pre>
 *
 * <p>Each start listens on 127.0.0.1 and a port the OS picks ({@code --port 0}, read back from
 * the "ready to accept connections" line, so there is no race for a free port), unless
 * {@link Builder#args} sets {@code --port}/{@code --bind}/{@code --dir} itself. {@link
 * Builder#start()} returns once the server is ready (dataset loaded) and fails, with the
 * server's output, if it exits or is not ready within the timeout (20 s by default). The output
 * (stdout and stderr) of each start goes to its own file in the work directory ({@link #log()}).
 * Every wait is bounded. {@link #close()} SIGKILLs the process (by its PID) if it still runs.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready to accept connections on port (\\d+)");
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Process process;
    private final Path logFile;
    private final int port;

    private ServerProcess(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    /** A server whose log files (and, outside a sandbox, data files: --dir) go to {@code workDir}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir.toAbsolutePath().normalize());
    }

    /** How to start a server; reusable: each {@link #start()} starts a new process with the same settings. */
    public static final class Builder {
        private final Path workDir;
        private DiskSandbox sandbox;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx512m"));
        private Duration startTimeout = Duration.ofSeconds(20);

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Runs the server inside the sandbox's namespace, with {@code --dir} on its tmpfs. */
        public Builder in(DiskSandbox sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** Command-line directives, as lodestone-server takes them: {@code "--save", "3600 1"}. Adds to earlier ones. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** JVM options, replacing the defaults (a quick-starting client JIT, serial GC, 512 MB heap). */
        public Builder jvmArgs(String... options) {
            jvmArgs.clear();
            jvmArgs.addAll(List.of(options));
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** The data directory the server is given (inside the sandbox if there is one). */
        public Path dir() {
            return sandbox != null ? sandbox.dir() : workDir;
        }

        /** The full command line of a start. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            if (sandbox != null) {
                command.addAll(sandbox.enterCommand(workDir));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
            if (!args.contains("--port")) {
                command.addAll(List.of("--port", "0"));
            }
            if (!args.contains("--bind")) {
                command.addAll(List.of("--bind", "127.0.0.1"));
            }
            if (!args.contains("--dir")) {
                command.addAll(List.of("--dir", dir().toString()));
            }
            command.addAll(args);
            return command;
        }

        /** Starts a server and waits until it is ready to accept connections. */
        public ServerProcess start() {
            Path log = workDir.resolve("server-" + STARTS.incrementAndGet() + ".log");
            ProcessBuilder pb = new ProcessBuilder(command()).directory(workDir.toFile());
            pb.environment().remove("LODESTONE_DAEMONIZED");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process;
            try {
                Files.createDirectories(workDir);
                process = pb.start();
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (true) {
                Matcher ready = READY.matcher(read(log));
                if (ready.find()) {
                    return new ServerProcess(process, log, Integer.parseInt(ready.group(1)));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the server exited (" + process.exitValue() + ") before it was ready: "
                            + read(log));
                }
                if (System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    throw new AssertionError("the server was not ready within " + startTimeout + ": " + read(log));
                }
                Await.pause(10);
            }
        }
    }

    // ---- talking to it -------------------------------------------------------------------------

    public int port() {
        return port;
    }

    /** PID of the server's JVM (nsenter replaces itself with it). */
    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** A new connection to the server (bounded reads, exact RESP). */
    public RawClient client() {
        return RawClient.connect("127.0.0.1", port);
    }

    /** The server's output so far (its log). */
    public String log() {
        return read(logFile);
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until the log contains {@code fragment}; false if it does not within {@code timeout}. */
    public boolean awaitLog(String fragment, Duration timeout) {
        return Await.until(() -> log().contains(fragment), timeout);
    }

    // ---- stopping it ---------------------------------------------------------------------------

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name ({@code "TERM"}, {@code "INT"}, {@code "KILL"}, {@code "STOP"}...) to the server's PID. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -s " + name + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM, without waiting: Redis's graceful stop (saves first when save rules are set). */
    public void terminate() {
        signal("TERM");
    }

    /** SIGKILL (a crash: nothing runs in the server) and waits for the process to go; returns its exit code (137). */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("SIGKILL did not stop " + pid()));
    }

    /** Waits for the process to exit; its exit code, or empty if it still runs after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGKILLs the server if it still runs, and waits (bounded) for it to go. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
