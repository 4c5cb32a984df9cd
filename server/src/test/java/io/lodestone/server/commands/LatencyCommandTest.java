package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.RespClient.Err;
import io.lodestone.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LATENCY and latency-monitor-threshold against an embedded server, as Redis 7.0 answers them. */
class LatencyCommandTest {
    private TestServer server;
    private RespClient client;

    @BeforeEach
    void start() {
        server = TestServer.start(c -> c.setEnableDebugCommand("yes"));
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void offByDefault() {
        assertEquals(List.of("latency-monitor-threshold", "0"), client.call("CONFIG", "GET", "latency-monitor-threshold"));
        client.call("DEBUG", "SLEEP", "0.02");
        assertEquals(List.of(), client.call("LATENCY", "LATEST"));
        assertEquals("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may "
                + "use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in "
                + "a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n",
                client.call("LATENCY", "DOCTOR"));
        assertEquals(new Err("ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - "
                + "argument must be between 0 and 9223372036854775807 inclusive"),
                client.call("CONFIG", "SET", "latency-monitor-threshold", "-1"));
    }

    @Test
    void spikesAboveTheThresholdAreSampledOncePerSecond() {
        client.call("CONFIG", "SET", "latency-monitor-threshold", "5");
        assertEquals("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things "
                + "over.\n", client.call("LATENCY", "DOCTOR"));
        client.call("DEBUG", "SLEEP", "0.03");
        client.call("DEBUG", "SLEEP", "0.001"); // below the threshold
        List<?> latest = (List<?>) client.call("LATENCY", "LATEST");
        assertEquals(1, latest.size(), latest.toString());
        List<?> event = (List<?>) latest.get(0);
        assertEquals("command", event.get(0));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs((Long) event.get(1) - now) <= 2, event.toString());
        assertTrue((Long) event.get(2) >= 30 && (Long) event.get(2) < 1000, event.toString());
        assertEquals(event.get(2), event.get(3), "the worst ever is the only one");
        List<?> history = (List<?>) client.call("LATENCY", "HISTORY", "command");
        assertEquals(1, history.size(), history.toString());
        assertEquals(List.of(event.get(1), event.get(2)), history.get(0));
        assertEquals(List.of(), client.call("LATENCY", "HISTORY", "nosuch"));
        String doctor = (String) client.call("LATENCY", "DOCTOR");
        assertTrue(doctor.startsWith("Dave, I have observed latency spikes in this Redis instance."), doctor);
        assertTrue(doctor.contains("\n\n1. command: 1 latency spikes (average " + event.get(2) + "ms, mean deviation 0ms"),
                doctor);
        assertTrue(doctor.contains("Please use 'CONFIG SET slowlog-log-slower-than 5000'"), "slow log advice: " + doctor);
        assertEquals(0L, client.call("LATENCY", "RESET", "nosuch"));
        assertEquals(1L, client.call("LATENCY", "RESET", "command", "command"));
        assertEquals(List.of(), client.call("LATENCY", "LATEST"));
        client.call("DEBUG", "SLEEP", "0.02");
        assertEquals(1L, client.call("LATENCY", "RESET"));
        assertEquals(0L, client.call("LATENCY", "RESET"));
    }

    @Test
    void fastCommandsAreTheirOwnEvent() {
        client.call("CONFIG", "SET", "latency-monitor-threshold", "1");
        server.server().engine().latencyMonitor().add("fast-command", 5, System.currentTimeMillis());
        List<?> latest = (List<?>) client.call("LATENCY", "LATEST");
        assertEquals("fast-command", ((List<?>) latest.get(0)).get(0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void histogramCountsCallsPerCommand() {
        client.call("SET", "a", "1");
        client.call("SET", "b", "2");
        client.call("CONFIG", "GET", "port");
        try (RespClient resp3 = server.client(3)) {
            Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) resp3.call("LATENCY", "HISTOGRAM");
            assertTrue(all.containsKey("set") && all.containsKey("config|get"), all.keySet().toString());
            Map<String, Object> set = ((Map<String, Map<String, Object>>) resp3.call("LATENCY", "HISTOGRAM", "set", "nosuch"))
                    .get("set");
            assertEquals(2L, set.get("calls"));
            Map<Long, Long> buckets = (Map<Long, Long>) set.get("histogram_usec");
            long last = 0;
            for (Map.Entry<Long, Long> b : buckets.entrySet()) {
                assertEquals(0, Long.bitCount(b.getKey()) - 1, "powers of two: " + buckets);
                assertTrue(b.getValue() > last, "cumulative: " + buckets);
                last = b.getValue();
            }
            assertEquals(2L, last);
            Map<String, ?> config = (Map<String, ?>) resp3.call("LATENCY", "HISTOGRAM", "CONFIG");
            assertEquals(List.of("config|get"), List.copyOf(config.keySet()), "a container: its subcommands that ran");
            assertEquals(Map.of(), resp3.call("LATENCY", "HISTOGRAM", "get"), "never ran");
        }
    }

    @Test
    void errorsAndHelp() {
        assertEquals(new Err("ERR wrong number of arguments for 'latency|history' command"), client.call("LATENCY", "HISTORY"));
        assertEquals(new Err("ERR wrong number of arguments for 'latency|latest' command"),
                client.call("LATENCY", "LATEST", "x"));
        assertEquals(new Err("ERR unknown subcommand 'FOO'. Try LATENCY HELP."), client.call("LATENCY", "FOO"));
        List<?> help = (List<?>) client.call("LATENCY", "HELP");
        assertEquals("LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
        assertEquals(17, help.size());
    }
}
