package io.lodestone.jcache;

import java.util.Objects;
import javax.cache.Cache;

/** An entry handed to users: iteration results and the entries given to a CacheWriter. */
public final class EntryProxy<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    public EntryProxy(K key, V value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap an entry to " + clazz.getName());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cache.Entry<?, ?> e && Objects.equals(key, e.getKey()) && Objects.equals(value, e.getValue());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key) ^ Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
