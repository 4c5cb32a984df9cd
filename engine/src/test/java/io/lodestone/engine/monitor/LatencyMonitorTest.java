package io.lodestone.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency monitor keeps one sample per second per event, the worst of that second. */
class LatencyMonitorTest {
    @Test
    void oneSamplePerSecondTheWorstOfIt() {
        LatencyMonitor m = new LatencyMonitor();
        m.add("command", 20, 5_000);
        m.add("command", 40, 5_900);
        m.add("command", 10, 5_950);
        m.add("command", 7, 6_000);
        LatencyMonitor.Series s = m.get("command");
        assertEquals(List.of(new LatencyMonitor.Sample(5, 40), new LatencyMonitor.Sample(6, 7)), s.samples());
        assertEquals(new LatencyMonitor.Sample(6, 7), s.latest());
        assertEquals(40, s.max());
    }

    @Test
    void keepsTheLast160SecondsThatHadASpike() {
        LatencyMonitor m = new LatencyMonitor();
        for (int i = 0; i < 200; i++) {
            m.add("command", 1000 - i, i * 1000L);
        }
        LatencyMonitor.Series s = m.get("command");
        assertEquals(LatencyMonitor.SAMPLES, s.samples().size());
        assertEquals(40, s.samples().get(0).unixSeconds());
        assertEquals(1000, s.max(), "the worst ever stays even when its sample is gone");
    }

    @Test
    void resetCountsTheEventsItDropped() {
        LatencyMonitor m = new LatencyMonitor();
        m.add("command", 1, 0);
        m.add("fast-command", 1, 0);
        assertEquals(1, m.reset(List.of("command", "command", "nosuch")));
        assertNull(m.get("command"));
        assertEquals(1, m.reset());
        assertEquals(0, m.reset());
    }
}
