package io.lodestone.jcache.integration;

import io.lodestone.jcache.EntryProxy;
import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Write-through with the specification's exception rules: whatever the writer throws reaches the
 * caller as a {@link CacheWriterException}, and for the batch calls the collection left behind
 * names what was not written, which the cache then leaves unchanged.
 */
public final class WriterAdapter<K, V> {
    private final CacheWriter<? super K, ? super V> writer;

    public WriterAdapter(CacheWriter<? super K, ? super V> writer) {
        this.writer = writer;
    }

    public CacheWriter<? super K, ? super V> writer() {
        return writer;
    }

    public void write(K key, V value) {
        try {
            writer.write(new EntryProxy<>(key, value));
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("Exception in CacheWriter", e);
        }
    }

    public void delete(Object key) {
        try {
            writer.delete(key);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("Exception in CacheWriter", e);
        }
    }

    /**
     * Writes {@code entries}; on return the collection holds the entries that were not written.
     * Returns the failure to throw once the written ones are in the cache, or null.
     */
    public CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            CacheWriter<K, V> typed = (CacheWriter<K, V>) writer; // it accepts supertypes of K and V
            typed.writeAll(entries);
            return null;
        } catch (CacheWriterException e) {
            return e;
        } catch (RuntimeException e) {
            return new CacheWriterException("Exception in CacheWriter", e);
        }
    }

    /** As {@link #writeAll}: on return {@code keys} holds the keys that were not deleted. */
    public CacheWriterException deleteAll(Collection<?> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        try {
            writer.deleteAll(keys);
            return null;
        } catch (CacheWriterException e) {
            return e;
        } catch (RuntimeException e) {
            return new CacheWriterException("Exception in CacheWriter", e);
        }
    }
}
