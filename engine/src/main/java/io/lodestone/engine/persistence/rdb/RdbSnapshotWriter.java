package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.keyspace.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Lock;

/**
 * Writes a {@link Snapshot} of the keyspace as an RDB file: to a temporary file in the target's
 * directory, fsync, rename over the target, fsync the directory, so that a crash at any instant
 * leaves either the old file or the new one, whole.
 *
 * <p>{@link #begin()} fixes the point in time (under the engine lock). {@link #write} then walks
 * the snapshot one batch of slots per short hold of the lock: entries are serialised into memory
 * under the lock (and, for slots a client is about to change, by that client's command), and the
 * bytes reach the disk with the lock released. SAVE calls both with the lock held throughout.
 */
public final class RdbSnapshotWriter implements Snapshot.Sink {
    /** Entries serialised per hold of the engine lock: short enough that no client notices. */
    private static final int BATCH_ENTRIES = 256;

    private final Keyspace keyspace;
    private final Lock lock;
    private final RdbContext ctx;
    private final boolean compress;
    private final boolean checksum;
    private final long usedMemory;
    /** Per database: entries serialised and not yet written to the file. Guarded by the lock. */
    private final RdbOutput[] pending;
    private RdbOutput spare;
    private Snapshot snapshot;
    private volatile long keysWritten;
    private volatile long keysTotal;
    private long bytesWritten;
    private long keySaveDelayMicros;
    private boolean aofBase;
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
        this.pending = new RdbOutput[keyspace.databaseCount()];
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

    /** Marks the file as an AOF's base (its aof-base aux field), as Redis's rewrite with a preamble does. */
    public void setAofBase(boolean aofBase) {
        this.aofBase = aofBase;
    }

    /** Fixes the point in time of the file; caller holds the engine lock. */
    public void begin() {
        snapshot = keyspace.beginSnapshot(this);
        keysTotal = snapshot.totalKeysAtStart();
    }

    @Override
    public void entry(int db, byte[] key, Object value, long expireAt) {
        RdbOutput out = pending[db];
        if (out == null) {
            out = pending[db] = new RdbOutput(1 << 16, compress);
        }
        if (commands != null) {
            commands.entry(out, key, value, expireAt);
        } else {
            RdbEncoder.writeEntry(out, key, value, expireAt, ctx);
        }
    }

    /** Entries handed over so far (INFO current_save_keys_processed). */
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
     * Writes the whole file and renames it to {@code target}. Needs the snapshot begun; takes the
     * engine lock for each batch (or runs under it when the caller holds it). On failure the
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
        RdbOutput head = new RdbOutput(256, compress);
        if (commands == null) {
            RdbEncoder.writeHeader(head);
            RdbEncoder.writeStandardAux(head, snapshot.startMillis(), usedMemory, aofBase);
            crc = emit(file, head, crc);
        }
        for (int db = 0; db < snapshot.databaseCount(); db++) {
            if (snapshot.keysAtStart(db) == 0) {
                continue;
            }
            head.reset();
            if (commands != null) {
                commands.databaseStart(head, db);
            } else {
                RdbEncoder.writeDatabaseStart(head, db, snapshot.keysAtStart(db), snapshot.volatileKeysAtStart(db));
            }
            crc = emit(file, head, crc);
            int slot = 0;
            while (slot >= 0) {
                RdbOutput batch;
                long before = keysWritten;
                lock.lock();
                try {
                    slot = snapshot.advance(db, slot, BATCH_ENTRIES);
                    keysWritten = snapshot.entriesWritten();
                    batch = takePending(db);
                } finally {
                    lock.unlock();
                }
                if (batch != null) {
                    crc = emit(file, batch, crc);
                    batch.reset();
                    spare = batch;
                }
                if (keySaveDelayMicros > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos((keysWritten - before) * keySaveDelayMicros * 1000);
                }
            }
        }
        endSnapshot();
        if (commands != null) {
            return; // commands need no trailer
        }
        head.reset();
        RdbEncoder.writeEof(head);
        crc = emit(file, head, crc);
        head.reset();
        head.writeLongLE(checksum ? crc : 0);
        emit(file, head, crc);
    }

    /** Removes a temporary file; a file system that refuses (read-only) must not hide the save's own error. */
    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more to do: the dump itself was not touched
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
        RdbOutput out = pending[db];
        if (out == null || out.size() == 0) {
            return null;
        }
        RdbOutput empty = spare != null ? spare : new RdbOutput(1 << 16, compress);
        spare = null;
        pending[db] = empty;
        return out;
    }

    private long emit(FileChannel file, RdbOutput out, long crc) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(out.array(), 0, out.size());
        while (bb.hasRemaining()) {
            file.write(bb);
        }
        bytesWritten += out.size();
        return checksum ? Crc64.update(crc, out.array(), 0, out.size()) : 0;
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
