package io.lodestone.engine.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency monitor (LATENCY LATEST/HISTORY/RESET/DOCTOR): for each event class
 * ({@code command}, {@code fast-command}...) the latency spikes of at least
 * {@code latency-monitor-threshold} milliseconds, one sample per second (the worst one of that
 * second), the last {@value #SAMPLES} seconds that had one, and the worst of all time. Used under
 * the engine lock only.
 */
public final class LatencyMonitor {
    /** Samples kept per event, as Redis's LATENCY_TS_LEN. */
    public static final int SAMPLES = 160;

    /** One second's worst latency of an event. */
    public record Sample(long unixSeconds, long millis) {}

    /** One event class: its samples (oldest first) and its worst latency ever. */
    public static final class Series {
        private final String event;
        private final ArrayList<Sample> samples = new ArrayList<>();
        private long max;

        Series(String event) {
            this.event = event;
        }

        public String event() {
            return event;
        }

        /** The samples, oldest first. */
        public List<Sample> samples() {
            return samples;
        }

        public Sample latest() {
            return samples.get(samples.size() - 1);
        }

        public long max() {
            return max;
        }

        void add(long unixSeconds, long millis) {
            max = Math.max(max, millis);
            int last = samples.size() - 1;
            if (last >= 0 && samples.get(last).unixSeconds() == unixSeconds) {
                // one sample per second: the worst of it
                if (millis > samples.get(last).millis()) {
                    samples.set(last, new Sample(unixSeconds, millis));
                }
                return;
            }
            if (samples.size() == SAMPLES) {
                samples.remove(0);
            }
            samples.add(new Sample(unixSeconds, millis));
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    /** Records a spike of {@code millis} for the event at {@code nowMillis}; the caller checked the threshold. */
    public void add(String event, long millis, long nowMillis) {
        events.computeIfAbsent(event, Series::new).add(nowMillis / 1000, millis);
    }

    /** Every event with samples, in the order they first had one. */
    public Collection<Series> events() {
        return events.values();
    }

    /** The series of an event, or null if it has no samples. */
    public Series get(String event) {
        return events.get(event);
    }

    /** LATENCY RESET without arguments: forgets every event; returns how many there were. */
    public int reset() {
        int n = events.size();
        events.clear();
        return n;
    }

    /** LATENCY RESET event...: forgets those events; returns how many of them had samples. */
    public int reset(List<String> names) {
        int n = 0;
        for (String name : names) {
            if (events.remove(name) != null) {
                n++;
            }
        }
        return n;
    }
}
