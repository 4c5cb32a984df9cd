package io.lodestone.engine.persistence;

import io.lodestone.engine.persistence.rdb.RdbSnapshotWriter;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot written to a file by a background thread: a BGSAVE or a BGREWRITEAOF, what Redis
 * runs as its one child process. Started, cancelled and awaited the same way for both.
 */
public final class SnapshotJob {
    private final RdbSnapshotWriter writer;
    private final long startMillis;
    private volatile boolean cancelled;
    private Thread thread;

    /** @param writer a writer whose snapshot has begun (under the engine lock) */
    public SnapshotJob(RdbSnapshotWriter writer, long startMillis) {
        this.writer = writer;
        this.startMillis = startMillis;
    }

    public RdbSnapshotWriter writer() {
        return writer;
    }

    /** The engine time when its snapshot began. */
    public long startMillis() {
        return startMillis;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code body} (which writes the file) on a daemon thread of that name. */
    public void start(String threadName, Runnable body) {
        thread = new Thread(body, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops it at once: the writer's next step fails, which removes its temporary file. */
    public void cancel() {
        cancelled = true;
        writer.endSnapshot();
    }

    /** Waits (bounded) for the thread; call without the engine lock. True once it has finished. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }
}
