package io.lodestone.engine.type;

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
}
