package io.lodestone.engine.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client-side caching invalidations (the engine side of CLIENT TRACKING), as redis-server 7.0 sends them. */
class TrackingTest {
    private final EngineHarness h = new EngineHarness();
    private final HarnessClient reader = h.newClient();
    private final HarnessClient writer = h.newClient();
    private final Map<Long, CommandContext> clientsById = new HashMap<>();

    @BeforeEach
    void setUp() {
        reader.useAsyncProtocol(3);
        clientsById.put(reader.id(), reader);
        clientsById.put(writer.id(), writer);
        h.engine().tracking().setClientsById(clientsById::get);
    }

    private void locked(Consumer<Tracking> action) {
        h.engine().lock().lock();
        try {
            action.accept(h.engine().tracking());
        } finally {
            h.engine().lock().unlock();
        }
    }

    private void track(HarnessClient client) {
        locked(t -> t.enable(client, 0, false, false, false, false, List.of()));
    }

    private static List<Object> invalidate(Object keys) {
        return Arrays.asList("invalidate", keys);
    }

    @Test
    void aKeyReadThenWrittenIsInvalidatedOnce() {
        track(reader);
        h.exec(writer, "SET", "k", "v");
        h.exec(reader, "GET", "k");
        h.exec(writer, "SET", "k", "v2");
        assertEquals(List.of(invalidate(List.of("k"))), reader.asyncReplies());
        h.exec(writer, "SET", "k", "v3");
        assertEquals(1, reader.asyncReplies().size(), "forgotten after the first write until read again");
        assertEquals(0, h.engine().tracking().trackedKeys());
    }

    @Test
    void everyKeyOfAReadCommandIsTrackedEvenMissingOnes() {
        track(reader);
        h.exec(reader, "MGET", "a", "b");
        h.exec(reader, "HGET", "h", "f");
        h.exec(writer, "MSET", "a", "1", "b", "2");
        h.exec(writer, "HSET", "h", "f", "v");
        assertEquals(List.of(invalidate(List.of("a")), invalidate(List.of("b")), invalidate(List.of("h"))),
                reader.asyncReplies());
    }

    @Test
    void writesDeletesExpiryAndFlushesInvalidate() {
        track(reader);
        h.exec(writer, "SET", "e", "v", "PX", "100");
        h.exec(reader, "GET", "e");
        h.clock().advance(100);
        h.cron();
        assertEquals(List.of(invalidate(List.of("e"))), reader.asyncReplies());
        reader.asyncReplies().clear();
        h.exec(reader, "GET", "x");
        h.exec(writer, "FLUSHALL");
        assertEquals(List.of(invalidate(null)), reader.asyncReplies(), "one null invalidation per flush");
        h.exec(writer, "SET", "x", "1");
        assertEquals(1, reader.asyncReplies().size(), "a flush forgets every key");
    }

    @Test
    void keysAreTrackedByNameAcrossDatabases() {
        track(reader);
        h.exec(reader, "GET", "k");
        h.exec(writer, "SELECT", "3");
        h.exec(writer, "SET", "k", "v");
        assertEquals(List.of(invalidate(List.of("k"))), reader.asyncReplies());
    }

    @Test
    void theWritersOwnInvalidationFollowsItsReplyUnlessNoloop() {
        track(reader);
        h.exec(reader, "GET", "k");
        h.exec(reader, "SET", "k", "v");
        assertEquals(List.of(invalidate(List.of("k"))), reader.asyncReplies());
        reader.asyncReplies().clear();
        locked(t -> t.enable(reader, 0, false, false, false, true, List.of()));
        h.exec(reader, "GET", "k");
        h.exec(reader, "SET", "k", "w");
        assertEquals(List.of(), reader.asyncReplies());
    }

