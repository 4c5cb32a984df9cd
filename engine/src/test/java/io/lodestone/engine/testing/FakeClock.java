package io.lodestone.engine.testing;

import io.lodestone.engine.time.Clock;

/** A clock that moves only when told to. */
public final class FakeClock implements Clock {
    private long millis;
    private long nanos;

    public FakeClock(long startMillis) {
        this.millis = startMillis;
    }

    public FakeClock() {
        this(1_700_000_000_000L);
    }

    @Override
    public synchronized long millis() {
        return millis;
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    public synchronized void advance(long ms) {
        millis += ms;
        nanos += ms * 1_000_000L;
    }
}
