package io.lodestone.jcache.issues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.time.Clock;
import io.lodestone.jcache.LodestoneCacheManager;
import io.lodestone.jcache.configuration.ProviderSettings;
import io.lodestone.jcache.spi.LodestoneCachingProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: with persistence on (provider properties naming the engine's {@code dir}, {@code
 * dbfilename} and {@code save}), cache entries and their deadlines survive a restart: a new
 * provider, a new manager, a fresh engine reading the same directory.
 */
class PersistenceAcrossRestartTest {
    private static final AtomicInteger URIS = new AtomicInteger();
    private static final Duration ONE_HOUR = new Duration(TimeUnit.HOURS, 1);

    @TempDir
    Path dir;

    private final URI uri = URI.create("lodestone:persistence-test:" + URIS.incrementAndGet());

    private Properties persistent() {
        Properties properties = new Properties();
        properties.setProperty("lodestone.jcache.config.dir", dir.toString());
        properties.setProperty("lodestone.jcache.config.dbfilename", "caches.rdb");
        properties.setProperty("lodestone.jcache.config.save", "3600 1 300 100");
        return properties;
    }

    private CacheManager manager(CachingProvider provider, Properties properties) {
        return provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties);
    }

    private static MutableConfiguration<Integer, String> eternal() {
        return new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class);
    }

    private static MutableConfiguration<Integer, String> expiring(Duration duration) {
        return eternal().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(duration));
    }

    /** The engine's absolute deadline of cache {@code cache}'s Integer key (0 = none, -1 = missing). */
    private static long deadline(CacheManager manager, String cache, int key) {
        Engine engine = manager.unwrap(LodestoneCacheManager.class).engine();
        engine.lock().lock();
        try {
            engine.keyspace().setNow(engine.clock().millis());
            return engine.keyspace().db(0).expireAt(("jcache:" + cache + ":i" + key).getBytes(StandardCharsets.UTF_8));
        } finally {
            engine.lock().unlock();
        }
    }

    @Test
    void entriesAndTheirDeadlinesSurviveARestart() throws Exception {
        long[] deadlines = new long[10];
        Engine first;
        CachingProvider before = new LodestoneCachingProvider();
        try {
            CacheManager manager = manager(before, persistent());
            first = manager.unwrap(LodestoneCacheManager.class).engine();
            Cache<Integer, String> plain = manager.createCache("plain", eternal());
            Cache<Integer, String> timed = manager.createCache("timed", expiring(ONE_HOUR));
            Cache<Integer, String> brief = manager.createCache("brief", expiring(new Duration(TimeUnit.MILLISECONDS, 1500)));
            for (int i = 0; i < 1000; i++) {
                plain.put(i, "value " + i);
            }
            for (int i = 0; i < deadlines.length; i++) {
                timed.put(i, "timed " + i);
                deadlines[i] = deadline(manager, "timed", i);
                assertTrue(deadlines[i] > 0);
            }
            brief.put(1, "gone soon");
            assertTrue(deadline(manager, "brief", 1) > 0);
        } finally {
            before.close(); // the last manager of the URI: the engine saves and closes
        }
        assertTrue(Files.isRegularFile(dir.resolve("caches.rdb")), "the final save wrote the file");

        CachingProvider after = new LodestoneCachingProvider();
        try {
            CacheManager manager = manager(after, persistent());
            assertNotSame(first, manager.unwrap(LodestoneCacheManager.class).engine(), "a fresh engine");
            Cache<Integer, String> plain = manager.createCache("plain", eternal());
            Cache<Integer, String> timed = manager.createCache("timed", expiring(ONE_HOUR));
            Cache<Integer, String> brief = manager.createCache("brief", expiring(new Duration(TimeUnit.MILLISECONDS, 1500)));
            for (int i = 0; i < 1000; i++) {
                assertEquals("value " + i, plain.get(i));
                assertEquals(0, deadline(manager, "plain", i), "an eternal entry stays without a TTL");
            }
            for (int i = 0; i < deadlines.length; i++) {
                assertEquals(deadlines[i], deadline(manager, "timed", i), "the same absolute deadline");
                assertEquals("timed " + i, timed.get(i));
            }
            // the short-lived entry still has its deadline after the restart: it expires on time
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (brief.get(1) != null && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertNull(brief.get(1));
            assertEquals(1000, count(plain));
        } finally {
            after.close();
        }
    }

    @Test
    void withAppendonlyEveryWriteIsInTheAofAndComesBackWithoutAnyRdb() throws Exception {
        Properties aofOnly = new Properties();
        aofOnly.setProperty("lodestone.jcache.config.dir", dir.toString());
        aofOnly.setProperty("lodestone.jcache.config.save", "");
        aofOnly.setProperty("lodestone.jcache.config.appendonly", "yes");
        aofOnly.setProperty("lodestone.jcache.config.appendfsync", "always");
        CachingProvider before = new LodestoneCachingProvider();
        try {
            Cache<Integer, String> cache = manager(before, aofOnly).createCache("aof", eternal());
            for (int i = 0; i < 100; i++) {
                cache.put(i, "value " + i);
            }
            cache.remove(7);
            cache.replace(8, "replaced");
            assertTrue(Files.readString(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"),
                    StandardCharsets.ISO_8859_1).contains("replaced"), "written before the call returned");
        } finally {
            before.close();
        }
        assertTrue(!Files.exists(dir.resolve("dump.rdb")), "no RDB: the data can only come from the AOF");
        CachingProvider after = new LodestoneCachingProvider();
        try {
            Cache<Integer, String> cache = manager(after, aofOnly).createCache("aof", eternal());
            assertEquals(99, count(cache));
            assertNull(cache.get(7));
            assertEquals("replaced", cache.get(8));
            assertEquals("value 99", cache.get(99));
        } finally {
            after.close();
        }
    }

    @Test
    void changesAfterARestartAreSavedAgain() {
        CachingProvider first = new LodestoneCachingProvider();
        try {
            manager(first, persistent()).createCache("c", eternal()).put(1, "one");
        } finally {
            first.close();
        }
        CachingProvider second = new LodestoneCachingProvider();
        try {
            Cache<Integer, String> cache = manager(second, persistent()).createCache("c", eternal());
            assertEquals("one", cache.get(1));
            cache.remove(1);
            cache.put(2, "two");
        } finally {
            second.close();
        }
        CachingProvider third = new LodestoneCachingProvider();
        try {
            Cache<Integer, String> cache = manager(third, persistent()).createCache("c", eternal());
            assertNull(cache.get(1));
            assertEquals("two", cache.get(2));
        } finally {
            third.close();
        }
    }

    @Test
    void withoutSaveRulesNothingIsWrittenNorLoaded() throws Exception {
        // a file in the directory that a persistent engine would load
        Engine writer = new Engine(configFor(dir, "dump.rdb"), Clock.SYSTEM);
        writer.lock().lock();
        try {
            writer.keyspace().db(0).set("jcache:c:i1".getBytes(StandardCharsets.UTF_8),
                    "sdisk".getBytes(StandardCharsets.UTF_8));
            assertTrue(writer.rdb().save());
        } finally {
            writer.lock().unlock();
            writer.close();
        }
        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        Properties properties = new Properties();
        properties.setProperty("lodestone.jcache.config.dir", dir.toString()); // but no save rule
        CachingProvider provider = new LodestoneCachingProvider();
        try {
            Cache<Integer, String> cache = manager(provider, properties).createCache("c", eternal());
            assertNull(cache.get(1), "an in-memory engine loads nothing");
            cache.put(2, "two");
        } finally {
            provider.close();
        }
        assertArrayEquals(file, Files.readAllBytes(dir.resolve("dump.rdb")), "and writes nothing");
    }

    @Test
    void badDirectivesAreRefused() {
        CachingProvider provider = new LodestoneCachingProvider();
        try {
            Properties unknown = new Properties();
            unknown.setProperty("lodestone.jcache.config.sav", "60 1");
            CacheException e = assertThrows(CacheException.class, () -> manager(provider, unknown));
            assertTrue(e.getMessage().contains("unknown directive 'sav'"), e.getMessage());

            Properties path = new Properties();
            path.setProperty("lodestone.jcache.config.dbfilename", "sub/dump.rdb");
            e = assertThrows(CacheException.class, () -> manager(provider, path));
            assertTrue(e.getMessage().contains("dbfilename can't be a path, just a filename"), e.getMessage());

            Properties odd = new Properties();
            odd.setProperty("lodestone.jcache.config.save", "60");
            assertThrows(CacheException.class, () -> manager(provider, odd));

            Properties negative = new Properties();
            negative.setProperty("lodestone.jcache.config.save", "60 -1");
            assertThrows(CacheException.class, () -> manager(provider, negative));

            Engine engine = new Engine(EngineConfig.defaults(), Clock.SYSTEM);
            Properties both = persistent();
            both.put(ProviderSettings.ENGINE, engine);
            e = assertThrows(CacheException.class, () -> manager(provider, both));
            assertTrue(e.getMessage().contains(ProviderSettings.ENGINE), e.getMessage());
            engine.close();
        } finally {
            provider.close();
        }
        assertFalse(Files.exists(dir.resolve("caches.rdb")));
    }

    private static EngineConfig configFor(Path dir, String file) {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        config.setDbfilename(file);
        return config;
    }

    private static int count(Cache<Integer, String> cache) {
        int n = 0;
        for (Cache.Entry<Integer, String> ignored : cache) {
            n++;
        }
        return n;
    }
}
