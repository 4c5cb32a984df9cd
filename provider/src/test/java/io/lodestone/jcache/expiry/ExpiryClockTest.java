package io.lodestone.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.jcache.JCacheFixture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry against the engine's clock, moved by hand: deadlines are exact to the millisecond. */
class ExpiryClockTest {
    private static final Duration TEN_SECONDS = new Duration(TimeUnit.SECONDS, 10);

    private final JCacheFixture fx = new JCacheFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private Cache<String, String> cache(Factory<? extends ExpiryPolicy> policy) {
        return fx.manager.createCache("c", new MutableConfiguration<String, String>().setExpiryPolicyFactory(policy));
    }

    /** The engine's own view: the key's absolute deadline (0 = none, -1 = missing). */
    private long deadline(String key) {
        fx.engine.lock().lock();
        try {
            fx.engine.keyspace().setNow(fx.clock.millis());
            return fx.engine.keyspace().db(0).expireAt(JCacheFixture.utf8("jcache:c:s" + key));
        } finally {
            fx.engine.lock().unlock();
        }
    }

    @Test
    void createdExpiresTenSecondsAfterCreationWhateverHappensMeanwhile() {
        Cache<String, String> cache = cache(CreatedExpiryPolicy.factoryOf(TEN_SECONDS));
        long created = fx.clock.millis();
        cache.put("k", "v1");
        assertEquals(created + 10_000, deadline("k"));
        fx.advance(5_000);
        cache.put("k", "v2"); // an update keeps the creation deadline
        assertEquals("v2", cache.get("k")); // so does a read
        assertEquals(created + 10_000, deadline("k"));
        fx.advance(4_999);
        assertTrue(cache.containsKey("k"));
        fx.advance(1);
        assertFalse(cache.containsKey("k"));
        assertEquals(-1, deadline("k"));
    }

    @Test
    void accessedMovesTheDeadlineOnEveryRead() {
        Cache<String, String> cache = cache(AccessedExpiryPolicy.factoryOf(TEN_SECONDS));
        cache.put("k", "v");
        fx.advance(9_000);
        assertEquals("v", cache.get("k"));
        assertEquals(fx.clock.millis() + 10_000, deadline("k"));
        fx.advance(9_999);
        cache.put("k", "w"); // an update does not move it
        fx.advance(1);
        assertNull(cache.get("k"));
    }

    @Test
    void modifiedMovesTheDeadlineOnEveryWriteOnly() {
        Cache<String, String> cache = cache(ModifiedExpiryPolicy.factoryOf(TEN_SECONDS));
        cache.put("k", "v");
        fx.advance(9_000);
        assertEquals("v", cache.get("k"));
        assertEquals(fx.clock.millis() + 1_000, deadline("k"), "a read leaves it");
        assertTrue(cache.replace("k", "w"));
        assertEquals(fx.clock.millis() + 10_000, deadline("k"));
        fx.advance(10_000);
        assertNull(cache.get("k"));
    }

    @Test
    void touchedMovesTheDeadlineOnReadsAndWrites() {
        Cache<String, String> cache = cache(TouchedExpiryPolicy.factoryOf(TEN_SECONDS));
        cache.put("k", "v");
        fx.advance(9_000);
        cache.get("k");
        fx.advance(9_000);
        cache.put("k", "w");
        fx.advance(9_999);
        assertEquals("w", cache.get("k"));
        fx.advance(10_000);
        fx.cron();
        assertEquals(-1, deadline("k"), "the active cycle removed it");
    }

    @Test
    void eternalEntriesHaveNoTtlAndZeroDurationsExpireAtOnce() {
        Cache<String, String> eternal = fx.manager.createCache("e", new MutableConfiguration<String, String>());
        eternal.put("k", "v");
        fx.advance(365L * 24 * 3600 * 1000);
        assertEquals("v", eternal.get("k"));

        Cache<String, String> zero = cache(CreatedExpiryPolicy.factoryOf(Duration.ZERO));
        zero.put("k", "v");
        assertEquals(-1, deadline("k"), "never stored");
        assertFalse(zero.iterator().hasNext());
    }
}
