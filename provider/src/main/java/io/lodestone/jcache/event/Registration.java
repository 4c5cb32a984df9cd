package io.lodestone.jcache.event;

import io.lodestone.jcache.store.ByteKey;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * One registered listener: its instance, its filter, and one queue per key (a chain of futures),
 * so that the events of one key reach it in order while different keys run in parallel.
 */
final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    final CacheEntryListener<? super K, ? super V> listener;
    final CacheEntryEventFilter<? super K, ? super V> filter;
    final boolean synchronous;
    final boolean oldValueRequired;
    final ConcurrentHashMap<ByteKey, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();

    Registration(CacheEntryListenerConfiguration<K, V> configuration) {
        this.configuration = configuration;
        Factory<CacheEntryListener<? super K, ? super V>> listenerFactory = configuration.getCacheEntryListenerFactory();
        this.listener = listenerFactory.create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
        this.synchronous = configuration.isSynchronous();
        this.oldValueRequired = configuration.isOldValueRequired();
    }

    boolean handles(EventType type) {
        return switch (type) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    /** Filters and delivers one event, on a dispatch thread. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void deliver(LodestoneCacheEntryEvent<K, V> event) {
        if (filter != null && !filter.evaluate(event)) {
            return;
        }
        List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
        switch (event.getEventType()) {
            case CREATED -> ((CacheEntryCreatedListener) listener).onCreated((Iterable) events);
            case UPDATED -> ((CacheEntryUpdatedListener) listener).onUpdated((Iterable) events);
            case REMOVED -> ((CacheEntryRemovedListener) listener).onRemoved((Iterable) events);
            case EXPIRED -> ((CacheEntryExpiredListener) listener).onExpired((Iterable) events);
        }
    }

    /** Waits for every queued event of this registration (bounded). */
    void drain() {
        for (CompletableFuture<Void> pending : queues.values()) {
            try {
                pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // failures were reported to their publisher; a stuck listener must not stop close
            }
        }
    }

    void close() {
        closeQuietly(listener);
        closeQuietly(filter);
    }

    static void closeQuietly(Object customization) {
        if (customization instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                System.getLogger(Registration.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + customization.getClass().getName() + " failed", e);
            }
        } else if (customization instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(Registration.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + customization.getClass().getName() + " failed", e);
            }
        }
    }
}
