package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.keyspace.Snapshot;
import io.lodestone.engine.persistence.DeferredStrings;
import io.lodestone.engine.persistence.SnapshotPacer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes a {@link Snapshot} of the keyspace as an RDB file: to a temporary file in the target's
 * directory, fsync, rename over the target, fsync the directory, so that a crash at any instant
 * leaves either the old file or the new one, whole.
 *
 * <p>{@link #begin()} fixes the point in time (under the engine lock). {@link #write} then walks
 * the snapshot in short steps, each one short hold of the engine lock, paced by a
 * {@link SnapshotPacer} so that busy clients keep most of the machine. Entries reach the writer in
 * two ways, both under the lock: string entries are kept by reference ({@link DeferredStrings}:
 * a string is never changed in place) and serialised by this writer's thread with the lock
 * released; the other types can change in place, so they are serialised at once, into a buffer per
 * database. When a client is about to change a slot the walk has not reached, that slot is handed
 * over by the client's command: it then costs the command a few stores per string entry. Each step
 * takes the waiting entries of the database being written (walking further only when none wait),
 * and writes them to the file without the lock. SAVE calls both with the lock held throughout, at
 * full speed.
 */
public final class RdbSnapshotWriter implements Snapshot.Sink {
    /** Entries walked per step when none wait: one chunk of deferred strings. */
    private static final int STEP_ENTRIES = DeferredStrings.CHUNK;
    private static final int BUFFER_BYTES = 1 << 16;
    /** rdb-save-incremental-fsync / aof-rewrite-incremental-fsync: fsync every 4 MB (Redis's REDIS_AUTOSYNC_BYTES). */
    private static final long INCREMENTAL_FSYNC_BYTES = 4L << 20;

    private final Keyspace keyspace;
    private final Lock lock;
    private final RdbContext ctx;
    private final boolean compress;
    private final boolean checksum;
    private final long usedMemory;
    /** String entries handed over and not yet written. Guarded by the lock. */
    private final DeferredStrings strings;
    /** Per database: other entries, serialised and not yet written. Guarded by the lock. */
    private final RdbOutput[] pending;
    /** Per database: the entries in {@link #pending}. Guarded by the lock. */
    private final int[] pendingEntries;
    /** An empty buffer to swap in for a database's pending one. Guarded by the lock. */
    private RdbOutput spare;
    /** The writer thread's own buffer for the strings it serialises. */
    private final RdbOutput out;
    private ByteBuffer outView;
    private SnapshotPacer pacer = SnapshotPacer.fullSpeed();
    private Snapshot snapshot;
    private volatile long keysWritten;
    private volatile long keysTotal;
    private long bytesWritten;
    /** The most the writer held in memory for the snapshot at a step (its copy-on-write). */
    private long peakBacklogBytes;
    private long keySaveDelayMicros;
    private boolean aofBase;
    private boolean incrementalFsync;
    private long syncedBytes;
    /** Null: RDB; else the commands of an AOF base written without the RDB preamble. */
    private CommandFormat commands;

    public RdbSnapshotWriter(Keyspace keyspace, Lock lock, RdbContext ctx, boolean compress, boolean checksum,
            long usedMemory) {
        this.keyspace = keyspace;
        this.lock = lock;
        this.ctx = ctx;
        this.compress = compress;
        this.checksum = checksum;
        this.usedMemory = usedMemory;
        this.strings = new DeferredStrings(keyspace.databaseCount());
        this.pending = new RdbOutput[keyspace.databaseCount()];
        this.pendingEntries = new int[keyspace.databaseCount()];
        this.out = new RdbOutput(BUFFER_BYTES, compress);
    }

    /** Slows the writing down by this many microseconds per key (testing, as Redis's rdb-key-save-delay). */
    public void setKeySaveDelayMicros(long micros) {
        this.keySaveDelayMicros = micros;
    }

    /**
     * How a snapshot is written as commands instead (an AOF base with {@code aof-use-rdb-preamble
     * no}): a SELECT where each database starts, then each entry's commands; no header, no trailer.
     */
    public interface CommandFormat {
        void databaseStart(RdbOutput out, int db);

        void entry(RdbOutput out, byte[] key, Object value, long expireAt);
    }

    /** Writes the snapshot as commands in {@code format} instead of RDB. */
    public void setCommandFormat(CommandFormat format) {
        this.commands = format;
    }

    /** Fsyncs every 4 MB while writing (rdb-save-incremental-fsync, aof-rewrite-incremental-fsync). */
    public void setIncrementalFsync(boolean incrementalFsync) {
        this.incrementalFsync = incrementalFsync;
    }

    /** Marks the file as an AOF's base (its aof-base aux field), as Redis's rewrite with a preamble does. */
    public void setAofBase(boolean aofBase) {
        this.aofBase = aofBase;
    }

    /** Paces the steps of {@link #write} (BGSAVE); by default the writer runs at full speed (SAVE). */
    public void setPacer(SnapshotPacer pacer) {
        this.pacer = pacer;
    }

    /** Fixes the point in time of the file; caller holds the engine lock. */
    public void begin() {
        snapshot = keyspace.beginSnapshot(this);
        keysTotal = snapshot.totalKeysAtStart();
    }

    @Override
    public void entry(int db, byte[] key, Object value, long expireAt) {
        if (value instanceof byte[] string) {
            strings.add(db, key, string, expireAt);
            return;
        }
        RdbOutput buffer = pending[db];
        if (buffer == null) {
            buffer = pending[db] = new RdbOutput(BUFFER_BYTES, compress);
        }
        encode(buffer, key, value, expireAt);
        pendingEntries[db]++;
    }

    /** Entries written to the file so far (INFO current_save_keys_processed). */
    public long keysWritten() {
        return keysWritten;
    }

    /** Keys when the snapshot began (INFO current_save_keys_total). */
    public long keysTotal() {
        return keysTotal;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * The most memory the snapshot kept for itself at once: string entries handed over by reference
     * (their keys and values, reachable until written) and the other entries serialised ahead of
     * the file. This is what a fork's copy-on-write costs Redis.
     */
    public long peakBacklogBytes() {
        return peakBacklogBytes;
    }

    /** The pacer of the steps, for its statistics. */
    public SnapshotPacer pacer() {
        return pacer;
    }

    /** One entry in the file's format: RDB, or the commands that rebuild it. */
    private void encode(RdbOutput buffer, byte[] key, Object value, long expireAt) {
        if (commands != null) {
            commands.entry(buffer, key, value, expireAt);
        } else {
            RdbEncoder.writeEntry(buffer, key, value, expireAt, ctx);
        }
    }

    /**
     * Writes the whole file and renames it to {@code target}. Needs the snapshot begun; takes the
     * engine lock for each step (or runs under it when the caller holds it). On failure the
     * snapshot is ended, the temporary file removed, and the target left as it was; a file system
     * error comes as an {@link RdbSaveException} naming the step that failed.
     */
    public void write(Path target, Path temp) throws IOException {
        RdbSaveException.Step step = RdbSaveException.Step.OPEN;
        boolean renamed = false;
        try {
            try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                step = RdbSaveException.Step.WRITE;
                writeContents(file);
                step = RdbSaveException.Step.FSYNC;
                file.force(true);
            }
            step = RdbSaveException.Step.RENAME;
            moveAtomically(temp, target);
            renamed = true;
            step = RdbSaveException.Step.FSYNC_DIR;
            syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new RdbSaveException(step, temp, target, e);
        } finally {
            endSnapshot();
            if (!renamed) {
                deleteQuietly(temp);
            }
        }
    }

    /** Header, every database of the snapshot, EOF and checksum (or, as commands, the databases only). */
    private void writeContents(FileChannel file) throws IOException {
        long crc = 0;
        if (commands == null) {
            RdbEncoder.writeHeader(out);
            RdbEncoder.writeStandardAux(out, snapshot.startMillis(), usedMemory, aofBase);
            crc = emit(file, out, crc);
        }
        for (int db = 0; db < snapshot.databaseCount(); db++) {
            if (snapshot.keysAtStart(db) == 0) {
                continue;
            }
            if (commands != null) {
                commands.databaseStart(out, db);
            } else {
                RdbEncoder.writeDatabaseStart(out, db, snapshot.keysAtStart(db), snapshot.volatileKeysAtStart(db));
            }
            crc = emit(file, out, crc);
            crc = writeDatabase(file, db, crc);
        }
        endSnapshot();
        if (commands != null) {
            return; // commands need no trailer
        }
        RdbEncoder.writeEof(out);
        crc = emit(file, out, crc);
        out.writeLongLE(checksum ? crc : 0);
        emit(file, out, crc);
    }

    /** Removes a temporary file; a file system that refuses (read-only) must not hide the save's own error. */
    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more to do: the dump itself was not touched
        }
    }

    /**
     * The entries of one database, in steps: under the lock, take what waits (or walk on when
     * nothing does); without it, serialise the strings and write. Done when the walk has passed
     * every slot (no entry of this database can arrive any more) and nothing waits.
     */
    private long writeDatabase(FileChannel file, int db, long crc) throws IOException {
        int slot = 0;
        DeferredStrings.Chunk written = null;
        RdbOutput emptied = null;
        while (true) {
            pacer.beginStep();
            RdbOutput serialised;
            int serialisedEntries;
            DeferredStrings.Chunk chunk;
            long backlog;
            lock.lock();
            try {
                if (snapshot.isEnded()) {
                    // cancelled (FLUSHALL, SHUTDOWN): stop now, not once the backlog is written
                    throw new IllegalStateException("snapshot ended before it was written");
                }
                if (written != null) {
                    strings.recycle(written);
                    written = null;
                }
                if (emptied != null) {
                    spare = emptied;
                    emptied = null;
                }
                if (slot >= 0 && strings.isEmpty(db)) {
                    slot = snapshot.advance(db, slot, STEP_ENTRIES);
                }
                serialisedEntries = pendingEntries[db];
                serialised = takePending(db);
                chunk = strings.take(db);
                backlog = strings.bytes() + pendingBytes();
                peakBacklogBytes = Math.max(peakBacklogBytes, backlog);
                pacer.observeClients();
            } finally {
                lock.unlock();
            }
            if (serialised == null && chunk == null && slot < 0) {
                return crc;
            }
            int entries = 0;
            if (serialised != null) {
                crc = emit(file, serialised, crc);
                entries += serialisedEntries;
                emptied = serialised;
            }
            if (chunk != null) {
                for (int i = 0, n = chunk.size(); i < n; i++) {
                    if (commands != null) {
                        commands.entry(out, chunk.key(i), chunk.value(i), chunk.expireAt(i));
                    } else {
                        RdbEncoder.writeStringEntry(out, chunk.key(i), chunk.value(i), chunk.expireAt(i));
                    }
                }
                crc = emit(file, out, crc);
                entries += chunk.size();
                written = chunk;
            }
            keysWritten += entries;
            pacer.endStep(backlog);
            if (keySaveDelayMicros > 0 && entries > 0) {
                // after the pacer's step: the delay stands for a slow disk, not for work to pace
                LockSupport.parkNanos(entries * keySaveDelayMicros * 1000);
            }
        }
    }

    /** Ends the snapshot (writes stop feeding it); safe to call more than once. */
    public void endSnapshot() {
        if (snapshot == null) {
            return;
        }
        lock.lock();
        try {
            snapshot.end();
        } finally {
            lock.unlock();
        }
    }

    /** The pending bytes of {@code db}, swapped for an empty buffer; caller holds the lock. */
    private RdbOutput takePending(int db) {
        RdbOutput buffer = pending[db];
        if (buffer == null || buffer.size() == 0) {
            return null;
        }
        RdbOutput empty = spare != null ? spare : new RdbOutput(BUFFER_BYTES, compress);
        spare = null;
        pending[db] = empty;
        pendingEntries[db] = 0;
        return buffer;
    }

    private long pendingBytes() {
        long total = 0;
        for (RdbOutput buffer : pending) {
            if (buffer != null) {
                total += buffer.size();
            }
        }
        return total;
    }

    /** Writes {@code buffer} to the file and empties it; returns the checksum updated with its bytes. */
    private long emit(FileChannel file, RdbOutput buffer, long crc) throws IOException {
        int size = buffer.size();
        ByteBuffer bb = buffer == out ? outView() : ByteBuffer.wrap(buffer.array(), 0, size);
        bb.limit(size).position(0);
        while (bb.hasRemaining()) {
            file.write(bb);
        }
        bytesWritten += size;
        if (incrementalFsync && bytesWritten - syncedBytes >= INCREMENTAL_FSYNC_BYTES) {
            file.force(false); // many small fsyncs instead of one huge one at the end
            syncedBytes = bytesWritten;
        }
        long updated = checksum ? Crc64.update(crc, buffer.array(), 0, size) : 0;
        buffer.reset();
        return updated;
    }

    /** A view of {@link #out}'s array, made again only when the array grew. */
    private ByteBuffer outView() {
        if (outView == null || outView.array() != out.array()) {
            outView = ByteBuffer.wrap(out.array());
        }
        return outView;
    }

    /** Renames {@code from} over {@code to} in one step where the file system allows it. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** fsync of a directory, so that a rename in it survives a crash. */
    public static void syncDirectory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open or sync a directory; the rename itself still happened
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
