package io.lodestone.engine.persistence;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * How fast a background snapshot writer may go, so that clients barely notice it: full speed while
 * they are idle, a bounded share of the time while they are busy, faster again when the entries the
 * snapshot holds in memory pile up, and never stopped. Used by BGSAVE's RDB writer and meant for the
 * AOF rewrite's base (any writer that walks a {@link io.lodestone.engine.keyspace.Snapshot} in steps).
 *
 * <p>A writer works in short steps (one hold of the engine lock, then serialising and writing
 * without it) and tells the pacer about each:
 * <pre>
 *   pacer.beginStep();
 *   lock; advance the snapshot, take what to write; pacer.observeClients(); unlock
 *   serialise, write
 *   pacer.endStep(backlogBytes);   // pauses as the policy says
 * </pre>
 *
 * <p><b>Policy.</b> Client activity is the rate of commands the engine ran, smoothed over
 * {@link Policy#smoothingNanos} (an exponential moving average, so a lone command or a monitoring
 * poll does not count as load). Below {@link Policy#idleRate} commands a second the writer runs
 * flat out. Above it, the writer may take {@link Policy#busyShare} of the time: after a step of
 * {@code w} ns it pauses {@code w * (1 - share) / share}. The writer's backlog (bytes it holds in
 * memory that clients handed over before changing them) raises the share in proportion,
 * {@code share = max(busyShare, backlog / backlogBudget)}, up to full speed at the budget, so
 * the memory a snapshot holds stays bounded. The snapshot's CPU time is spent either way; this only
 * chooses when.
 *
 * <p><b>Progress.</b> The share never falls below {@code busyShare > 0} and a pause never exceeds
 * {@link Policy#maxPauseNanos}: a snapshot whose steps each make progress ends within
 * {@code steps * (work + maxPause)}, however busy the clients.
 *
 * <p>{@link #observeClients} runs under the engine lock (the command counter is guarded by it); the
 * rest on the writer's thread. Time and sleeping are injected, so the policy is tested without
 * real time.
 */
public final class SnapshotPacer {
    /** The tunables; see the class comment. */
    public record Policy(double idleRate, long smoothingNanos, double busyShare, long backlogBudgetBytes,
            long maxPauseNanos) {
        public Policy {
            if (!(busyShare > 0 && busyShare <= 1)) {
                throw new IllegalArgumentException("busyShare must be in (0, 1]: " + busyShare);
            }
            if (smoothingNanos <= 0 || backlogBudgetBytes <= 0 || maxPauseNanos < 0 || idleRate < 0) {
                throw new IllegalArgumentException("bad pacing policy " + this);
            }
        }

        /**
         * A tenth of the time while clients run more than 1,000 commands a second (measured over
         * 100 ms); full speed when the backlog reaches {@code backlogBudgetBytes}; pauses of at most
         * 50 ms.
         */
        public static Policy standard(long backlogBudgetBytes) {
            return new Policy(1_000, 100_000_000L, 0.10, backlogBudgetBytes, 50_000_000L);
        }
    }

    /** Sleeps for a number of nanoseconds (LockSupport.parkNanos; a fake clock's advance in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos);
    }

    /** The smallest backlog budget {@link #forClients} sets. */
    static final long MIN_BACKLOG_BUDGET = 64L << 20;

    private static final SnapshotPacer FULL_SPEED = new SnapshotPacer(null, () -> 0L, nanos -> {}, null);

    private final LongSupplier clientCommands;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final Policy policy;

    private long stepStart;
    private long lastObserved;
    private long lastCommands;
    /** Commands per second, smoothed. */
    private double rate;
    private long steps;
    private long pausedNanos;

    /**
     * @param clientCommands a count of the commands the engine has run, read under the engine lock
     *     (a reset to a smaller value is read as no commands)
     */
    public SnapshotPacer(LongSupplier clientCommands, LongSupplier clock, Sleeper sleeper, Policy policy) {
        this.clientCommands = clientCommands;
        this.clock = clock;
        this.sleeper = sleeper;
        this.policy = policy;
        if (clientCommands != null) {
            lastCommands = clientCommands.getAsLong();
            lastObserved = clock.getAsLong();
        }
    }

    /**
     * A pacer for the engine's clients, in real time; create it under the engine lock when the
     * snapshot begins. Its backlog budget is a quarter of the heap's headroom then (at least
     * {@link #MIN_BACKLOG_BUDGET}): what a snapshot holds must never be what runs the heap out (the
     * server stops on OutOfMemoryError). Each entry is handed over once, so the backlog never
     * exceeds the strings of the dataset; the budget only matters when the heap is short.
     */
    public static SnapshotPacer forClients(LongSupplier clientCommands) {
        Runtime rt = Runtime.getRuntime();
        long headroom = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long budget = Math.max(MIN_BACKLOG_BUDGET, headroom / 4);
        return new SnapshotPacer(clientCommands, System::nanoTime, LockSupport::parkNanos, Policy.standard(budget));
    }

    /** Never pauses: SAVE (clients are blocked anyway), tests. */
    public static SnapshotPacer fullSpeed() {
        return FULL_SPEED;
    }

    /** The start of a step's work. */
    public void beginStep() {
        if (policy != null) {
            stepStart = clock.getAsLong();
        }
    }

    /** Samples the clients' command count; call under the engine lock, once a step. */
    public void observeClients() {
        if (policy == null) {
            return;
        }
        long now = clock.getAsLong();
        long commands = clientCommands.getAsLong();
        long elapsed = now - lastObserved;
        if (elapsed <= 0) {
            return;
        }
        long ran = Math.max(0, commands - lastCommands);
        double instant = ran * 1e9 / elapsed;
        double weight = 1 - Math.exp(-(double) elapsed / policy.smoothingNanos());
        rate += (instant - rate) * weight;
        lastObserved = now;
        lastCommands = commands;
    }

    /**
     * The end of a step: pauses as long as the policy asks.
     *
     * @param backlogBytes what the writer holds in memory for the snapshot, not yet written
     */
    public void endStep(long backlogBytes) {
        if (policy == null) {
            return;
        }
        steps++;
        long work = Math.max(0, clock.getAsLong() - stepStart);
        long pause = pauseAfter(work, backlogBytes);
        if (pause > 0) {
            pausedNanos += pause;
            sleeper.sleep(pause);
        }
    }

    /** The pause after a step of {@code workNanos} with this backlog, under the current activity. */
    long pauseAfter(long workNanos, long backlogBytes) {
        double share = share(backlogBytes);
        if (share >= 1) {
            return 0;
        }
        double pause = workNanos * (1 - share) / share;
        return (long) Math.min(pause, policy.maxPauseNanos());
    }

    /** The share of the time the writer may work now: 1 is full speed. */
    double share(long backlogBytes) {
        if (policy == null || rate < policy.idleRate()) {
            return 1;
        }
        double pressure = (double) backlogBytes / policy.backlogBudgetBytes();
        return Math.min(1, Math.max(policy.busyShare(), pressure));
    }

    /** Client commands per second, smoothed. */
    public double clientRate() {
        return rate;
    }

    public long steps() {
        return steps;
    }

    /** Time spent pausing so far. */
    public long pausedNanos() {
        return pausedNanos;
    }
}
