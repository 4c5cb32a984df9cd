package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CLIENT TRACKING over real sockets: exact invalidation pushes, RESP2 redirection, Lettuce's client-side cache. */
class ClientTrackingTest {
    private static final String INVALIDATE_K = ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n";

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aResp3ClientIsPushedTheInvalidationOfAKeyItRead() {
        try (RawClient c = server.rawClient(); RespClient other = server.client()) {
            c.call("HELLO", "3");
            assertEquals("+OK\r\n", c.call("CLIENT", "TRACKING", "ON"));
            assertEquals("_\r\n", c.call("GET", "k"));
            other.call("SET", "k", "v");
            assertEquals(INVALIDATE_K, c.readReply());
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
            // its own write: the reply first, then the invalidation
            assertEquals("+OK\r\n", c.call("SET", "k", "w"));
            assertEquals(INVALIDATE_K, c.readReply());
            c.call("GET", "k");
            other.call("FLUSHALL");
            assertEquals(">2\r\n$10\r\ninvalidate\r\n_\r\n", c.readReply());
        }
    }

    @Test
    void invalidationsRedirectedToAResp2Subscriber() {
        try (RawClient target = server.rawClient(); RespClient tracked = server.client(); RespClient other = server.client()) {
            long targetId = Long.parseLong(target.call("CLIENT", "ID").substring(1).trim());
            target.call("SUBSCRIBE", "__redis__:invalidate");
            assertEquals("OK", tracked.call("CLIENT", "TRACKING", "ON", "REDIRECT", Long.toString(targetId)));
            assertEquals((long) targetId, tracked.call("CLIENT", "GETREDIR"));
            tracked.call("GET", "k");
            other.call("SET", "k", "v");
            assertEquals("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n", target.readReply());
            String list = (String) other.call("CLIENT", "LIST");
            assertTrue(list.lines().anyMatch(l -> l.contains(" flags=t ") && l.contains(" redir=" + targetId + " ")), list);
        }
    }

    @Test
    void trackingInfoAndErrors() {
        try (RawClient c = server.rawClient()) {
            c.call("HELLO", "3");
            assertEquals("%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n",
                    c.call("CLIENT", "TRACKINGINFO"));
            assertEquals("-ERR The client ID you want redirect to does not exist\r\n",
                    c.call("CLIENT", "TRACKING", "ON", "REDIRECT", "9999"));
            assertEquals("-ERR PREFIX option requires BCAST mode to be enabled\r\n",
                    c.call("CLIENT", "TRACKING", "ON", "PREFIX", "a"));
            assertEquals("-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled\r\n", c.call("CLIENT", "CACHING", "yes"));
            assertEquals("+OK\r\n", c.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "a"));
            assertEquals("%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:0\r\n"
                    + "$8\r\nprefixes\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", c.call("CLIENT", "TRACKINGINFO"));
            assertEquals("-ERR Prefix 'ab' overlaps with an existing prefix 'a'. Prefixes for a single client must "
                    + "not overlap.\r\n", c.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "ab"));
            assertEquals("+OK\r\n", c.call("CLIENT", "TRACKING", "OFF"));
            assertEquals(":-1\r\n", c.call("CLIENT", "GETREDIR"));
        }
    }

    @Test
    void lettuceClientSideCacheIsInvalidatedByOtherWriters() {
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisConnection<String, String> cached = client.connect();
                StatefulRedisConnection<String, String> writer = client.connect()) {
            writer.sync().set("user:1", "ada");
            Map<String, String> cache = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), cached,
                    TrackingArgs.Builder.enabled());
            try {
                assertEquals("ada", frontend.get("user:1"));
                assertEquals("ada", cache.get("user:1"), "cached locally");
                writer.sync().set("user:1", "grace");
                assertTrue(Await.until(() -> !cache.containsKey("user:1"), Duration.ofSeconds(10)),
                        "the invalidation emptied the local cache");
                assertEquals("grace", frontend.get("user:1"));
                assertFalse(cache.isEmpty());
            } finally {
                frontend.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
