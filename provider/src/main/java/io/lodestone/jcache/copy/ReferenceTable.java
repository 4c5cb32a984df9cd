package io.lodestone.jcache.copy;

import io.lodestone.jcache.store.ByteKey;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store-by-reference on top of a byte store. The engine still holds an entry per cache entry (so
 * it is a real key that expiry, persistence and {@code redis-cli} see); this table remembers which
 * object produced the bytes stored under a key, and a read returns that very object while the
 * engine holds exactly those bytes (the same array). When the engine's value changes another way
 * (another node, a Redis client), the identity check fails and the bytes are decoded instead.
 *
 * <p>Objects the codec cannot encode (not {@link Serializable}) are allowed by reference, as the
 * specification allows: such a key or value is stored as a <em>token</em>, {@code 0x00 'R'} and a
 * number, meaningful only to this cache in this JVM. Tokens of keys stay interned while the cache
 * is open (their entries cannot outlive the JVM anyway).
 *
 * <p>Updated inside the store's atomic step, so that it never disagrees with the engine.
 */
public final class ReferenceTable {
    private record Ref(byte[] stored, Object value) {}

    private final ConcurrentHashMap<ByteKey, Ref> refs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, byte[]> keyTokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteKey, Object> keysByToken = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    public void put(byte[] key, byte[] stored, Object value) {
        refs.put(new ByteKey(key), new Ref(stored, value));
    }

    /** The object that produced {@code stored} under {@code key}, or null. */
    public Object get(byte[] key, byte[] stored) {
        Ref ref = refs.get(new ByteKey(key));
        return ref != null && ref.stored == stored ? ref.value : null;
    }

    public void remove(byte[] key) {
        refs.remove(new ByteKey(key));
    }

    public void clear() {
        refs.clear();
    }

    /** Whether {@code object} must be stored as a token (the codec cannot encode it). */
    public static boolean needsToken(Object object) {
        return !(object instanceof Serializable);
    }

    /** Whether {@code data[offset..]} is a token rather than codec bytes. */
    public static boolean isToken(byte[] data, int offset) {
        return data.length > offset + 1 && data[offset] == 0 && data[offset + 1] == 'R';
    }

    /** The engine key of a key object stored by token: the same bytes for equal keys. */
    public byte[] keyFor(Object key, byte[] prefix) {
        byte[] token = keyTokens.computeIfAbsent(key, k -> newToken());
        byte[] engineKey = new byte[prefix.length + token.length];
        System.arraycopy(prefix, 0, engineKey, 0, prefix.length);
        System.arraycopy(token, 0, engineKey, prefix.length, token.length);
        keysByToken.putIfAbsent(new ByteKey(engineKey), key);
        return engineKey;
    }

    /** The key object behind a token key, or null. */
    public Object keyOf(byte[] engineKey) {
        return keysByToken.get(new ByteKey(engineKey));
    }

    /** A fresh token for a value stored by reference. */
    public byte[] newToken() {
        byte[] id = Long.toString(tokens.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
        byte[] token = new byte[2 + id.length];
        token[1] = 'R';
        System.arraycopy(id, 0, token, 2, id.length);
        return token;
    }
}
