package io.lodestone.engine.persistence.rdb;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An RDB file that could not be written, with the step that failed, so that the log says what
 * Redis's rdbSave says (a full disk, a read-only or missing directory...). The cause is the
 * file system's own error.
 */
public final class RdbSaveException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Where the save failed. */
    public enum Step {
        /** Creating the temporary file. */
        OPEN,
        /** Writing the file's contents (Redis: rdbSaveRio). */
        WRITE,
        /** Flushing it to the device (Redis: fsync). */
        FSYNC,
        /** Renaming it over the dump. */
        RENAME,
        /** Syncing the directory after the rename (Redis: fsyncFileDir). */
        FSYNC_DIR
    }

    private final Step step;
    private final Path temp;
    private final Path target;

    public RdbSaveException(Step step, Path temp, Path target, IOException cause) {
        super(step + " " + temp + ": " + reason(cause), cause);
        this.step = step;
        this.temp = temp;
        this.target = target;
    }

    public Step step() {
        return step;
    }

    /** The error as strerror words it, e.g. "No space left on device" or "Read-only file system". */
    public String reason() {
        return reason((IOException) getCause());
    }

    /** The line Redis 7.0 logs for this failure; {@code serverDir} is the server's working directory. */
    public String logLine(String serverDir) {
        return switch (step) {
            case OPEN -> "Failed opening the temp RDB file " + temp.getFileName() + " (in server root dir " + serverDir
                    + ") for saving: " + reason();
            case RENAME -> "Error moving temp DB file " + temp.getFileName() + " on the final destination "
                    + target.getFileName() + " (in server root dir " + serverDir + "): " + reason();
            case WRITE -> "Write error saving DB on disk(rdbSaveRio): " + reason();
            case FSYNC -> "Write error saving DB on disk(fsync): " + reason();
            case FSYNC_DIR -> "Write error saving DB on disk(fsyncFileDir): " + reason();
        };
    }

    /** Java names the file in its messages; strerror's words alone are what Redis logs. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            if (fs.getReason() != null) {
                return fs.getReason();
            }
            if (e instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            if (e instanceof AccessDeniedException) {
                return "Permission denied";
            }
            if (e instanceof NotDirectoryException) {
                return "Not a directory";
            }
        }
        return String.valueOf(e.getMessage());
    }
}
