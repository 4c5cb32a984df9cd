package io.lodestone.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small real disk for crash-safety tests: a tmpfs of a fixed size mounted on a directory inside
 * a private mount namespace, so that a server started in it ({@link ServerProcess.Builder#in})
 * meets real {@code ENOSPC} (a full disk) and {@code EROFS} (an unwritable directory) errors,
 * while the rest of the machine never sees the mount.
 *
 * <p>The namespace is held by a helper process ({@code unshare -m sh}) for the sandbox's whole
 * life, so servers can be killed and started again on the same disk. The test reaches the
 * sandbox's files from outside through {@code /proc/<holder>/root/<dir>} ({@link #file}).
 *
 * <pre>{@code
 * try (DiskSandbox disk = DiskSandbox.tmpfs(tmp.resolve("data"), 2 << 20)) {   // 2 MiB
 *     ServerProcess.Builder server = ServerProcess.builder(tmp).in(disk).args("--save", "3600 1");
 *     try (ServerProcess s = server.start(); RawClient c = s.client()) {
 *         disk.fill("filler");                 // every write in the sandbox now fails with ENOSPC
 *         ...
 *         disk.delete("filler");               // space again
 *         disk.setReadOnly(true);              // EROFS (remount: no file may be open for writing)
 *     }
 *     try (ServerProcess again = server.start()) { ... }   // a restart sees the same files
 * }
 * }</pre>
 *
 * <p>Needs Linux with {@code unshare}, {@code nsenter} and {@code mount} (util-linux), run as root,
 * or as a user allowed to create user namespaces ({@code unshare -r}). Where the namespace or the
 * mount is refused, {@link #tmpfs} skips the test with a JUnit assumption that says why.
 *
 * <p>Cleanup: {@link #close()} ends the holder and with it the namespace and the tmpfs. Should
 * the test JVM die first, the holder sees its stdin close and SIGKILLs, by PID, every process
 * still inside its namespace (only servers this sandbox started can be there), then exits.
 */
public final class DiskSandbox implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** Exit code of the holder when its mount failed (the script's own, not one of unshare's). */
    private static final int MOUNT_FAILED = 97;

    /**
     * The holder: mounts the tmpfs, says "ready", waits for its stdin to close, then kills
     * whatever is left in its namespace (by PID, never by name) and exits, taking the mount along.
     */
    private static final String HOLDER_SCRIPT = """
            mount -t tmpfs -o "size=$2,mode=0755" lodestone-sandbox "$1" || exit 97
            echo ready
            cat > /dev/null
            ns=$(readlink /proc/$$/ns/mnt)
            for p in /proc/[0-9]*; do
              pid=${p#/proc/}
              if [ "$pid" != "$$" ] && [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$ns" ]; then
                kill -9 "$pid" 2>/dev/null
              fi
            done
            exit 0
            """;

    private final Path dir;
    private final long sizeBytes;
    private final Process holder;
    private final boolean userNamespace;
    private final Path holderLog;

    private DiskSandbox(Path dir, long sizeBytes, Process holder, boolean userNamespace, Path holderLog) {
        this.dir = dir;
        this.sizeBytes = sizeBytes;
        this.holder = holder;
        this.userNamespace = userNamespace;
        this.holderLog = holderLog;
    }

    /**
     * Mounts a tmpfs of {@code sizeBytes} (rounded up to whole pages by the kernel) on
     * {@code mountPoint} (created if missing; it must be an absolute path that is not itself on a
     * sandbox) inside a new private mount namespace. Skips the calling test (a JUnit assumption)
     * when the system does not permit it.
     */
    public static DiskSandbox tmpfs(Path mountPoint, long sizeBytes) {
        Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase().startsWith("linux"),
                "DiskSandbox needs Linux mount namespaces");
        Path dir = mountPoint.toAbsolutePath().normalize();
        Path log = dir.resolveSibling(dir.getFileName() + ".sandbox.log");
        boolean asRoot = isRoot();
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private"));
        if (!asRoot) {
            command.add(1, "-r"); // a user namespace in which we are root: enough to mount a tmpfs
        }
        command.addAll(List.of("sh", "-c", HOLDER_SCRIPT, "lodestone-sandbox", dir.toString(),
                Long.toString(sizeBytes)));
        Process holder;
        try {
            Files.createDirectories(dir);
            holder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("DiskSandbox: cannot run unshare (util-linux): " + e.getMessage());
            throw new AssertionError(e); // not reached
        }
        DiskSandbox sandbox = new DiskSandbox(dir, sizeBytes, holder, !asRoot, log);
        sandbox.awaitReady(command);
        return sandbox;
    }

    private void awaitReady(List<String> command) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!holderOutput().contains("ready")) {
            if (!holder.isAlive()) {
                int code = holder.exitValue();
                String why = code == MOUNT_FAILED ? "mount -t tmpfs was refused" : "unshare -m was refused";
                Assumptions.abort("DiskSandbox: a private mount namespace with a tmpfs is not permitted here ("
                        + why + ", exit " + code + ", as " + (userNamespace ? "a user" : "root") + "): "
                        + holderOutput().strip() + " [" + String.join(" ", command.subList(0, command.indexOf("sh")))
                        + "]");
            }
            if (System.nanoTime() - deadline > 0) {
                close();
                throw new AssertionError("DiskSandbox: the namespace holder did not start within " + READY_TIMEOUT
                        + ": " + holderOutput());
            }
            Await.pause(5);
        }
        // entering the namespace is what servers need: check it once, here
        ProcessResult probe = runInside(List.of("true"));
        if (probe.exitCode() != 0) {
            close();
            Assumptions.abort("DiskSandbox: nsenter into the sandbox is not permitted here: " + probe.output());
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException ignored) {
            // not Linux-like: treat as unprivileged
        }
        return false;
    }

    // ---- what a test uses ----------------------------------------------------------------------

    /** The mounted directory, as processes inside the sandbox see it (give it to the server as --dir). */
    public Path dir() {
        return dir;
    }

    /** Size of the tmpfs as asked. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** PID of the process holding the namespace. */
    public long holderPid() {
        return holder.pid();
    }

    /**
     * A file of the sandbox as the test reaches it from outside (through
     * {@code /proc/<holder>/root}): read it, write it, delete it, list the directory with
     * {@code file("")}. Use this, never {@link #dir()}, from the test: outside the namespace
     * {@code dir()} is an empty directory.
     */
    public Path file(String name) {
        Path inside = Path.of("/proc", Long.toString(holder.pid()), "root").resolve(dir.toString().substring(1));
        return name.isEmpty() ? inside : inside.resolve(name);
    }

    /**
     * Fills the disk: writes zeros to {@code name} until the file system says it is full
     * ({@code No space left on device}). Returns the bytes written. Fails if the disk does not
     * fill up (not a small tmpfs) or refuses the write for another reason.
     */
    public long fill(String name) {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        long written = 0;
        try (FileChannel out = FileChannel.open(file(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (true) {
                zeros.clear();
                try {
                    while (zeros.hasRemaining()) {
                        written += out.write(zeros);
                    }
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("No space left on device")) {
                        return written;
                    }
                    throw e;
                }
                if (written > sizeBytes + (1 << 20)) {
                    throw new AssertionError("DiskSandbox: " + written + " bytes written and the disk is not full");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file of the sandbox (a filler, to free the disk); false if it did not exist. */
    public boolean delete(String name) {
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in the sandbox's directory, sorted. */
    public List<String> list() {
        try (var files = Files.list(file(""))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Remounts the tmpfs read-only (every write then fails with {@code Read-only file system},
     * files stay readable) or writable again. Read-only fails (the mount is busy) while a process
     * has a file in the sandbox open for writing: with an always-open file (an AOF), fill the
     * disk instead, or make it read-only before the server starts.
     */
    public void setReadOnly(boolean readOnly) {
        // a bind remount flips the mount's own read-only flag: it works in a user namespace too, where
        // remounting the tmpfs itself is refused
        run("mount", "-o", readOnly ? "remount,bind,ro" : "remount,bind,rw", dir.toString());
    }

    /** Runs a command inside the sandbox's namespace; returns its output (stdout and stderr); fails unless it exits 0. */
    public String run(String... command) {
        ProcessResult r = runInside(List.of(command));
        if (r.exitCode() != 0) {
            throw new AssertionError("DiskSandbox: " + String.join(" ", command) + " exited " + r.exitCode() + ": "
                    + r.output());
        }
        return r.output();
    }

    /**
     * The command-line prefix that runs a program inside the sandbox's namespace ({@code nsenter
     * ... --}), with {@code workDir} as its working directory. {@link ServerProcess} uses it;
     * available for other programs (redis-server, redis-check-rdb...).
     */
    public List<String> enterCommand(Path workDir) {
        List<String> prefix = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid()), "-m"));
        if (userNamespace) {
            prefix.addAll(List.of("-U", "--preserve-credentials"));
        }
        prefix.add("--wd=" + workDir.toAbsolutePath());
        prefix.add("--");
        return prefix;
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    /**
     * Ends the sandbox: the holder's stdin closes, it SIGKILLs any process still inside (stop
     * your servers first, to check how they stop), and the tmpfs goes with the namespace.
     */
    @Override
    public void close() {
        try {
            OutputStream stdin = holder.getOutputStream();
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            holder.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private record ProcessResult(int exitCode, String output) {}

    private ProcessResult runInside(List<String> command) {
        List<String> full = new ArrayList<>(enterCommand(Path.of("/")));
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("DiskSandbox: " + String.join(" ", full) + " did not finish within 10 s");
            }
            return new ProcessResult(p.exitValue(), new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new ProcessResult(-1, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String holderOutput() {
        try {
            return Files.exists(holderLog) ? new String(Files.readAllBytes(holderLog), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
