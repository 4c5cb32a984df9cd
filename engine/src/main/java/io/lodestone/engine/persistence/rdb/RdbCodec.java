package io.lodestone.engine.persistence.rdb;

import java.io.IOException;

/**
 * The RDB serialisation of one value type: one class per type (strings, hashes, and lists, sets
 * and sorted sets as they land), registered in {@link RdbCodecs}. A codec writes the encodings
 * Redis 7.0 writes for the value's current encoding, and reads every encoding of its type that
 * Redis 7.0 loads, including the older compact ones.
 */
public interface RdbCodec {
    /** The class of the values this codec writes ({@code byte[]} for strings, a TypedValue class otherwise). */
    Class<?> valueClass();

    /** The RDB type bytes this codec reads. */
    int[] readableTypes();

    /** The type byte {@code value} is written with; it may depend on the value's encoding. */
    int typeOf(Object value);

    /** Writes {@code value} (its type byte has been written by the caller). */
    void write(RdbOutput out, Object value, RdbContext ctx);

    /**
     * Reads a value of RDB type {@code type} (the type byte has been consumed). Returns null for a
     * collection with no elements, which the loader skips as Redis does.
     */
    Object read(RdbInput in, int type, RdbContext ctx) throws IOException, RdbFormatException;
}
