package io.lodestone.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing policy, on a fake clock: no test here waits for real time. */
class SnapshotPacerTest {
    private static final long MS = 1_000_000L;
    private static final long BUDGET = 64L << 20;

    /** A fake clock, a fake command counter, and a sleeper that advances the clock. */
    private static final class World {
        long now = 1_000 * MS;
        long commands;
        final List<Long> pauses = new ArrayList<>();
        final SnapshotPacer pacer;

        World(SnapshotPacer.Policy policy) {
            pacer = new SnapshotPacer(() -> commands, () -> now, nanos -> {
                pauses.add(nanos);
                now += nanos;
            }, policy);
        }

        World() {
            this(SnapshotPacer.Policy.standard(BUDGET));
        }

        /**
         * One step of {@code workNanos} while clients run {@code commandsPerSecond}, with this
         * backlog; returns the pause the pacer took after it (0 for none).
         */
        long step(long workNanos, long commandsPerSecond, long backlog) {
            int before = pauses.size();
            pacer.beginStep();
            advance(workNanos, commandsPerSecond);
            pacer.observeClients();
            pacer.endStep(backlog);
            return pauses.size() > before ? pauses.get(pauses.size() - 1) : 0;
        }

        void advance(long nanos, long commandsPerSecond) {
            now += nanos;
            commands += commandsPerSecond * nanos / 1_000_000_000L;
        }

        /** Steps until the smoothed rate has settled (a few smoothing periods), returns the last pause. */
        long settle(long workNanos, long commandsPerSecond, long backlog) {
            long pause = 0;
            for (int i = 0; i < 400; i++) {
                pause = step(workNanos, commandsPerSecond, backlog);
            }
            return pause;
        }
    }

    @Test
    void idleClientsLeaveTheWriterAtFullSpeed() {
        World w = new World();
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, w.step(MS, 0, 0));
        }
        assertTrue(w.pauses.isEmpty());
        assertEquals(1000, w.pacer.steps());
    }

    @Test
    void busyClientsLeaveTheWriterATenthOfTheTime() {
        World w = new World();
        // 100,000 commands a second: after 1 ms of work, 9 ms of pause
        assertEquals(9 * MS, w.settle(MS, 100_000, 0));
        long start = w.now;
        long work = 0;
        for (int i = 0; i < 100; i++) {
            w.step(2 * MS, 100_000, 0);
            work += 2 * MS;
        }
        assertEquals(0.10, (double) work / (w.now - start), 1e-9);
    }

    @Test
    void theRateIsSmoothedSoAMonitoringPollIsNotLoad() {
        World w = new World();
        // one command every 50 ms (INFO polled 20 times a second): far below 1,000 a second
        for (int i = 0; i < 2000; i++) {
            if (i % 50 == 0) {
                w.commands++;
            }
            assertEquals(0, w.step(MS, 0, 0), "step " + i);
        }
        assertTrue(w.pacer.clientRate() < 1_000, "rate " + w.pacer.clientRate());
    }

    @Test
    void theWriterSpeedsUpWhenClientsStop() {
        World w = new World();
        assertTrue(w.settle(MS, 100_000, 0) > 0);
        // the rate decays over the smoothing period (100 ms): full speed well within a second
        w.settle(MS, 0, 0);
        assertEquals(0, w.step(MS, 0, 0));
    }

    @Test
    void aBacklogRaisesTheShareInProportionUpToFullSpeedAtTheBudget() {
        World w = new World();
        w.settle(MS, 100_000, 0);
        assertEquals(9 * MS, w.step(MS, 100_000, 0));
        assertEquals(9 * MS, w.step(MS, 100_000, BUDGET / 20)); // 5%: below the busy share, no effect
        assertEquals(3 * MS, w.step(MS, 100_000, BUDGET / 4)); // a quarter of the time
        assertEquals(MS, w.step(MS, 100_000, BUDGET / 2)); // half
        assertEquals(0, w.step(MS, 100_000, BUDGET));
        assertEquals(0, w.step(MS, 100_000, 3 * BUDGET));
    }

    @Test
    void aPauseNeverExceedsTheCapSoEverySnapshotEnds() {
        World w = new World();
        w.settle(MS, 100_000, 0);
        assertEquals(50 * MS, w.step(20 * MS, 100_000, 0)); // 180 ms asked, capped at 50
        // n steps end within n * (work + cap), whatever the load
        long start = w.now;
        int steps = 500;
        for (int i = 0; i < steps; i++) {
            w.step(7 * MS, 10_000_000, 0);
        }
        assertTrue(w.now - start <= steps * (7 * MS + 50 * MS));
    }

    @Test
    void aCounterResetIsReadAsNoCommands() {
        World w = new World();
        w.settle(MS, 100_000, 0);
        w.commands = 0; // CONFIG RESETSTAT
        w.step(MS, 0, 0);
        assertTrue(w.pacer.clientRate() >= 0);
        w.settle(MS, 0, 0);
        assertEquals(0, w.step(MS, 0, 0));
    }

    @Test
    void theBusyShareIsAPolicyKnob() {
        World w = new World(new SnapshotPacer.Policy(1_000, 100 * MS, 0.25, BUDGET, 50 * MS));
        assertEquals(3 * MS, w.settle(MS, 100_000, 0));
    }

    @Test
    void fullSpeedNeverPauses() {
        SnapshotPacer pacer = SnapshotPacer.fullSpeed();
        for (int i = 0; i < 10; i++) {
            pacer.beginStep();
            pacer.observeClients();
            pacer.endStep(Long.MAX_VALUE);
        }
        assertEquals(0, pacer.pausedNanos());
    }

    @Test
    void aPolicyThatCouldStarveTheWriterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SnapshotPacer.Policy(1_000, 100 * MS, 0, BUDGET, MS));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotPacer.Policy(1_000, 100 * MS, -0.5, BUDGET, MS));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotPacer.Policy(1_000, 0, 0.1, BUDGET, MS));
    }
}
