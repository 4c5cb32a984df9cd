package io.lodestone.jcache;

import io.lodestone.jcache.copy.Codec;
import io.lodestone.jcache.copy.ReferenceTable;
import io.lodestone.jcache.event.EventDispatcher;
import io.lodestone.jcache.event.PendingEvent;
import io.lodestone.jcache.expiry.Expiry;
import io.lodestone.jcache.integration.LoaderAdapter;
import io.lodestone.jcache.integration.WriterAdapter;
import io.lodestone.jcache.management.JCacheMXBean;
import io.lodestone.jcache.management.JCacheStatistics;
import io.lodestone.jcache.management.JmxRegistration;
import io.lodestone.jcache.processor.EntryProcessorEntry;
import io.lodestone.jcache.processor.EntryProcessorResultImpl;
import io.lodestone.jcache.store.CacheStore;
import io.lodestone.jcache.store.StoreEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache cache whose entries are Lodestone keys. Every operation has the same shape: check the
 * cache is open, start the statistics timer, run <b>one</b> atomic step on the store (which reads
 * the entry, calls the writer and the expiry policy, decides the change and records the events),
 * then publish the events and await synchronous listeners, then count statistics.
 *
 * <p>Keys and values cross the store as codec bytes (store-by-value: every read decodes a fresh
 * copy); store-by-reference caches also remember the instance behind the stored bytes. Expiry is
 * the engine's own TTL, so entries expire in the engine (lazily or by its active cycle) and EXPIRED
 * events fire even when nobody touches the entry again.
 */
public final class LodestoneCache<K, V> implements Cache<K, V> {
    /** Keys fetched from the store per iteration step. */
    private static final int SCAN_PAGE = 256;

