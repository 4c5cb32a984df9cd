package io.lodestone.jcache;

import io.lodestone.engine.Engine;
import io.lodestone.jcache.configuration.ProviderSettings;
import io.lodestone.jcache.copy.Codec;
import io.lodestone.jcache.store.KeyPrefix;
import io.lodestone.jcache.store.embedded.EmbeddedEngine;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The caches of one URI and class loader, kept in one engine of this JVM (embedded mode). Closing
 * the manager closes its caches but keeps their entries in the engine; destroying a cache deletes
 * its entries.
 */
public final class LodestoneCacheManager implements CacheManager {
    /** Runs listener deliveries and loadAll; daemon threads, shared by every manager. */
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(daemonThreads());

    private final CachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final ProviderSettings settings;
    private final EmbeddedEngine node;
    private final Consumer<LodestoneCacheManager> onClose;
    private final Codec codec;
    private final ConcurrentHashMap<String, LodestoneCache<?, ?>> caches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param engine  the engine the caches live in
     * @param onClose told once when this manager closes (the provider releases the engine)
     */
    public LodestoneCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
                                 Engine engine, Consumer<LodestoneCacheManager> onClose) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = classLoader;
        this.properties = new Properties();
        if (properties != null) {
            this.properties.putAll(properties);
        }
        this.settings = ProviderSettings.of(this.properties);
        this.node = new EmbeddedEngine(engine, false, settings.database());
        this.onClose = onClose;
        this.codec = settings.newCodec(classLoader);
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    /** The engine this manager's caches live in. */
    public Engine engine() {
        return node.engine();
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        MutableConfiguration<K, V> copy = copyOf(configuration);
        synchronized (caches) {
            if (caches.containsKey(cacheName)) {
                throw new CacheException("a cache named " + cacheName + " already exists");
            }
            byte[] prefix = KeyPrefix.of(settings.namespace(), cacheName);
            LodestoneCache<K, V> cache = new LodestoneCache<>(this, cacheName, copy, node.store(prefix), codec, EXECUTOR);
            caches.put(cacheName, cache);
            return cache;
        }
    }

    private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return new MutableConfiguration<>(complete);
        }
        MutableConfiguration<K, V> copy = new MutableConfiguration<>();
        copy.setStoreByValue(configuration.isStoreByValue());
        copy.setTypes(configuration.getKeyType(), configuration.getValueType());
        return copy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        LodestoneCache<?, ?> cache = caches.get(cacheName);
        if (cache == null) {
            return null;
        }
        CompleteConfiguration<?, ?> configuration = cache.getConfiguration(CompleteConfiguration.class);
        if (!keyType.equals(configuration.getKeyType())) {
            throw new ClassCastException("cache " + cacheName + " has keys of type " + configuration.getKeyType().getName()
                    + ", not " + keyType.getName());
        }
        if (!valueType.equals(configuration.getValueType())) {
            throw new ClassCastException("cache " + cacheName + " has values of type "
                    + configuration.getValueType().getName() + ", not " + valueType.getName());
        }
        return (Cache<K, V>) cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        return (Cache<K, V>) caches.get(cacheName);
    }

    @Override
    public Iterable<String> getCacheNames() {
        ensureOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    /** Closes the cache and deletes its entries from the engine (even when this manager never opened it). */
    @Override
    public void destroyCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        LodestoneCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.clear();
            cache.close();
        } else {
            try (var store = node.store(KeyPrefix.of(settings.namespace(), cacheName))) {
                store.clear();
            }
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        LodestoneCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        LodestoneCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (LodestoneCache<?, ?> cache : caches.values()) {
            try {
                cache.close();
            } catch (RuntimeException e) {
                System.getLogger(LodestoneCacheManager.class.getName()).log(System.Logger.Level.WARNING,
                        "closing cache " + cache.getName() + " failed", e);
            }
        }
        caches.clear();
        node.close();
        onClose.accept(this);
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
        throw new IllegalArgumentException("cannot unwrap a cache manager to " + clazz.getName());
    }

    /** A cache closed itself: forget it. */
    void released(LodestoneCache<?, ?> cache) {
        caches.remove(cache.getName(), cache);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache manager " + uri + " is closed");
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "lodestone-jcache-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
