package io.lodestone.engine.type;

import io.lodestone.engine.util.HeapSize;

/**
 * A value that is not a plain string. Strings are stored as bare {@code byte[]} (no wrapper per
 * entry); every other type (hash, and later list, set, sorted set) implements this.
 */
public interface TypedValue {
    /** The name TYPE replies with: {@code hash}, {@code list}, {@code set}, {@code zset}. */
    String typeName();

    /** The name OBJECT ENCODING replies with, as Redis 7.0 names it: {@code listpack}, {@code hashtable}... */
    String encoding();

    /** A deep copy (COPY, store-by-value). */
    TypedValue copy();

    /** True when the value holds no elements; the keyspace never keeps empty collections. */
    boolean isEmpty();

    /**
     * The heap bytes this value holds (this object and everything it owns), as {@link
     * io.lodestone.engine.util.HeapSize} counts them: the value's share of the memory estimate
     * (INFO used_memory, MEMORY USAGE, maxmemory). It must be cheap (O(1): keep sums up to date as
     * elements come and go) and return the same number until the value changes, because the
     * keyspace adds it when a value is stored and subtracts it when it leaves.
     *
     * <p>Every real type measures itself. This default is only a placeholder for types that do not
     * yet (and test doubles): a guess of {@value #GUESSED_ELEMENT_BYTES} bytes per element.
     */
    default long memoryUsage() {
        long elements = this instanceof Positioned p ? p.size() : 1;
        return HeapSize.object(HeapSize.REFERENCE) + GUESSED_ELEMENT_BYTES * elements;
    }

    /** What {@link #memoryUsage()}'s placeholder charges per element. */
    long GUESSED_ELEMENT_BYTES = 64;
}
