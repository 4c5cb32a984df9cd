package io.lodestone.jcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.testing.ReplyRecorder;
import io.lodestone.jcache.JCacheFixture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Entries are plain Lodestone keys: visible to Redis commands, and every write is in the write stream. */
class KeyLayoutTest {
    private final JCacheFixture fx = new JCacheFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private Object redis(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = JCacheFixture.utf8(args[i]);
        }
        ReplyRecorder out = new ReplyRecorder(2);
        fx.engine.lock().lock();
        try {
            fx.engine.dispatcher().execute(new CommandContext(fx.engine, 99, true), argv, out);
        } finally {
            fx.engine.lock().unlock();
        }
        return out.take();
    }

    @Test
    void entriesAreStringKeysWithThePrefixAndTheirTtl() {
        Cache<String, String> users = fx.manager.createCache("users", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 60))));
        long now = fx.clock.millis();
        users.put("alice", "admin");
        assertEquals("sadmin", redis("GET", "jcache:users:salice"));
        assertEquals(List.of("SET jcache:users:salice sadmin PXAT " + (now + 60_000)), fx.stream());

        fx.clearStream();
        users.remove("alice");
        assertEquals(List.of("DEL jcache:users:salice"), fx.stream());

        redis("SET", "jcache:users:sbob", "sfrom redis");
        assertEquals("from redis", users.get("bob"), "a value written by a Redis client is read back");
    }

    @Test
    void integerKeysAndByteValuesAreCompact() {
        Cache<Integer, byte[]> blobs = fx.manager.createCache("blobs", new MutableConfiguration<Integer, byte[]>());
        blobs.put(-42, new byte[] {1, 2, 3});
        assertEquals(List.of("SET jcache:blobs:i-42 b\\x01\\x02\\x03 KEEPTTL"), fx.stream(), "an eternal put needs no read: one SET");
        assertArrayEquals(new byte[] {1, 2, 3}, blobs.get(-42));
    }

    @Test
    void cacheNamesAreEscapedSoNoCacheSeesAnothersKeys() {
        assertArrayEquals(JCacheFixture.utf8("jcache:a%3Ab%25:"), KeyPrefix.of("jcache:", "a:b%"));
        Cache<String, String> a = fx.manager.createCache("a", new MutableConfiguration<String, String>());
        Cache<String, String> ab = fx.manager.createCache("a:b", new MutableConfiguration<String, String>());
        ab.put("x", "1");
        a.put("b:x", "2");
        assertEquals("1", ab.get("x"));
        assertEquals("2", a.get("b:x"));
        int count = 0;
        for (Cache.Entry<String, String> ignored : ab) {
            count++;
        }
        assertEquals(1, count);
    }

    @Test
    void destroyDeletesTheKeysThroughTheStreamAndCloseKeepsThem() {
        Cache<String, String> keep = fx.manager.createCache("keep", new MutableConfiguration<String, String>());
        keep.put("k", "v");
        keep.close();
        assertEquals("sv", redis("GET", "jcache:keep:sk"), "closing a cache keeps its entries");

        Cache<String, String> gone = fx.manager.createCache("gone", new MutableConfiguration<String, String>());
        gone.put("k1", "v");
        fx.clearStream();
        fx.manager.destroyCache("gone");
        assertTrue(fx.stream().contains("DEL jcache:gone:sk1"), fx.stream().toString());
        assertEquals(null, redis("GET", "jcache:gone:sk1"));
    }
}
