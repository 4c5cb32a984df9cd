package io.lodestone.jcache;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/** Records every event as "TYPE key value old" in arrival order. */
public final class RecordingListener<K, V> implements CacheEntryCreatedListener<K, V>, CacheEntryUpdatedListener<K, V>,
        CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V>, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    private void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        for (CacheEntryEvent<? extends K, ? extends V> e : batch) {
            events.add(e.getEventType() + " " + e.getKey() + " " + e.getValue()
                    + (e.isOldValueAvailable() ? " " + e.getOldValue() : ""));
        }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> batch) {
        record(batch);
    }

    /** Everything recorded so far, and forgets it. */
    public List<String> take() {
        List<String> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    /** Waits (bounded) for the next event. */
    public String next(long timeoutMs) throws InterruptedException {
        return events.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
