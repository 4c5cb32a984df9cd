package io.lodestone.jcache.integration;

import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** Read-through with the specification's exception rule: failures reach the caller as {@link CacheLoaderException}. */
public final class LoaderAdapter<K, V> {
    private final CacheLoader<K, V> loader;

    public LoaderAdapter(CacheLoader<K, V> loader) {
        this.loader = loader;
    }

    public CacheLoader<K, V> loader() {
        return loader;
    }

    public V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("Exception in CacheLoader", e);
        }
    }

    public Map<K, V> loadAll(Iterable<? extends K> keys) {
        try {
            return loader.loadAll(keys);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("Exception in CacheLoader", e);
        }
    }
}
