package io.lodestone.jcache.spi;

import io.lodestone.engine.Engine;
import io.lodestone.jcache.LodestoneCacheManager;
import io.lodestone.jcache.configuration.ProviderSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The Lodestone JCache provider ({@code Caching.getCachingProvider()} finds it through {@code
 * META-INF/services}). Embedded mode: the caches live in a Lodestone engine in this JVM, the one
 * given in the manager's properties ({@link ProviderSettings#ENGINE}) or one the provider creates
 * per manager URI.
 */
public final class LodestoneCachingProvider implements CachingProvider {
    /** The default URI: this JVM's embedded engine. */
    public static final URI DEFAULT_URI = URI.create("lodestone:embedded");

    private final Map<ClassLoader, Map<URI, LodestoneCacheManager>> managers = new WeakHashMap<>();

    @Override
    public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, LodestoneCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
        LodestoneCacheManager manager = byUri.get(managerUri);
        if (manager == null || manager.isClosed()) {
            manager = newManager(managerUri, loader, properties);
            byUri.put(managerUri, manager);
        }
        return manager;
    }

    private LodestoneCacheManager newManager(URI uri, ClassLoader loader, Properties properties) {
        ProviderSettings settings = ProviderSettings.of(properties);
        Engine given = settings.engine();
        Engine engine = given != null ? given : EmbeddedEngines.acquire(uri, settings);
        try {
            return new LodestoneCacheManager(this, uri, loader, properties, engine, closed -> {
                forget(closed);
                if (given == null) {
                    EmbeddedEngines.release(uri, engine);
                }
            });
        } catch (RuntimeException e) {
            if (given == null) {
                EmbeddedEngines.release(uri, engine);
            }
            throw e;
        }
    }

    private synchronized void forget(LodestoneCacheManager manager) {
        Map<URI, LodestoneCacheManager> byUri = managers.get(manager.getClassLoader());
        if (byUri != null && byUri.get(manager.getURI()) == manager) {
            byUri.remove(manager.getURI());
            if (byUri.isEmpty()) {
                managers.remove(manager.getClassLoader());
            }
        }
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return DEFAULT_URI;
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
    }

    @Override
    public void close() {
        List<LodestoneCacheManager> all = new ArrayList<>();
        synchronized (this) {
            for (Map<URI, LodestoneCacheManager> byUri : managers.values()) {
                all.addAll(byUri.values());
            }
            managers.clear();
        }
        all.forEach(LodestoneCacheManager::close);
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        List<LodestoneCacheManager> all;
        synchronized (this) {
            Map<URI, LodestoneCacheManager> byUri = managers.remove(loader);
            all = byUri == null ? List.of() : new ArrayList<>(byUri.values());
        }
        all.forEach(LodestoneCacheManager::close);
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        LodestoneCacheManager manager;
        synchronized (this) {
            Map<URI, LodestoneCacheManager> byUri = managers.get(loader);
            manager = byUri == null ? null : byUri.remove(managerUri);
            if (byUri != null && byUri.isEmpty()) {
                managers.remove(loader);
            }
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
    }
}
