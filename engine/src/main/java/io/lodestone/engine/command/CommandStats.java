package io.lodestone.engine.command;

import io.lodestone.engine.util.LatencyHistogram;

/**
 * One command's counters, as INFO commandstats and latencystats show them: calls that ran, their
 * total time, calls rejected before running (arity, authentication...) and calls that ran but
 * replied an error. Written under the engine lock only.
 */
public final class CommandStats {
    private long calls;
    private long nanos;
    private long rejectedCalls;
    private long failedCalls;
    /** Created on the first call: most commands of the table are never called. */
    private LatencyHistogram latency;

    /** A call that ran for {@code elapsedNanos}; {@code failed} if it replied an error. */
    public void recordCall(long elapsedNanos, boolean failed) {
        calls++;
        nanos += elapsedNanos;
        if (failed) {
            failedCalls++;
        }
        if (latency == null) {
            latency = new LatencyHistogram();
        }
        latency.record(elapsedNanos);
    }

    /** A call refused before its handler ran. */
    public void recordRejected() {
        rejectedCalls++;
    }

    public long calls() {
        return calls;
    }

    /** Total time spent in the command, in microseconds (Redis's {@code usec}). */
    public long micros() {
        return nanos / 1000;
    }

    public long rejectedCalls() {
        return rejectedCalls;
    }

    public long failedCalls() {
        return failedCalls;
    }

    /** True if INFO commandstats lists this command. */
    public boolean isUsed() {
        return calls > 0 || rejectedCalls > 0 || failedCalls > 0;
    }

    /** The latency distribution, or null if the command never ran. */
    public LatencyHistogram latency() {
        return latency;
    }

    public void reset() {
        calls = 0;
        nanos = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        latency = null;
    }
}