    private final LodestoneCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final CacheStore store;
    private final Codec codec;
    private final ClassLoader classLoader;
    private final byte[] prefix;
    private final Expiry expiry;
    private final LoaderAdapter<K, V> loader;
    private final LoaderAdapter<K, V> readThrough;
    private final WriterAdapter<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final JCacheStatistics statistics = new JCacheStatistics();
    private final JCacheMXBean mxBean;
    private final ReferenceTable references;
    private final Executor executor;
    private final PendingEvent.Decoder decoder;
    /** The policy is one of the JDK's whose access expiry is always "unchanged": a read is one GET. */
    private final boolean readsNeverTouch;
    /** Eternal entries, no writer, stored by value: a put needs no read (when nobody listens). */
    private final boolean blindPuts;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    LodestoneCache(LodestoneCacheManager manager, String name, MutableConfiguration<K, V> configuration,
                   CacheStore store, Codec codec, Executor executor) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.store = store;
        this.codec = codec;
        this.classLoader = manager.getClassLoader();
        this.prefix = store.prefix();
        this.executor = executor;
        this.expiry = new Expiry(configuration.getExpiryPolicyFactory().create());
        CacheLoader<K, V> cacheLoader = configuration.getCacheLoaderFactory() == null
                ? null : configuration.getCacheLoaderFactory().create();
        this.loader = cacheLoader == null ? null : new LoaderAdapter<>(cacheLoader);
        this.readThrough = configuration.isReadThrough() ? loader : null;
        CacheWriter<? super K, ? super V> cacheWriter = configuration.getCacheWriterFactory() == null
                ? null : configuration.getCacheWriterFactory().create();
        this.writer = cacheWriter != null && configuration.isWriteThrough() ? new WriterAdapter<>(cacheWriter) : null;
        this.references = configuration.isStoreByValue() ? null : new ReferenceTable();
        this.decoder = new PendingEvent.Decoder() {
            @Override
            public Object decodeKey(byte[] engineKey) {
                return LodestoneCache.this.decodeKey(engineKey);
            }

            @Override
            public Object decodeValue(byte[] bytes) {
                return LodestoneCache.this.decodeValue(bytes);
            }
        };
        this.events = new EventDispatcher<>(executor);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            events.register(listener);
        }
        Class<?> policy = expiry.policy().getClass();
        this.readsNeverTouch = policy == EternalExpiryPolicy.class || policy == CreatedExpiryPolicy.class
                || policy == ModifiedExpiryPolicy.class;
        this.blindPuts = policy == EternalExpiryPolicy.class && writer == null && references == null;
        this.mxBean = new JCacheMXBean(configuration);
        store.onExpiry(this::expiredInStore);
        setStatisticsEnabled(configuration.isStatisticsEnabled());
        setManagementEnabled(configuration.isManagementEnabled());
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Override
    public V get(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        byte[] k = keyBytes(key);
        Op op = new Op();
        byte[] found = read(key, k, op);
        V value;
        if (found != null) {
            value = value(k, found);
            statistics.hits(1);
        } else {
            statistics.misses(1);
            value = readThrough == null ? null : loadAndStore(key, k, op);
        }
        statistics.getTime(start);
        publish(op);
        return value;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireNoNull(keys);
        long start = statistics.start();
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        Op op = new Op();
        for (K key : keys) {
            byte[] k = keyBytes(key);
            byte[] found = read(key, k, op);
            if (found != null) {
                result.put(key, value(k, found));
            } else {
                missing.add(key);
            }
        }
        statistics.hits(result.size());
        statistics.misses(missing.size());
        if (readThrough != null && !missing.isEmpty()) {
            Map<K, V> loaded = readThrough.loadAll(missing);
            for (K key : missing) {
                V value = loaded == null ? null : loaded.get(key);
                if (value != null) {
                    V stored = storeLoaded(key, keyBytes(key), value, op);
                    if (stored != null) {
                        result.put(key, stored);
                    }
                }
            }
        }
        statistics.getTime(start);
        publish(op);
        return result;
    }

    /**
     * The stored bytes of an entry, or null. Under an expiry policy that reads never change (eternal,
     * created) straight from the store, which answers most reads without the engine lock; else in
     * an atomic step that applies the policy's access rule.
     */
    private byte[] read(K key, byte[] k, Op op) {
        if (readsNeverTouch) {
            return store.get(k);
        }
        return step(k, op, e -> {
            byte[] v = e.value();
            if (v != null) {
                access(e, key, v, op);
            }
            return v;
        });
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        return store.containsKey(keyBytes(key));
    }

    // ---- writes --------------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        ensureOpen();
        checkTypes(key, value);
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] v = encodeValue(value);
        Op op = new Op();
        if (blindPuts && !events.active()) {
            // created or updated, an eternal entry ends as this value with no TTL: one SET
            store.put(k, v, CacheStore.KEEP_TTL);
            op.stored = true;
        } else {
            step(k, op, e -> {
                putStep(e, key, value, v, op, true);
                return null;
            });
        }
        publish(op);
        if (op.stored) {
            statistics.put(start);
        }
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        checkTypes(key, value);
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] v = encodeValue(value);
        Op op = new Op();
        byte[] old = step(k, op, e -> {
            byte[] previous = e.value();
            op.previous = referenced(k, previous);
            putStep(e, key, value, v, op, true);
            return previous;
        });
        V result = previous(op, old);
        publish(op);
        statistics.get(start, old != null);
        if (op.stored) {
            statistics.put(start);
        }
        return result;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            checkTypes(entry.getKey(), entry.getValue());
        }
        long start = statistics.start();
        Map<K, V> toPut = new LinkedHashMap<>(map);
        CacheWriterException failure = null;
        if (writer != null) {
            List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(toPut.size());
            for (Map.Entry<K, V> entry : toPut.entrySet()) {
                entries.add(new EntryProxy<>(entry.getKey(), entry.getValue()));
            }
            failure = writer.writeAll(entries);
            for (Cache.Entry<? extends K, ? extends V> notWritten : entries) {
                toPut.remove(notWritten.getKey());
            }
        }
        Op op = new Op();
        long stored = 0;
        for (Map.Entry<K, V> entry : toPut.entrySet()) {
            K key = entry.getKey();
            V value = entry.getValue();
            byte[] v = encodeValue(value);
            Op one = new Op();
            step(keyBytes(key), one, e -> {
                putStep(e, key, value, v, one, false);
                return null;
            });
            op.absorb(one);
            if (one.stored) {
                stored++;
            }
        }
        publish(op);
        if (stored > 0) {
            statistics.puts(stored);
            statistics.putTime(start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        checkTypes(key, value);
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] v = encodeValue(value);
        Op op = new Op();
        boolean put = step(k, op, e -> {
            if (e.value() != null) {
                return false;
            }
            putStep(e, key, value, v, op, true);
            return op.stored;
        });
        publish(op);
        if (put) {
            statistics.puts(1);
            statistics.misses(1);
            statistics.putTime(start);
        } else {
            statistics.hits(1);
        }
        return put;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        byte[] k = keyBytes(key);
        Op op = new Op();
        boolean removed = step(k, op, e -> {
            if (writer != null) {
                writer.delete(key);
            }
            return removeStep(e, key, op);
        });
        publish(op);
        if (removed) {
            statistics.removal(start);
        }
        return removed;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] expected = references == null ? encodeValue(oldValue) : null;
        Op op = new Op();
        int outcome = step(k, op, e -> {
            byte[] current = e.value();
            if (current == null) {
                return MISS;
            }
            if (!matches(k, current, oldValue, expected)) {
                access(e, key, current, op);
                return HIT;
            }
            if (writer != null) {
                writer.delete(key);
            }
            removeStep(e, key, op);
            return DONE;
        });
        publish(op);
        if (outcome == DONE) {
            statistics.removal(start);
        }
        statistics.get(start, outcome != MISS);
        return outcome == DONE;
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        byte[] k = keyBytes(key);
        Op op = new Op();
        byte[] old = step(k, op, e -> {
            if (writer != null) {
                writer.delete(key);
            }
            byte[] current = e.value();
            op.previous = referenced(k, current);
            removeStep(e, key, op);
            return current;
        });
        V result = previous(op, old);
        publish(op);
        statistics.get(start, old != null);
        if (old != null) {
            statistics.removal(start);
        }
        return result;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        checkTypes(key, newValue);
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] expected = references == null ? encodeValue(oldValue) : null;
        byte[] v = encodeValue(newValue);
        Op op = new Op();
        int outcome = step(k, op, e -> {
            byte[] current = e.value();
            if (current == null) {
                return MISS;
            }
            if (!matches(k, current, oldValue, expected)) {
                access(e, key, current, op);
                return HIT;
            }
            putStep(e, key, newValue, v, op, true);
            return DONE;
        });
        publish(op);
        if (outcome == DONE) {
            statistics.put(start);
        }
        statistics.get(start, outcome != MISS);
        return outcome == DONE;
    }

    @Override
    public boolean replace(K key, V value) {
        ensureOpen();
        checkTypes(key, value);
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] v = encodeValue(value);
        Op op = new Op();
        boolean replaced = step(k, op, e -> {
            if (e.value() == null) {
                return false;
            }
            putStep(e, key, value, v, op, true);
            return true;
        });
        publish(op);
        statistics.get(start, replaced);
        if (replaced) {
            statistics.put(start);
        }
        return replaced;
    }

    @Override
    public V getAndReplace(K key, V value) {
        ensureOpen();
        checkTypes(key, value);
        long start = statistics.start();
        byte[] k = keyBytes(key);
        byte[] v = encodeValue(value);
        Op op = new Op();
        byte[] old = step(k, op, e -> {
            byte[] current = e.value();
            if (current != null) {
                op.previous = referenced(k, current);
                putStep(e, key, value, v, op, true);
            }
            return current;
        });
        V result = previous(op, old);
        publish(op);
        statistics.get(start, old != null);
        if (old != null) {
            statistics.put(start);
        }
        return result;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        requireNoNull(keys);
        removeKeys(new ArrayList<>(keys));
    }

    @Override
    public void removeAll() {
        ensureOpen();
        List<K> keys = new ArrayList<>();
        for (byte[] k : allKeys()) {
            keys.add(decodeKey(k));
        }
        removeKeys(keys);
    }

    private void removeKeys(List<K> keys) {
        long start = statistics.start();
        Collection<K> toRemove = keys;
        CacheWriterException failure = null;
        if (writer != null) {
            Set<K> notDeleted = new LinkedHashSet<>(keys);
            failure = writer.deleteAll(notDeleted);
            toRemove = new ArrayList<>(keys);
            toRemove.removeAll(notDeleted);
        }
        Op op = new Op();
        long removed = 0;
        for (K key : toRemove) {
            Op one = new Op();
            if (step(keyBytes(key), one, e -> removeStep(e, key, one))) {
                removed++;
            }
            op.absorb(one);
        }
        publish(op);
        if (removed > 0) {
            statistics.removals(removed);
            statistics.removeTime(start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void clear() {
        ensureOpen();
        store.clear();
        if (references != null) {
            references.clear();
        }
    }

    // ---- entry processors ----------------------------------------------------------------------

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(processor, "entryProcessor");
        long start = statistics.start();
        byte[] k = keyBytes(key);
        Op op = new Op();
        T result = step(k, op, e -> {
            byte[] current = e.value();
            if (current == null) {
                statistics.misses(1);
            } else {
                statistics.hits(1);
            }
            EntryProcessorEntry<K, V> entry = new EntryProcessorEntry<>(key, current != null,
                    () -> value(k, current), readThrough);
            T out;
            try {
                out = processor.process(entry, arguments);
            } catch (CacheException ex) {
                throw ex;
            } catch (Exception ex) {
                throw new EntryProcessorException(ex);
            }
            applyProcessor(e, key, entry, op);
            return out;
        });
        statistics.getTime(start);
        publish(op);
        if (op.putCount > 0) {
            statistics.puts(op.putCount);
            statistics.putTime(start);
        }
        if (op.removeCount > 0) {
            statistics.removals(op.removeCount);
            statistics.removeTime(start);
        }
        return result;
    }

    /** Turns what the processor did into one store change (inside the atomic step). */
    private void applyProcessor(StoreEntry e, K key, EntryProcessorEntry<K, V> entry, Op op) {
        switch (entry.operation()) {
            case NONE -> { }
            case ACCESS -> access(e, key, e.value(), op);
            case CREATE, LOAD -> {
                V value = entry.value();
                checkTypes(key, value);
                if (entry.operation() == EntryProcessorEntry.Operation.CREATE && writer != null) {
                    writer.write(key, value);
                }
                long at = expiry.forCreation(e.now());
                if (at != Expiry.EXPIRED) {
                    byte[] v = encodeValue(value);
                    e.set(v, at);
                    remember(e.key(), v, value);
                    op.event(EventType.CREATED, e.key(), key, value, null);
                    if (entry.operation() == EntryProcessorEntry.Operation.CREATE) {
                        op.putCount++;
                    }
                }
            }
            case UPDATE -> {
                V value = entry.value();
                checkTypes(key, value);
                putStep(e, key, value, encodeValue(value), op, true);
                op.putCount++;
            }
            case REMOVE -> {
                if (writer != null) {
                    writer.delete(key);
                }
                if (removeStep(e, key, op)) {
                    op.removeCount++;
                }
            }
        }
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object... arguments) {
        ensureOpen();
        requireNoNull(keys);
        Objects.requireNonNull(processor, "entryProcessor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, EntryProcessorResultImpl.of(result));
                }
            } catch (Exception e) {
                results.put(key, EntryProcessorResultImpl.failed(e));
            }
        }
        return results;
    }

    // ---- loading -------------------------------------------------------------------------------

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        ensureOpen();
        requireNoNull(keys);
        if (loader == null) {
            if (completionListener != null) {
                completionListener.onCompletion();
            }
            return;
        }
        List<K> requested = new ArrayList<>(keys);
        executor.execute(() -> {
            try {
                List<K> toLoad = new ArrayList<>();
                for (K key : requested) {
                    if (replaceExistingValues || !store.containsKey(keyBytes(key))) {
                        toLoad.add(key);
                    }
                }
                Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
                Op op = new Op();
                if (loaded != null) {
                    for (Map.Entry<K, V> entry : loaded.entrySet()) {
                        K key = entry.getKey();
                        V value = entry.getValue();
                        if (key == null || value == null) {
                            continue;
                        }
                        byte[] v = encodeValue(value);
                        Op one = new Op();
                        step(keyBytes(key), one, e -> {
                            if (e.value() == null || replaceExistingValues) {
                                putStep(e, key, value, v, one, false);
                            }
                            return null;
                        });
                        op.absorb(one);
                    }
                }
                publish(op);
                if (completionListener != null) {
                    completionListener.onCompletion();
                }
            } catch (Exception e) {
                if (completionListener != null) {
                    completionListener.onException(e);
                }
            }
        });
    }

    /** Read-through after a miss: load outside the store, then store if still absent. */
    private V loadAndStore(K key, byte[] k, Op op) {
        V loaded = readThrough.load(key);
        return loaded == null ? null : storeLoaded(key, k, loaded, op);
    }

    private V storeLoaded(K key, byte[] k, V loaded, Op op) {
        byte[] v = encodeValue(loaded);
        return step(k, op, e -> {
            byte[] current = e.value();
            if (current != null) {
                return value(k, current); // stored meanwhile by someone else: theirs wins
            }
            long at = expiry.forCreation(e.now());
            if (at == Expiry.EXPIRED) {
                return null;
            }
            e.set(v, at);
            remember(k, v, loaded);
            op.event(EventType.CREATED, k, key, loaded, null);
            return loaded;
        });
    }

    // ---- the steps shared by operations (run inside the store's atomic step) ------------------

    /** Creates or updates the entry, calling the writer first when asked; records the events. */
    private void putStep(StoreEntry e, K key, V value, byte[] v, Op op, boolean writeThrough) {
        byte[] old = e.value();
        if (writeThrough && writer != null) {
            writer.write(key, value);
        }
        if (old == null) {
            long at = expiry.forCreation(e.now());
            if (at == Expiry.EXPIRED) {
                return; // expired on arrival: never stored, no event
            }
            e.set(v, at);
            remember(e.key(), v, value);
            op.stored = true;
            op.event(EventType.CREATED, e.key(), key, value, null);
            return;
        }
        long at = expiry.forUpdate(e.now());
        op.stored = true;
        op.event(EventType.UPDATED, e.key(), key, value, old);
        if (at == Expiry.EXPIRED) {
            e.remove();
            forget(e.key());
            op.expired(e.key(), key, v);
        } else {
            e.set(v, at);
            remember(e.key(), v, value);
        }
    }

    /** Removes the entry if present; records the REMOVED event. */
    private boolean removeStep(StoreEntry e, K key, Op op) {
        byte[] old = e.value();
        if (old == null) {
            return false;
        }
        e.remove();
        forget(e.key());
        op.event(EventType.REMOVED, e.key(), key, null, old);
        return true;
    }

    /** Applies the access expiry after a read of {@code current}. */
    private void access(StoreEntry e, K key, byte[] current, Op op) {
        long at = expiry.forAccess(e.now());
        if (at == CacheStore.KEEP_TTL) {
            return;
        }
        if (at == Expiry.EXPIRED) {
            e.remove();
            forget(e.key());
            op.expired(e.key(), key, current);
        } else {
            e.setExpireAt(at);
        }
    }

    private void remember(byte[] k, byte[] stored, Object value) {
        if (references != null) {
            references.put(k, stored, value);
        }
    }

    private void forget(byte[] k) {
        if (references != null) {
            references.remove(k);
        }
    }

    /** The engine expired one of our keys (lazily or by its active cycle), on an engine thread. */
    private void expiredInStore(byte[] key, byte[] value) {
        Object instance = referenced(key, value);
        forget(key);
        if (events.active()) {
            Object keyObject = references != null && ReferenceTable.isToken(key, prefix.length) ? references.keyOf(key) : null;
            events.publishDetached(this, new PendingEvent(EventType.EXPIRED, key, keyObject, null, null, instance, value),
                    decoder);
        }
    }

    // ---- iteration -----------------------------------------------------------------------------

    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        ensureOpen();
        return new EntryIterator();
    }

    private List<byte[]> allKeys() {
        List<byte[]> keys = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = store.scan(cursor, SCAN_PAGE, keys);
        } while (cursor != 0);
        return keys;
    }

    /** Walks the store's keys a page at a time; reads each entry as a get (access expiry, a hit). */
    private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
        private final ArrayDeque<byte[]> page = new ArrayDeque<>();
        private long cursor;
        private boolean lastPage;
        private EntryProxy<K, V> next;
        private EntryProxy<K, V> last;

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (page.isEmpty()) {
                    if (lastPage) {
                        return false;
                    }
                    List<byte[]> keys = new ArrayList<>();
                    cursor = store.scan(cursor, SCAN_PAGE, keys);
                    lastPage = cursor == 0;
                    page.addAll(keys);
                    continue;
                }
                next = read(page.poll());
            }
            return true;
        }

        private EntryProxy<K, V> read(byte[] k) {
            long start = statistics.start();
            K key = decodeKey(k);
            Op op = new Op();
            byte[] found = LodestoneCache.this.read(key, k, op);
            publish(op);
            if (found == null) {
                return null;
            }
            statistics.hits(1);
            statistics.getTime(start);
            return new EntryProxy<>(key, value(k, found));
        }

        @Override
        public Cache.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = next;
            next = null;
            return last;
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() first");
            }
            K key = last.getKey();
            last = null;
            LodestoneCache.this.remove(key);
        }
    }

    // ---- listeners, configuration, lifecycle ---------------------------------------------------

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration); // IAE when registered twice
            events.register(listenerConfiguration);
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
            events.deregister(listenerConfiguration);
        }
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
        if (clazz.isInstance(configuration)) {
            return clazz.cast(configuration);
        }
        throw new IllegalArgumentException("the configuration is not a " + clazz.getName());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        manager.released(this);
        store.close();
        JmxRegistration.unregister(manager.getURI(), name, JmxRegistration.Kind.STATISTICS);
        JmxRegistration.unregister(manager.getURI(), name, JmxRegistration.Kind.CONFIGURATION);
        events.close();
        closeQuietly(loader == null ? null : loader.loader());
        closeQuietly(writer == null ? null : writer.writer());
        closeQuietly(expiry.policy());
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap a cache to " + clazz.getName());
    }

    /** The statistics bean (counts only while statistics are enabled). */
    public JCacheStatistics statistics() {
        return statistics;
    }

    /** The store this cache's entries live in. */
    public CacheStore store() {
        return store;
    }

    void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        statistics.setEnabled(enabled);
        if (enabled) {
            JmxRegistration.register(manager.getURI(), name, JmxRegistration.Kind.STATISTICS, statistics);
        } else {
            JmxRegistration.unregister(manager.getURI(), name, JmxRegistration.Kind.STATISTICS);
        }
    }

    void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
        if (enabled) {
            JmxRegistration.register(manager.getURI(), name, JmxRegistration.Kind.CONFIGURATION, mxBean);
        } else {
            JmxRegistration.unregister(manager.getURI(), name, JmxRegistration.Kind.CONFIGURATION);
        }
    }

    private static void closeQuietly(Object customization) {
        if (customization instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(LodestoneCache.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + customization.getClass().getName() + " failed", e);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static final int MISS = 0;
    private static final int HIT = 1;
    private static final int DONE = 2;

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private void checkTypes(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Class<K> keyType = configuration.getKeyType();
        Class<V> valueType = configuration.getValueType();
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key + " is not a " + keyType.getName());
        }
        if (valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value " + value + " is not a " + valueType.getName());
        }
    }

    private static void requireNoNull(Collection<?> keys) {
        Objects.requireNonNull(keys, "keys");
        for (Object key : keys) {
            Objects.requireNonNull(key, "a key");
        }
    }

    private byte[] keyBytes(Object key) {
        if (references != null && ReferenceTable.needsToken(key)) {
            return references.keyFor(key, prefix);
        }
        byte[] k = codec.encode(key, prefix.length);
        System.arraycopy(prefix, 0, k, 0, prefix.length);
        return k;
    }

    private byte[] encodeValue(Object value) {
        if (references != null && ReferenceTable.needsToken(value)) {
            return references.newToken();
        }
        return codec.encode(value, 0);
    }

    @SuppressWarnings("unchecked")
    private K decodeKey(byte[] engineKey) {
        if (references != null && ReferenceTable.isToken(engineKey, prefix.length)) {
            return (K) references.keyOf(engineKey);
        }
        return (K) codec.decode(engineKey, prefix.length, classLoader);
    }

    /** Whether the stored value equals {@code expected} (by bytes, or by equals() when stored by reference). */
    private boolean matches(byte[] k, byte[] current, Object expected, byte[] expectedBytes) {
        if (references == null) {
            return Arrays.equals(current, expectedBytes);
        }
        return expected.equals(value(k, current));
    }

    /** Inside a step, for by-reference caches: the instance behind {@code stored}, or null. */
    private Object referenced(byte[] k, byte[] stored) {
        return references == null || stored == null ? null : references.get(k, stored);
    }

    @SuppressWarnings("unchecked")
    private V decodeValue(byte[] stored) {
        if (ReferenceTable.isToken(stored, 0)) {
            throw new CacheException("a value stored by reference is no longer known to this cache");
        }
        return (V) codec.decode(stored, 0, classLoader);
    }

    /** The previous value an operation returns: its instance when stored by reference. */
    @SuppressWarnings("unchecked")
    private V previous(Op op, byte[] old) {
        if (old == null) {
            return null;
        }
        return op.previous != null ? (V) op.previous : decodeValue(old);
    }

    /** The value for a read: the very instance stored by reference, else a decoded copy. */
    @SuppressWarnings("unchecked")
    private V value(byte[] k, byte[] stored) {
        if (references != null) {
            Object same = references.get(k, stored);
            if (same != null) {
                return (V) same;
            }
        }
        return decodeValue(stored);
    }

    /**
     * One atomic step on the store. The events it decides are queued for the listeners inside the
     * step, after the change is applied, so that each key's events are queued in the order of its
     * changes; synchronous listeners are awaited later, by {@link #publish}, outside the step.
     */
    private <R> R step(byte[] k, Op op, CacheStore.EntryFunction<R> function) {
        return store.compute(k, e -> {
            R result = function.apply(e);
            List<PendingEvent> decided = op.pending;
            if (decided != null) {
                op.pending = null;
                e.afterCommit(() -> op.queued(events.publish(this, decided, decoder)));
            }
            return result;
        });
    }

    /** Awaits the synchronous listeners of the events an operation queued. */
    private void publish(Op op) {
        if (op.synchronous != null) {
            EventDispatcher.await(op.synchronous);
        }
    }

    /** What one operation decided inside its atomic step(s). */
    private final class Op {
        /** Events decided by the current step, not yet queued. */
        List<PendingEvent> pending;
        /** Queued events whose synchronous listeners the caller must await. */
        List<CompletableFuture<Void>> synchronous;
        /** The instance replaced or removed, for by-reference caches. */
        Object previous;
        boolean stored;
        long putCount;
        long removeCount;

        void event(EventType type, byte[] k, Object key, Object value, byte[] oldBytes) {
            if (events.active()) {
                if (pending == null) {
                    pending = new ArrayList<>(2);
                }
                pending.add(new PendingEvent(type, k, key, value, null, referenced(k, oldBytes), oldBytes));
            }
        }

        /** The entry expired by its policy (a zero duration): the value it held leaves with it. */
        void expired(byte[] k, Object key, byte[] valueBytes) {
            event(EventType.EXPIRED, k, key, null, valueBytes);
        }

        void queued(List<CompletableFuture<Void>> futures) {
            if (!futures.isEmpty()) {
                if (synchronous == null) {
                    synchronous = new ArrayList<>(futures.size());
                }
                synchronous.addAll(futures);
            }
        }

        void absorb(Op other) {
            if (other.synchronous != null) {
                queued(other.synchronous);
            }
        }
    }
}