    @Test
    void invalidationsOfATransactionComeAfterExec() {
        track(reader);
        h.exec(reader, "GET", "a");
        h.exec(reader, "MULTI");
        h.exec(reader, "SET", "a", "1");
        h.exec(reader, "GET", "b");
        h.exec(reader, "SET", "b", "1");
        assertEquals(List.of(), reader.asyncReplies());
        h.exec(reader, "EXEC");
        assertEquals(List.of(invalidate(List.of("a")), invalidate(List.of("b"))), reader.asyncReplies());
    }

    @Test
    void optinTracksOnlyAfterCachingYesAndOptoutStopsAfterCachingNo() {
        locked(t -> t.enable(reader, 0, false, true, false, false, List.of()));
        h.exec(reader, "GET", "plain");
        reader.tracking().giveCaching();
        h.exec(reader, "GET", "cached");
        h.exec(reader, "GET", "after");
        h.exec(writer, "MSET", "plain", "1", "cached", "1", "after", "1");
        assertEquals(List.of(invalidate(List.of("cached"))), reader.asyncReplies());
        reader.asyncReplies().clear();
        locked(t -> t.disable(reader));
        locked(t -> t.enable(reader, 0, false, false, true, false, List.of()));
        reader.tracking().giveCaching();
        h.exec(reader, "GET", "skipped");
        h.exec(reader, "GET", "tracked");
        h.exec(writer, "MSET", "skipped", "1", "tracked", "1");
        assertEquals(List.of(invalidate(List.of("tracked"))), reader.asyncReplies());
    }

    @Test
    void aResp2ClientGetsNothingUnlessItRedirectsToASubscriber() {
        HarnessClient resp2 = h.newClient();
        clientsById.put(resp2.id(), resp2);
        track(resp2);
        h.exec(resp2, "GET", "k");
        h.exec(writer, "SET", "k", "v");
        assertEquals(List.of(), resp2.asyncReplies());

        HarnessClient target = h.newClient();
        clientsById.put(target.id(), target);
        h.execAll(target, "SUBSCRIBE", "__redis__:invalidate");
        locked(t -> t.enable(resp2, target.id(), false, false, false, false, List.of()));
        h.exec(resp2, "GET", "k");
        h.exec(writer, "SET", "k", "v2");
        assertEquals(List.of(Arrays.asList("message", "__redis__:invalidate", List.of("k"))), target.asyncReplies());
    }

    @Test
    void aGoneRedirectTargetIsReportedToAResp3Client() {
        HarnessClient target = h.newClient();
        locked(t -> t.enable(reader, target.id(), false, false, false, false, List.of())); // not in clientsById
        h.exec(reader, "GET", "k");
        h.exec(writer, "SET", "k", "v");
        assertEquals(List.of(Arrays.asList("tracking-redir-broken", target.id())), reader.asyncReplies());
        assertEquals(true, reader.tracking().brokenRedirect());
    }

    @Test
    void broadcastModeSendsEveryWrittenKeyWithAPrefix() {
        locked(t -> t.enable(reader, 0, true, false, false, false, List.of(bytes("user:"), bytes("session:"))));
        h.exec(writer, "SET", "user:1", "a");
        h.exec(writer, "MSET", "user:3", "b", "session:9", "x", "other", "y", "user:2", "c");
        h.exec(writer, "SET", "other", "z");
        // as redis-server 7.0: one message per prefix, prefixes and keys in byte order
        assertEquals(List.of(invalidate(List.of("user:1")), invalidate(List.of("session:9")),
                invalidate(List.of("user:2", "user:3"))), reader.asyncReplies());
        assertEquals(2, h.engine().tracking().trackedPrefixes());
    }

    @Test
    void aReleasedClientIsNoLongerTracked() {
        track(reader);
        h.exec(reader, "GET", "k");
        h.engine().lock().lock();
        try {
            reader.releaseEngineState();
        } finally {
            h.engine().lock().unlock();
        }
        h.exec(writer, "SET", "k", "v");
        assertEquals(List.of(), reader.asyncReplies());
        assertEquals(0, h.engine().tracking().trackingClients());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
