package io.lodestone.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine lock ({@link Engine#lock()}), with one addition: just before the outermost hold is
 * released, it runs the release hook. Commands append their writes to the AOF's buffer under the
 * lock; the hook writes that buffer to the file (and fsyncs it under {@code appendfsync always})
 * while the lock is still held, so no reply leaves before its write is on disk, whichever path
 * ran the command (a client's batch, a blocked client being served, the cron, an embedded caller).
 * This is Redis's beforeSleep ordering: flush the AOF, then write the replies.
 */
public final class EngineLock extends ReentrantLock {
    private static final Runnable NONE = () -> {};

    private volatile Runnable releaseHook = NONE;

    /** Sets what runs before each outermost release (null: nothing). */
    public void setReleaseHook(Runnable hook) {
        this.releaseHook = hook == null ? NONE : hook;
    }

    @Override
    public void unlock() {
        if (getHoldCount() == 1) {
            try {
                releaseHook.run();
            } finally {
                super.unlock();
            }
            return;
        }
        super.unlock();
    }
}
