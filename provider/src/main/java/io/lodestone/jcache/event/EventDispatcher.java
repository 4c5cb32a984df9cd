package io.lodestone.jcache.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * Delivers a cache's entry events to its listeners. Each (listener, key) pair has its own queue:
 * events of one key reach a listener in the order they happened, events of different keys in
 * parallel, all on the executor. A synchronous listener's futures are handed back to the
 * publisher, which awaits them once its atomic step is over (never while holding the store), and
 * a failure of a synchronous listener is thrown to the caller as a {@link
 * CacheEntryListenerException}; an asynchronous listener's failure is logged.
 */
public final class EventDispatcher<K, V> {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final Executor executor;
    private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

    public EventDispatcher(Executor executor) {
        this.executor = executor;
    }

    /** Whether any listener is registered: events are only recorded when one is. */
    public boolean active() {
        return !registrations.isEmpty();
    }

    /** Whether some listener of {@code type} events wants the old value of an update. */
    public boolean wantsOldValue(EventType type) {
        for (Registration<K, V> r : registrations) {
            if (r.oldValueRequired && r.handles(type)) {
                return true;
            }
        }
        return false;
    }

    public void register(CacheEntryListenerConfiguration<K, V> configuration) {
        registrations.add(new Registration<>(configuration));
    }

    /** Removes the listener registered with {@code configuration}, after its queued events. */
    public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration<K, V> r : registrations) {
            if (r.configuration.equals(configuration)) {
                registrations.remove(r);
                r.drain();
                r.close();
            }
        }
    }

    /**
     * Queues {@code events} for every listener that handles them; returns the futures the caller
     * must await (synchronous listeners), or an empty list.
     */
    public List<CompletableFuture<Void>> publish(Cache<K, V> source, List<PendingEvent> events,
                                                 PendingEvent.Decoder decoder) {
        List<CompletableFuture<Void>> synchronous = List.of();
        for (PendingEvent event : events) {
            for (Registration<K, V> r : registrations) {
                if (!r.handles(event.type)) {
                    continue;
                }
                CompletableFuture<Void> done = enqueue(r, event, () -> r.deliver(toEvent(source, r, event, decoder)));
                if (r.synchronous) {
                    if (synchronous.isEmpty()) {
                        synchronous = new ArrayList<>(2);
                    }
                    synchronous.add(done);
                }
            }
        }
        return synchronous;
    }

    /** Publishes asynchronously, awaiting nobody (expiry found by the store's own threads). */
    public void publishDetached(Cache<K, V> source, PendingEvent event, PendingEvent.Decoder decoder) {
        for (Registration<K, V> r : registrations) {
            if (r.handles(event.type)) {
                enqueue(r, event, () -> r.deliver(toEvent(source, r, event, decoder)));
            }
        }
    }

    /** Waits for synchronous listeners; rethrows the first failure as the specification asks. */
    public static void await(List<CompletableFuture<Void>> futures) {
        Throwable failure = null;
        for (CompletableFuture<Void> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() == null ? e : e.getCause();
                }
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof CacheEntryListenerException listenerException) {
            throw listenerException;
        }
        if (failure != null) {
            throw new CacheEntryListenerException(failure);
        }
    }

    /** Waits for every queued event, then closes the listeners and filters. */
    public void close() {
        for (Registration<K, V> r : registrations) {
            r.drain();
        }
        for (Registration<K, V> r : registrations) {
            r.close();
        }
        registrations.clear();
    }

    private CompletableFuture<Void> enqueue(Registration<K, V> r, PendingEvent event, Runnable delivery) {
        Runnable task = r.synchronous ? delivery : () -> {
            try {
                delivery.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "asynchronous cache entry listener failed", e);
            }
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Void>[] queued = new CompletableFuture[1];
        r.queues.compute(event.key, (key, previous) -> {
            queued[0] = previous == null
                    ? CompletableFuture.runAsync(task, executor)
                    : previous.handle((ignored, failure) -> null).thenRunAsync(task, executor);
            return queued[0];
        });
        CompletableFuture<Void> future = queued[0];
        future.whenComplete((ignored, failure) -> r.queues.remove(event.key, future));
        return future;
    }

    @SuppressWarnings("unchecked")
    private LodestoneCacheEntryEvent<K, V> toEvent(Cache<K, V> source, Registration<K, V> r, PendingEvent e,
                                                   PendingEvent.Decoder decoder) {
        K key = (K) e.key(decoder);
        return switch (e.type) {
            case CREATED -> new LodestoneCacheEntryEvent<>(source, e.type, key, (V) e.value(decoder), null, false);
            case UPDATED -> r.oldValueRequired
                    ? new LodestoneCacheEntryEvent<>(source, e.type, key, (V) e.value(decoder),
                            (V) e.oldValue(decoder), true)
                    : new LodestoneCacheEntryEvent<>(source, e.type, key, (V) e.value(decoder), null, false);
            // removed and expired events carry the value that left as both value and old value
            case REMOVED, EXPIRED -> {
                V old = (V) e.oldValue(decoder);
                yield new LodestoneCacheEntryEvent<>(source, e.type, key, old, old, old != null);
            }
        };
    }
}
