package io.lodestone.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.jcache.JCacheFixture;
import io.lodestone.jcache.LodestoneCache;
import io.lodestone.jcache.RecordingListener;
import io.lodestone.jcache.management.JCacheStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every operation's events and statistics, exactly (the TCK checks few of them). */
class EventsAndStatisticsTest {
    private final JCacheFixture fx = new JCacheFixture();
    private final RecordingListener<String, Integer> listener = new RecordingListener<>();
    private final Cache<String, Integer> cache = fx.manager.createCache("counts", new MutableConfiguration<String, Integer>()
            .setTypes(String.class, Integer.class)
            .setStatisticsEnabled(true)
            .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(listener), null, true, true)));
    private final JCacheStatistics stats = cache.unwrap(LodestoneCache.class).statistics();

    @AfterEach
    void close() {
        fx.close();
    }

    private void assertStats(long hits, long misses, long puts, long removals) {
        assertEquals(List.of(hits, misses, puts, removals),
                List.of(stats.getCacheHits(), stats.getCacheMisses(), stats.getCachePuts(), stats.getCacheRemovals()));
    }

    @Test
    void putsGetsAndRemoves() {
        cache.put("a", 1);
        assertEquals(List.of("CREATED a 1"), listener.take());
        cache.put("a", 2);
        assertEquals(List.of("UPDATED a 2 1"), listener.take());
        assertStats(0, 0, 2, 0);

        assertEquals(2, cache.get("a"));
        assertNull(cache.get("b"));
        assertEquals(List.of(), listener.take(), "reads fire nothing");
        assertStats(1, 1, 2, 0);

        assertEquals(2, cache.getAndPut("a", 3));
        assertNull(cache.getAndPut("b", 10));
        assertEquals(List.of("UPDATED a 3 2", "CREATED b 10"), listener.take());
        assertStats(2, 2, 4, 0);

        assertFalse(cache.putIfAbsent("a", 99));
        assertTrue(cache.putIfAbsent("c", 20));
        assertEquals(List.of("CREATED c 20"), listener.take());
        assertStats(3, 3, 5, 0);

        assertTrue(cache.remove("c"));
        assertFalse(cache.remove("c"));
        assertEquals(List.of("REMOVED c 20 20"), listener.take());
        assertStats(3, 3, 5, 1);

        assertFalse(cache.remove("a", 99));
        assertTrue(cache.remove("a", 3));
        assertEquals(List.of("REMOVED a 3 3"), listener.take());
        assertStats(5, 3, 5, 2);

        assertEquals(10, cache.getAndRemove("b"));
        assertNull(cache.getAndRemove("b"));
        assertEquals(List.of("REMOVED b 10 10"), listener.take());
        assertStats(6, 4, 5, 3);
    }

    @Test
    void replaces() {
        assertFalse(cache.replace("a", 1));
        assertNull(cache.getAndReplace("a", 1));
        assertFalse(cache.replace("a", 1, 2));
        assertEquals(List.of(), listener.take());
        assertStats(0, 3, 0, 0);

        cache.put("a", 1);
        assertTrue(cache.replace("a", 2));
        assertEquals(2, cache.getAndReplace("a", 3));
        assertFalse(cache.replace("a", 1, 4));
        assertTrue(cache.replace("a", 3, 4));
        assertEquals(List.of("CREATED a 1", "UPDATED a 2 1", "UPDATED a 3 2", "UPDATED a 4 3"), listener.take());
        assertStats(4, 3, 4, 0);
    }

    @Test
    void bulkOperationsAndClear() {
        cache.putAll(Map.of("a", 1));
        cache.putAll(Map.of("a", 2));
        assertEquals(Map.of("a", 2), cache.getAll(Set.of("a", "zz")));
        assertEquals(List.of("CREATED a 1", "UPDATED a 2 1"), listener.take());
        assertStats(1, 1, 2, 0);

        cache.put("b", 5);
        cache.removeAll(Set.of("a", "nope"));
        assertEquals(List.of("CREATED b 5", "REMOVED a 2 2"), listener.take());
        assertStats(1, 1, 3, 1);

        cache.removeAll();
        assertEquals(List.of("REMOVED b 5 5"), listener.take());
        assertStats(1, 1, 3, 2);

        cache.put("c", 7);
        listener.take();
        cache.clear();
        assertEquals(List.of(), listener.take(), "clear fires nothing");
        assertFalse(cache.containsKey("c"));
        assertStats(1, 1, 4, 2);
    }

    @Test
    void entryProcessorsCountTheirNetEffect() {
        EntryProcessor<String, Integer, Integer> increment = (entry, args) -> {
            int next = entry.exists() ? entry.getValue() + 1 : 1;
            entry.setValue(next);
            return next;
        };
        assertEquals(1, cache.invoke("n", increment));
        assertEquals(2, cache.invoke("n", increment));
        assertEquals(List.of("CREATED n 1", "UPDATED n 2 1"), listener.take());
        assertStats(1, 1, 2, 0);

        assertNull(cache.invoke("n", (entry, args) -> {
            entry.setValue(100);
            entry.remove();
            return null;
        }));
        assertEquals(List.of("REMOVED n 2 2"), listener.take());
        assertStats(2, 1, 2, 1);

        assertNull(cache.invoke("m", (entry, args) -> {
            entry.setValue(5);
            entry.remove();
            return null;
        }));
        assertEquals(List.of(), listener.take(), "create then remove is nothing");
        assertFalse(cache.containsKey("m"));
        assertStats(2, 2, 2, 1);
    }

    @Test
    void iteratorRemoveFiresRemoved() {
        cache.put("a", 1);
        listener.take();
        var it = cache.iterator();
        assertTrue(it.hasNext());
        Cache.Entry<String, Integer> e = it.next();
        assertEquals("a", e.getKey());
        it.remove();
        assertFalse(it.hasNext());
        assertEquals(List.of("REMOVED a 1 1"), listener.take());
        assertStats(1, 0, 1, 1);
    }
}
