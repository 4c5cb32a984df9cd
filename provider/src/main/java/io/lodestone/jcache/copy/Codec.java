package io.lodestone.jcache.copy;

/**
 * Turns cache keys and values into the bytes stored in the engine, and back. The bytes of a key
 * are its identity: two keys are the same entry exactly when their encodings are equal, so an
 * implementation must encode equal keys to equal bytes.
 *
 * <p>Implementations are stateless and thread-safe. Choose one per cache manager with the property
 * {@code lodestone.jcache.codec} (a class name with a public no-argument constructor).
 */
public interface Codec {
    /**
     * Encodes {@code value} into a new array whose first {@code headroom} bytes are left for the
     * caller (the key prefix), so that a prefixed key costs one allocation.
     *
     * @throws javax.cache.CacheException if the value cannot be encoded (not serializable)
     */
    byte[] encode(Object value, int headroom);

    /**
     * Decodes {@code data[offset..]}; classes are resolved through {@code classLoader}.
     *
     * @throws javax.cache.CacheException if the bytes cannot be decoded
     */
    Object decode(byte[] data, int offset, ClassLoader classLoader);
}
