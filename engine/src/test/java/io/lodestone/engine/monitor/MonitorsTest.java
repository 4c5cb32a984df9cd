package io.lodestone.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MONITOR feed: what is shown, in which form (checked against redis-server 7.0's lines). */
class MonitorsTest {
    private final EngineHarness h = new EngineHarness();
    private final HarnessClient monitor = h.newClient();
    private final HarnessClient client = h.newClient();

    @BeforeEach
    void startMonitoring() {
        h.engine().lock().lock();
        try {
            monitor.startMonitoring();
        } finally {
            h.engine().lock().unlock();
        }
    }

    /** The lines fed so far without their time stamp, e.g. {@code [0 unknown] "SET" "k" "v"}. */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Object line : monitor.asyncReplies()) {
            String text = (String) line;
            assertTrue(text.matches("\\d{10}\\.\\d{6} \\[.*"), text);
            lines.add(text.substring(text.indexOf(' ') + 1));
        }
        monitor.asyncReplies().clear();
        return lines;
    }

    @Test
    void eachExecutedCommandWithTheDatabaseItLeftSelected() {
        h.exec(client, "SET", "k", "v");
        h.exec(client, "SELECT", "1");
        h.exec(client, "get", "missing");
        assertEquals(List.of("[0 unknown] \"SET\" \"k\" \"v\"", "[1 unknown] \"SELECT\" \"1\"",
                "[1 unknown] \"get\" \"missing\""), lines());
    }

    @Test
    void refusedCommandsAreNotShownAndQueuedOnesOnlyWhenTheyRun() {
        h.exec(client, "NOSUCH");
        h.exec(client, "GET");
        h.exec(client, "MULTI");
        h.exec(client, "SET", "m", "1");
        assertEquals(List.of("[0 unknown] \"MULTI\""), lines());
        h.exec(client, "EXEC");
        assertEquals(List.of("[0 unknown] \"SET\" \"m\" \"1\"", "[0 unknown] \"EXEC\""), lines());
    }

    @Test
    void argumentsAreEscapedAsRedisReprDoes() {
        h.exec(client, "SET", "a b", "x\"y\\z\n\r\t\u0007\b\u0001\u00e9");
        assertEquals(List.of("[0 unknown] \"SET\" \"a b\" \"x\\\"y\\\\z\\n\\r\\t\\a\\b\\x01\\xc3\\xa9\""), lines());
    }

    @Test
    void aMonitorMayNotTouchKeys() {
        assertEquals(new Err("ERR Replica can't interact with the keyspace"), h.exec(monitor, "GET", "k"));
        assertEquals(new Err("ERR Replica can't interact with the keyspace"), h.exec(monitor, "SET", "k", "v"));
        assertEquals(List.of(), lines(), "refused commands are not fed");
    }

    @Test
    void passwordsAreRedacted() {
        byte[][] auth = {"AUTH".getBytes(StandardCharsets.US_ASCII), "user".getBytes(StandardCharsets.US_ASCII),
            "secret".getBytes(StandardCharsets.US_ASCII)};
        var spec = io.lodestone.engine.command.CommandSpec.builder("auth").arity(-2)
                .handler((c, a, o) -> o.ok()).build();
        assertEquals("[0 unknown] \"AUTH\" \"(redacted)\" \"(redacted)\"",
                stripTime(Monitors.format(h.clock(), client, spec, auth)));
        var hello = io.lodestone.engine.command.CommandSpec.builder("hello").arity(-1)
                .handler((c, a, o) -> o.ok()).build();
        byte[][] helloArgv = {b("HELLO"), b("3"), b("auth"), b("default"), b("pw"), b("SETNAME"), b("me")};
        assertEquals("[0 unknown] \"HELLO\" \"3\" \"auth\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"me\"",
                stripTime(Monitors.format(h.clock(), client, hello, helloArgv)));
    }

    @Test
    void theTimeStampIsTheClocksInSecondsAndMicroseconds() {
        h.exec(client, "SET", "k", "v");
        String line = (String) monitor.asyncReplies().get(0);
        assertTrue(line.startsWith(h.clock().millis() / 1000 + "." + String.format("%03d", h.clock().millis() % 1000)), line);
    }

    @Test
    void aReleasedMonitorGetsNothingMore() {
        h.engine().lock().lock();
        try {
            monitor.releaseEngineState();
        } finally {
            h.engine().lock().unlock();
        }
        h.exec(client, "SET", "k", "v");
        assertEquals(List.of(), monitor.asyncReplies());
        assertTrue(h.engine().monitors().isEmpty());
    }

    private static String stripTime(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
