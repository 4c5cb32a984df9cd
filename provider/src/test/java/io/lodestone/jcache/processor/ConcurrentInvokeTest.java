package io.lodestone.jcache.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.jcache.JCacheFixture;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** invoke is atomic per key, and listeners see each key's changes in order, under contention. */
class ConcurrentInvokeTest {
    private static final int THREADS = 8;
    private static final int INCREMENTS = 5_000;

    private final JCacheFixture fx = new JCacheFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        fx.close();
    }

    private static final EntryProcessor<String, Long, Long> INCREMENT = (entry, args) -> {
        long next = entry.exists() ? entry.getValue() + 1 : 1;
        entry.setValue(next);
        return next;
    };

    private List<Future<?>> hammer(Runnable work) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                work.run();
                return null;
            }));
        }
        start.countDown();
        return futures;
    }

    @Test
    void noIncrementIsLostOnOneKey() throws Exception {
        Cache<String, Long> cache = fx.manager.createCache("counter", new MutableConfiguration<String, Long>());
        for (Future<?> f : hammer(() -> {
            for (int i = 0; i < INCREMENTS; i++) {
                cache.invoke("hits", INCREMENT);
            }
        })) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals((long) THREADS * INCREMENTS, cache.get("hits"));
    }

    /** Records, per key, the chain of (old -> new) values a listener saw. */
    static final class ChainListener implements CacheEntryCreatedListener<String, Long>,
            CacheEntryUpdatedListener<String, Long>, Serializable {
        private static final long serialVersionUID = 1L;
        final transient Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        final transient Map<String, String> broken = new ConcurrentHashMap<>();

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Long>> events) {
            for (CacheEntryEvent<? extends String, ? extends Long> e : events) {
                seen.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Long>> events) {
            for (CacheEntryEvent<? extends String, ? extends Long> e : events) {
                List<Long> chain = seen.get(e.getKey());
                long last = chain.get(chain.size() - 1);
                if (e.getOldValue() != last || e.getValue() != last + 1) {
                    broken.putIfAbsent(e.getKey(), "after " + last + " got " + e.getOldValue() + "->" + e.getValue());
                }
                chain.add(e.getValue());
            }
        }
    }

    @Test
    void listenersSeeEveryChangeOfAKeyInOrder() throws Exception {
        ChainListener sync = new ChainListener();
        ChainListener async = new ChainListener();
        Cache<String, Long> cache = fx.manager.createCache("ordered", new MutableConfiguration<String, Long>()
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(sync), null, true, true))
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(async), null, true, false)));
        String[] keys = {"k0", "k1", "k2", "k3"};
        int perThread = 500;
        for (Future<?> f : hammer(() -> {
            for (int i = 0; i < perThread; i++) {
                cache.invoke(keys[i % keys.length], INCREMENT);
            }
        })) {
            f.get(60, TimeUnit.SECONDS);
        }
        long perKey = (long) THREADS * perThread / keys.length;
        for (String key : keys) {
            assertEquals(perKey, cache.get(key));
            assertEquals(perKey, sync.seen.get(key).size(), "synchronous listener: one event per change of " + key);
        }
        assertEquals(Map.of(), sync.broken);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String key : keys) {
            while (async.seen.getOrDefault(key, List.of()).size() < perKey && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(perKey, async.seen.get(key).size(), "asynchronous listener: one event per change of " + key);
        }
        assertEquals(Map.of(), async.broken);
    }
}
