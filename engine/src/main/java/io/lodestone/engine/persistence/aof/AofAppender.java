package io.lodestone.engine.persistence.aof;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.EngineConfig.AppendFsync;
import io.lodestone.engine.stream.WriteStreamConsumer;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the write stream to the current incremental AOF file (Redis's feedAppendOnlyFile and
 * flushAppendOnlyFile). Entries are encoded into a buffer as commands run; {@link #flush()} writes
 * the buffer out before the engine lock is released, so before any reply is sent, and under
 * {@code appendfsync always} fsyncs it too. Under {@code everysec} a background thread fsyncs once
 * a second ({@link #syncInBackground()}).
 *
 * <p>A failed write keeps the bytes for the next try (the cron retries) and marks the write status
 * failed: the server then refuses writes with -MISCONF, as Redis does, until a write succeeds.
 * Under {@code always} a failed write or fsync is fatal (a reply may already promise the write).
 * Everything but {@link #syncInBackground()} runs under the engine lock.
 */
final class AofAppender implements WriteStreamConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(AofAppender.class);

    private final EngineConfig config;
    private final CommandBuffer buffer = new CommandBuffer(1 << 16);
    /** True while a BGSAVE or rewrite runs: no-appendfsync-on-rewrite then skips fsyncs. */
    private final BooleanSupplier childActive;
    private final Runnable fatal;
    private volatile FileChannel file;
    private volatile boolean unsynced;
    private long fileSize;
    private int selectedDb = -1;
    private long lastTimestampSeconds;
    private long nowMillis;
    /** Entries appended so far, and how many of them are settled: written, and fsynced under always. */
    private volatile long appendedSeq;
    private volatile long settledSeq;
    /** The next flush leaves the buffer to its caller (a server writing once per event-loop turn). */
    private boolean deferNextFlush;
    private volatile String writeError;
    private volatile String fsyncError;
    private long lastErrorLogMillis;

    /**
     * @param childActive whether a background save or rewrite runs (no-appendfsync-on-rewrite)
     * @param fatal       what to do when an {@code always} write fails (the server exits)
     */
    AofAppender(EngineConfig config, BooleanSupplier childActive, Runnable fatal) {
        this.config = config;
        this.childActive = childActive;
        this.fatal = fatal;
    }

    /** Sets the time used for {@code aof-timestamp-enabled} annotations. */
    void setNow(long millis) {
        this.nowMillis = millis;
    }

    @Override
    public void accept(long offset, int db, byte[][] argv) {
        if (config.aofTimestampEnabled()) {
            long seconds = nowMillis / 1000;
            if (seconds != lastTimestampSeconds) {
                lastTimestampSeconds = seconds;
                buffer.appendAnnotation("TS:" + seconds);
            }
        }
        if (db != selectedDb) {
            buffer.appendSelect(db);
            selectedDb = db;
        }
        buffer.append(argv);
        appendedSeq++;
    }

    /** Bytes encoded but not yet written (INFO aof_buffer_length). */
    int pendingBytes() {
        return buffer.size();
    }

    /** Bytes in the current incremental file. */
    long fileSize() {
        return fileSize;
    }

    /**
     * Makes {@code next} the file new writes go to (after writing what is pending to the old one)
     * and returns the old one, which the caller syncs and closes. The next entry selects its db.
     */
    FileChannel switchTo(FileChannel next, long nextSize) {
        deferNextFlush = false;
        flush(); // what is pending belongs to the old file, settled there
        FileChannel old = file;
        file = next;
        fileSize = nextSize;
        selectedDb = -1;
        return old;
    }

    /**
     * Writes the pending entries to the file and, under {@code appendfsync always}, fsyncs them.
     * Does nothing once after {@link #deferNextFlush()}: that caller holds its replies back and has
     * the buffer written once per event-loop turn for all its clients (Redis's beforeSleep).
     */
    void flush() {
        if (deferNextFlush) {
            deferNextFlush = false;
            return;
        }
        FileChannel f = file;
        if (f == null || buffer.isEmpty()) {
            return;
        }
        long seq = appendedSeq;
        int pending = buffer.size();
        long before = fileSize;
        try {
            buffer.writeTo(f);
            fileSize += pending;
        } catch (IOException e) {
            undoPartialWrite(f, before);
            writeFailed(e);
            return;
        }
        unsynced = true;
        if (writeError != null) {
            writeError = null;
            LOG.warn("AOF write error looks solved, Redis can write again.");
        }
        if (config.appendfsync() == AppendFsync.ALWAYS && !fsyncPostponed()) {
            force(f, seq);
        } else {
            settledSeq = seq; // written: all that everysec and no promise before a reply
        }
    }

    /** The next {@link #flush()} (at the lock's release) leaves the buffer for later; caller holds the lock. */
    void deferNextFlush() {
        deferNextFlush = true;
    }

    /** True while appended entries are not yet as durable as the fsync policy promises a reply. Any thread. */
    boolean settlePending() {
        return settledSeq < appendedSeq;
    }

    private void force(FileChannel f, long seq) {
        try {
            f.force(false);
            unsynced = false;
            if (settledSeq < seq) {
                settledSeq = seq;
            }
        } catch (ClosedChannelException e) {
            settledSeq = Math.max(settledSeq, seq); // switched by a rewrite, which synced it first
        } catch (IOException e) {
            LOG.error("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}. Exiting...",
                    reason(e));
            fatal.run();
        }
    }

    /** Redis: a partial write is cut off again so the file holds whole commands only. */
    private void undoPartialWrite(FileChannel f, long before) {
        try {
            if (f.size() > before) {
                f.truncate(before);
            }
            f.position(before);
        } catch (IOException e) {
            // the partial bytes stay in the file: drop them from the buffer so they are not written twice
            try {
                long written = f.size() - before;
                if (written > 0 && written < buffer.size()) {
                    buffer.discardFirst((int) written);
                    fileSize += written;
                }
            } catch (IOException ignored) {
                // nothing more can be learnt about the file
            }
            LOG.warn("Could not remove short write from the append-only file. Redis may refuse to load the AOF"
                    + " the next time it starts. ftruncate: {}", reason(e));
        }
    }

    private void writeFailed(IOException e) {
        String why = reason(e);
        if (config.appendfsync() == AppendFsync.ALWAYS) {
            LOG.error("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting... ({})", why);
            fatal.run();
            return;
        }
        if (writeError == null || System.currentTimeMillis() - lastErrorLogMillis > 30_000) {
            lastErrorLogMillis = System.currentTimeMillis();
            LOG.warn("Error writing to the AOF file: {}", why);
        }
        writeError = why;
    }

    private boolean fsyncPostponed() {
        return config.noAppendfsyncOnRewrite() && childActive.getAsBoolean();
    }

    /**
     * The {@code everysec} fsync, from the background thread (without the engine lock): syncs what
     * was written since the last one. A failure marks the status failed, as a write error does.
     */
    void syncInBackground() {
        FileChannel f = file;
        if (f == null || !unsynced || config.appendfsync() != AppendFsync.EVERYSEC || fsyncPostponed()) {
            return;
        }
        unsynced = false;
        try {
            f.force(false);
            if (fsyncError != null) {
                fsyncError = null;
                LOG.warn("AOF fsync error looks solved, Redis can write again.");
            }
        } catch (ClosedChannelException e) {
            // the file was switched by a rewrite, which syncs the old one itself
        } catch (IOException e) {
            unsynced = true;
            fsyncError = reason(e);
            LOG.warn("Error syncing the AOF file: {}", fsyncError);
        }
    }

    /** Writes and fsyncs everything now (shutdown, turning the AOF off). */
    void flushAndSync() throws IOException {
        flush();
        FileChannel f = file;
        if (writeError != null) {
            throw new IOException(writeError);
        }
        if (f != null) {
            f.force(false);
            unsynced = false;
        }
    }

    /** Closes the current file (after {@link #flushAndSync()}); the appender then writes nowhere. */
    void close() {
        FileChannel f = file;
        file = null;
        buffer.clear();
        settledSeq = appendedSeq; // nothing is pending any more: no reply may wait for it
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.warn("Error closing the AOF file: {}", reason(e));
            }
        }
    }

    /** The last write's or fsync's error, or null when both succeeded (INFO aof_last_write_status, MISCONF). */
    String error() {
        String w = writeError;
        return w != null ? w : fsyncError;
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
