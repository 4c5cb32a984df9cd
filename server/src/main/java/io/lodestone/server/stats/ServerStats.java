package io.lodestone.server.stats;

import io.lodestone.engine.Engine;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters beyond the engine's: network traffic, the instantaneous rates sampled by
 * the engine's background cycle (every 100 ms, as Redis), and this run's identity.
 * The adders are bumped by event-loop threads; the samples are taken and read under the engine lock.
 */
public final class ServerStats {
    /** Redis samples its instantaneous metrics every 100 ms. */
    private static final int SAMPLE_PERIOD_MS = 100;

    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private final LongAdder readsProcessed = new LongAdder();
    private final LongAdder writesProcessed = new LongAdder();
    private final InstantaneousMetric opsPerSecond = new InstantaneousMetric();
    private final InstantaneousMetric inputPerSecond = new InstantaneousMetric();
    private final InstantaneousMetric outputPerSecond = new InstantaneousMetric();
    private final String runId = randomHex40();
    private final String replicationId = randomHex40();
    private long cycles;

    /** Samples once every 100 ms of the engine's background cycle; call under the engine lock. */
    public void onCronCycle(Engine engine) {
        int cycleMillis = 1000 / engine.config().hz();
        long every = cycleMillis >= SAMPLE_PERIOD_MS ? 1 : SAMPLE_PERIOD_MS / cycleMillis;
        if (cycles++ % every != 0) {
            return;
        }
        long now = engine.clock().millis();
        opsPerSecond.sample(now, engine.stats().commandsProcessed);
        inputPerSecond.sample(now, netInputBytes.sum());
        outputPerSecond.sample(now, netOutputBytes.sum());
    }

    /** A read from a client socket of {@code bytes}. */
    public void recordRead(int bytes) {
        netInputBytes.add(bytes);
        readsProcessed.increment();
    }

    /** Replies of {@code bytes} handed to a client socket. */
    public void recordWrite(int bytes) {
        netOutputBytes.add(bytes);
        writesProcessed.increment();
    }

    public long netInputBytes() {
        return netInputBytes.sum();
    }

    public long netOutputBytes() {
        return netOutputBytes.sum();
    }

    public long readsProcessed() {
        return readsProcessed.sum();
    }

    public long writesProcessed() {
        return writesProcessed.sum();
    }

    public long opsPerSecond() {
        return opsPerSecond.perSecond();
    }

    public double inputKbps() {
        return inputPerSecond.perSecond() / 1024.0;
    }

    public double outputKbps() {
        return outputPerSecond.perSecond() / 1024.0;
    }

    /** 40 random hex digits, new at every start (INFO run_id). */
    public String runId() {
        return runId;
    }

    /** This run's replication id (INFO master_replid). */
    public String replicationId() {
        return replicationId;
    }

    private static String randomHex40() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
