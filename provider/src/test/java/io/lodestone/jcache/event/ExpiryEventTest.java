package io.lodestone.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.jcache.JCacheFixture;
import io.lodestone.jcache.RecordingListener;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EXPIRED events come from the engine's own expiry: nobody has to touch the entry again. */
class ExpiryEventTest {
    private final JCacheFixture fx = new JCacheFixture();
    private final RecordingListener<String, String> listener = new RecordingListener<>();

    @AfterEach
    void close() {
        fx.close();
    }

    private Cache<String, String> cache(boolean synchronous) {
        return fx.manager.createCache("sessions", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 100)))
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(listener), null, true, synchronous)));
    }

    @Test
    void theActiveCycleFiresExpiredWithTheOldValueWithoutAnyAccess() throws Exception {
        Cache<String, String> cache = cache(false);
        cache.put("a", "alpha");
        cache.put("b", "beta");
        List<String> created = List.of(listener.next(5000), listener.next(5000)); // asynchronous: any order
        assertTrue(created.containsAll(List.of("CREATED a alpha", "CREATED b beta")), created.toString());
        fx.clearStream();

        fx.advance(99);
        fx.cron();
        assertNull(listener.next(50), "nothing expires before the deadline");

        fx.advance(1);
        fx.cron(); // the engine's active expiry, as its cron thread runs it: no cache call in between
        List<String> expired = List.of(listener.next(5000), listener.next(5000));
        assertTrue(expired.containsAll(List.of("EXPIRED a alpha alpha", "EXPIRED b beta beta")), expired.toString());
        assertNull(listener.next(50), "exactly one event per entry");
        assertTrue(fx.stream().containsAll(List.of("DEL jcache:sessions:sa", "DEL jcache:sessions:sb")), fx.stream().toString());
        assertFalse(cache.containsKey("a"));
    }

    @Test
    void lazyExpiryOnReadFiresExpiredOnce() throws Exception {
        Cache<String, String> cache = cache(true);
        cache.put("a", "alpha");
        assertEquals(List.of("CREATED a alpha"), listener.take());
        fx.advance(100);
        assertNull(cache.get("a"));
        assertEquals("EXPIRED a alpha alpha", listener.next(5000));
        assertNull(cache.get("a"));
        fx.cron();
        assertNull(listener.next(50));
    }

    @Test
    void theProvidersOwnEngineExpiresOnItsCronThread() throws Exception {
        CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager(java.net.URI.create("lodestone:embedded:expiry-test"),
                provider.getDefaultClassLoader());
        try {
            RecordingListener<String, String> recorder = new RecordingListener<>();
            Cache<String, String> cache = manager.createCache("ticks", new MutableConfiguration<String, String>()
                    .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 20)))
                    .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                            FactoryBuilder.factoryOf(recorder), null, true, false)));
            cache.put("k", "v");
            assertEquals("CREATED k v", recorder.next(5000));
            // no call on the cache from here on: the engine's cron thread (hz 10) must find it
            assertEquals("EXPIRED k v v", recorder.next(5000));
        } finally {
            manager.close();
        }
    }
}
