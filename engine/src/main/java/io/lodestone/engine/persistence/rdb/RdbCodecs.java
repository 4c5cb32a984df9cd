package io.lodestone.engine.persistence.rdb;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The codec of each value class and each RDB type byte. A new value type (list, set, sorted set)
 * is added by writing its codec and listing it in {@link #ALL}.
 */
public final class RdbCodecs {
    private static final RdbCodec[] ALL = {
        StringCodec.INSTANCE, HashCodec.INSTANCE, ListCodec.INSTANCE, SetCodec.INSTANCE, SortedSetCodec.INSTANCE};
    private static final RdbCodec[] BY_TYPE = new RdbCodec[256];
    private static final Map<Class<?>, RdbCodec> BY_CLASS = new IdentityHashMap<>();

    static {
        for (RdbCodec codec : ALL) {
            BY_CLASS.put(codec.valueClass(), codec);
            for (int type : codec.readableTypes()) {
                if (BY_TYPE[type] != null) {
                    throw new IllegalStateException("two codecs read RDB type " + type);
                }
                BY_TYPE[type] = codec;
            }
        }
    }

    private RdbCodecs() {}

    /** The codec that writes {@code value}. */
    public static RdbCodec forValue(Object value) {
        if (value instanceof byte[]) {
            return StringCodec.INSTANCE;
        }
        RdbCodec codec = BY_CLASS.get(value.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("no RDB codec for " + value.getClass().getName());
        }
        return codec;
    }

    /** The codec that reads RDB type {@code type}, or null if we cannot load that type. */
    public static RdbCodec forType(int type) {
        return type >= 0 && type < BY_TYPE.length ? BY_TYPE[type] : null;
    }

    /** Writes a value with its type byte (DUMP payloads, and entries of RDB files). */
    public static void writeTyped(RdbOutput out, Object value, RdbContext ctx) {
        RdbCodec codec = forValue(value);
        out.writeByte(codec.typeOf(value));
        codec.write(out, value, ctx);
    }
}
