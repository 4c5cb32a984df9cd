package io.lodestone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine lock's release hook and the sequence that lock-free readers validate against. */
class EngineLockTest {
    private final EngineLock lock = new EngineLock();

    @Test
    void theSequenceIsOddExactlyWhileTheLockIsHeld() throws Exception {
        long idle = lock.readStamp();
        assertEquals(0, idle & 1);
        lock.lock();
        assertEquals(1, lock.readStamp() & 1);
        lock.unlock();
        assertEquals(idle + 2, lock.readStamp());
        assertTrue(lock.tryLock());
        assertEquals(1, lock.readStamp() & 1);
        lock.unlock();
        assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
        lock.unlock();
        lock.lockInterruptibly();
        lock.unlock();
        assertEquals(idle + 8, lock.readStamp());
    }

    @Test
    void reentrantHoldsMoveTheSequenceOnlyAtTheOutermostLevel() {
        lock.lock();
        long held = lock.readStamp();
        lock.lock();
        assertTrue(lock.tryLock());
        lock.unlock();
        lock.unlock();
        assertEquals(held, lock.readStamp());
        lock.unlock();
        assertEquals(held + 1, lock.readStamp());
    }

    @Test
    void aStampValidatesOnlyIfNoHoldHappenedSince() {
        long stamp = lock.readStamp();
        assertTrue(lock.validate(stamp));
        lock.lock();
        assertFalse(lock.validate(stamp), "a hold in progress");
        lock.unlock();
        assertFalse(lock.validate(stamp), "a hold that came and went");
        assertTrue(lock.validate(lock.readStamp()));
    }

    @Test
    void aStampTakenWhileHeldNeverValidates() throws Exception {
        lock.lock();
        try {
            long stamp = lock.readStamp();
            boolean valid = CompletableFuture.supplyAsync(() -> lock.validate(stamp)).get(10, TimeUnit.SECONDS);
            assertFalse(valid);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void theReleaseHookRunsOnceBeforeTheOutermostReleaseAndAFailingHookStillReleases() {
        AtomicInteger runs = new AtomicInteger();
        lock.setReleaseHook(() -> {
            assertTrue(lock.isHeldByCurrentThread());
            runs.incrementAndGet();
        });
        lock.lock();
        lock.lock();
        lock.unlock();
        assertEquals(0, runs.get());
        lock.unlock();
        assertEquals(1, runs.get());

        lock.setReleaseHook(() -> {
            throw new IllegalStateException("disk full");
        });
        long before = lock.readStamp();
        lock.lock();
        assertThrows(IllegalStateException.class, lock::unlock);
        assertFalse(lock.isLocked());
        assertEquals(before + 2, lock.readStamp());
    }
}
