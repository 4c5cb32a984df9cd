package io.lodestone.engine.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications: every command of keyspace-events/commands.txt is run on the engine and
 * must emit exactly the events redis-server 7.0 emitted for it (captured in redis-7.0-events.txt by
 * bench/capture-keyspace-events.py), in the same order; plus the flag string and expiry by the
 * active cycle.
 */
class NotificationsTest {
    private final EngineHarness h = new EngineHarness();
    private final HarnessClient subscriber = h.newClient();
    private final HarnessClient client = h.newClient();

    private void enable(String flags) {
        h.engine().config().setNotifyKeyspaceEvents(Notifier.parseFlags(flags));
    }

    /** The events delivered since the last call, each as "channel message". */
    private List<String> events() {
        List<String> events = new ArrayList<>();
        for (Object reply : subscriber.asyncReplies()) {
            List<?> message = (List<?>) reply; // [pmessage, pattern,] channel, message
            int n = message.size();
            events.add(message.get(n - 2) + " " + message.get(n - 1));
        }
        subscriber.asyncReplies().clear();
        return events;
    }

    // ---- against Redis --------------------------------------------------------------------------

    @Test
    void everyCommandEmitsTheEventsRedisEmits() throws IOException {
        enable("AKEnm");
        h.execAll(subscriber, "PSUBSCRIBE", "__key*");
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/keyspace-events/redis-7.0-events.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> problems = new ArrayList<>();
        int commands = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("sleep ")) {
                h.clock().advance(Math.round(Double.parseDouble(line.substring(6)) * 1000));
                continue;
            }
            if (!line.startsWith("> ")) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            while (i + 1 < lines.size() && lines.get(i + 1).startsWith("    ")) {
                expected.add(lines.get(++i).substring(4));
            }
            h.execAll(client, words(line.substring(2)));
            commands++;
            List<String> actual = events();
            if (!expected.equals(actual)) {
                problems.add(line + "\n  redis:     " + expected + "\n  lodestone: " + actual);
            }
        }
        assertTrue(commands > 100, "the golden file was read: " + commands);
        assertTrue(problems.isEmpty(), problems.size() + " commands differ:\n" + String.join("\n", problems));
    }

    /** Splits a command line on spaces; {@code ""} is an empty argument. */
    private static String[] words(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.split(" ")) {
            words.add(w.equals("\"\"") ? "" : w);
        }
        return words.toArray(new String[0]);
    }

    // ---- classes and channels -------------------------------------------------------------------

    @Test
    void offByDefault() {
        h.execAll(subscriber, "PSUBSCRIBE", "*");
        h.exec(client, "SET", "k", "v");
        h.exec(client, "DEL", "k");
        assertEquals(List.of(), events());
    }

    @Test
    void keyspaceAndKeyeventChannelsAreChosenByKAndE() {
        h.execAll(subscriber, "PSUBSCRIBE", "*");
        enable("K$");
        h.exec(client, "SET", "k", "v");
        assertEquals(List.of("__keyspace@0__:k set"), events());
        enable("E$");
        h.exec(client, "SET", "k", "v");
        assertEquals(List.of("__keyevent@0__:set k"), events());
        enable("$");
        h.exec(client, "SET", "k", "v");
        assertEquals(List.of(), events(), "neither K nor E: nothing is published");
    }

    @Test
    void onlyEnabledClassesArePublished() {
        h.execAll(subscriber, "PSUBSCRIBE", "*");
        enable("Kg");
        h.exec(client, "SET", "k", "v");
        h.exec(client, "EXPIRE", "k", "10");
        h.exec(client, "HSET", "h", "f", "v");
        h.exec(client, "GET", "missing");
        assertEquals(List.of("__keyspace@0__:k expire"), events());
        enable("Kh");
        h.exec(client, "HSET", "h", "f", "w");
        h.exec(client, "DEL", "h");
        assertEquals(List.of("__keyspace@0__:h hset"), events());
    }

    @Test
    void aSubscriberOfOneKeysChannelSeesOnlyThatKey() {
        enable("KA");
        h.execAll(subscriber, "SUBSCRIBE", "__keyspace@0__:mine");
        h.exec(client, "SET", "mine", "1");
        h.exec(client, "SET", "other", "1");
        h.exec(client, "INCR", "mine");
        assertEquals(List.of(List.of("message", "__keyspace@0__:mine", "set"),
                List.of("message", "__keyspace@0__:mine", "incrby")), subscriber.asyncReplies());
    }

    @Test
    void eventsOfATransactionAreDeliveredAsItsCommandsRun() {
        enable("E$");
        h.execAll(subscriber, "SUBSCRIBE", "__keyevent@0__:set");
        h.exec(client, "MULTI");
        h.exec(client, "SET", "a", "1");
        h.exec(client, "SET", "b", "2");
        assertEquals(List.of(), events());
        h.exec(client, "EXEC");
        assertEquals(List.of(List.of("message", "__keyevent@0__:set", "a"), List.of("message", "__keyevent@0__:set", "b")),
                subscriber.asyncReplies());
    }

    // ---- expiry ---------------------------------------------------------------------------------

    @Test
    void theActiveCycleAloneFiresExpiredAtTheDeadline() {
        enable("Ex");
        h.execAll(subscriber, "SUBSCRIBE", "__keyevent@0__:expired");
        h.exec(client, "SET", "session:1", "v", "PX", "1500");
        h.exec(client, "SELECT", "5");
        h.exec(client, "SET", "session:5", "v", "PX", "1500");
        h.clock().advance(1400);
        h.cron();
        assertEquals(List.of(), events());
        h.clock().advance(100); // the deadline
        h.cron();
        assertEquals(List.of("__keyevent@0__:expired session:1"), events(), "db 5 publishes on its own channel");
        assertEquals(0L, h.engine().keyspace().db(0).size());
    }

    @Test
    void expiredEventsCarryTheDatabase() {
        enable("Ex");
        h.execAll(subscriber, "PSUBSCRIBE", "__keyevent@*__:expired");
        h.exec(client, "SELECT", "5");
        h.exec(client, "SET", "k", "v", "PX", "100");
        h.clock().advance(100);
        h.cron();
        assertEquals(List.of("__keyevent@5__:expired k"), events());
    }

    @Test
    void manyKeysExpireByTheCycleEachWithItsEvent() {
        enable("Ex");
        h.execAll(subscriber, "SUBSCRIBE", "__keyevent@0__:expired");
        for (int i = 0; i < 1000; i++) {
            h.exec(client, "SET", "k" + i, "v", "PX", Integer.toString(100 + i % 10));
        }
        h.clock().advance(110);
        h.cron();
        assertEquals(1000, events().size());
    }

    // ---- the flag string ------------------------------------------------------------------------

    @Test
    void flagStringsAreNormalizedAsRedisDoes() {
        // CONFIG SET then CONFIG GET on redis-server 7.0
        assertEquals("AKE", format("KEA"));
        assertEquals("AKE", format("AnKE"), "A hides n");
        assertEquals("gE", format("gE"));
        assertEquals("nK", format("nK"));
        assertEquals("Am", format("mA"));
        assertEquals("$x", format("x$"));
        assertEquals("$lshzK", format("Kz$lsh"));
        assertEquals("A", format("g$lshzxetd"), "every class of A spelled out");
        assertEquals("", format(""));
        assertEquals(-1, Notifier.parseFlags("q"));
        assertEquals(-1, Notifier.parseFlags("g g"));
    }

    private static String format(String flags) {
        return Notifier.formatFlags(Notifier.parseFlags(flags));
    }
}
