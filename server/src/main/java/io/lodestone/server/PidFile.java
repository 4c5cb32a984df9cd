package io.lodestone.server;

import io.lodestone.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pidfile: written by the serving process once it listens, removed on a clean shutdown. */
final class PidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    private final Path path;
    private volatile boolean written;

    private PidFile(Path path) {
        this.path = path;
    }

    /** The pidfile this configuration asks for, or null (none unless set or daemonized, as in Redis). */
    static PidFile of(ServerConfig config) {
        return config.pidfile().isEmpty() ? null : new PidFile(config.resolve(config.pidfile()));
    }

    Path path() {
        return path;
    }

    /** Writes our PID; a failure is logged, not fatal, as in Redis. */
    void write() {
        try {
            Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            written = true;
        } catch (IOException e) {
            LOG.warn("Failed to write PID file {}: {}", path, e.toString());
        }
    }

    void delete() {
        if (!written) {
            return;
        }
        written = false;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Failed to remove PID file {}: {}", path, e.toString());
        }
    }
}
