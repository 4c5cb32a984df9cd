package io.lodestone.engine.time;

/** The engine's only source of time, so tests can drive expiry with a fake one. */
public interface Clock {
    /** Wall-clock time in milliseconds since the epoch (expiry deadlines are absolute, as in Redis). */
    long millis();

    /** Monotonic nanoseconds, for durations only. */
    long nanos();

    Clock SYSTEM = new Clock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };
}
