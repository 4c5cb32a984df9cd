package io.lodestone.jcache.processor;

import io.lodestone.jcache.integration.LoaderAdapter;
import java.util.function.Supplier;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} sees. It runs inside the store's atomic
 * step and only records what the processor did; the cache turns the net {@link Operation} into one
 * store change, one event and the right expiry policy call (a set after a remove of an absent entry
 * is a create, a remove after a create is nothing, and so on).
 */
public final class EntryProcessorEntry<K, V> implements MutableEntry<K, V> {
    /** The net effect of the processor on the entry. */
    public enum Operation { NONE, ACCESS, CREATE, LOAD, UPDATE, REMOVE }

    private final K key;
    private final boolean existed;
    private final Supplier<V> current;
    private final LoaderAdapter<K, V> loader;
    private Operation operation = Operation.NONE;
    private V value;

    /**
     * @param existed whether the entry exists in the store
     * @param current decodes the stored value
     * @param loader  the loader when read-through is on, else null
     */
    public EntryProcessorEntry(K key, boolean existed, Supplier<V> current, LoaderAdapter<K, V> loader) {
        this.key = key;
        this.existed = existed;
        this.current = current;
        this.loader = loader;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        if (operation == Operation.NONE) {
            value = existed ? current.get() : null;
        }
        if (value != null) {
            if (operation == Operation.NONE) {
                operation = Operation.ACCESS;
            }
        } else if (loader != null) {
            value = loader.load(key);
            if (value != null) {
                operation = Operation.LOAD;
            }
        }
        return value;
    }

    @Override
    public boolean exists() {
        return (operation == Operation.NONE && existed) || value != null;
    }

    @Override
    public void remove() {
        operation = operation == Operation.CREATE || operation == Operation.LOAD ? Operation.NONE : Operation.REMOVE;
        value = null;
    }

    @Override
    public void setValue(V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        operation = existed ? Operation.UPDATE : Operation.CREATE;
        this.value = value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap an entry processor's entry to " + clazz.getName());
    }

    public Operation operation() {
        return operation;
    }

    /** The value to store after CREATE, LOAD or UPDATE. */
    public V value() {
        return value;
    }
}
