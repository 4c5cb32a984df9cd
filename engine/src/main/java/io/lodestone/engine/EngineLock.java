package io.lodestone.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine lock ({@link Engine#lock()}), with one addition: just before the outermost hold is
 * released, it runs the release hook. Commands append their writes to the AOF's buffer under the
 * lock; the hook writes that buffer to the file (and fsyncs it under {@code appendfsync always})
 * while the lock is still held, so no reply leaves before its write is on disk, whichever path
 * ran the command (a client's batch, a blocked client being served, the cron, an embedded caller).
 * This is Redis's beforeSleep ordering: flush the AOF, then write the replies.
 *
 * <p>It also keeps a sequence, as a seqlock does, so that a reader may look at the dataset
 * WITHOUT taking the lock and then learn whether any holder ran meanwhile: the sequence is odd
 * while a thread holds the lock and moves on at each outermost acquisition and release. A reader
 * takes {@link #readStamp()}, reads (racily: it must tolerate anything, and never write), then
 * trusts what it read only if {@link #validate} holds; otherwise it takes the lock. Two threads
 * reading the same hot keys then run side by side instead of passing the lock back and forth.
 */
public final class EngineLock extends ReentrantLock {
    private static final Runnable NONE = () -> {};
    private static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(EngineLock.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Runnable releaseHook = NONE;
    /** Odd while the lock is held; written only by the holder. */
    private volatile long sequence;

    /** Sets what runs before each outermost release (null: nothing). */
    public void setReleaseHook(Runnable hook) {
        this.releaseHook = hook == null ? NONE : hook;
    }

    // ---- lock-free readers ----------------------------------------------------------------------

    /** The sequence before a lock-free read; a read that starts while the lock is held (odd) cannot succeed. */
    public long readStamp() {
        return sequence;
    }

    /**
     * Whether no thread held the lock since {@code stamp} was taken, so that everything read since
     * is a consistent view of the dataset (the reads are ordered before this check).
     */
    public boolean validate(long stamp) {
        VarHandle.acquireFence();
        return (stamp & 1) == 0 && (long) SEQUENCE.getOpaque(this) == stamp;
    }

    /** Marks the start of an outermost hold: readers from now on will fail their validation. */
    private void held() {
        if (getHoldCount() == 1) {
            sequence = sequence + 1;
            // the holder's writes must not become visible before the odd sequence does
            VarHandle.storeStoreFence();
        }
    }

    // ---- acquisition and release ---------------------------------------------------------------

    @Override
    public void lock() {
        super.lock();
        held();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        super.lockInterruptibly();
        held();
    }

    @Override
    public boolean tryLock() {
        if (super.tryLock()) {
            held();
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        if (super.tryLock(timeout, unit)) {
            held();
            return true;
        }
        return false;
    }

    @Override
    public void unlock() {
        if (getHoldCount() == 1) {
            try {
                releaseHook.run();
            } finally {
                // the volatile write publishes every write of the hold before the even sequence
                sequence = sequence + 1;
                super.unlock();
            }
            return;
        }
        super.unlock();
    }
}
