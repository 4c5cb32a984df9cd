package io.lodestone.jcache.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a cache's entries live in the keyspace: every entry of cache {@code NAME} is the key
 * {@code <namespace>NAME:<encoded cache key>}, the namespace being {@code jcache:} by default
 * (property {@code lodestone.jcache.namespace}). In the name, {@code %} and {@code :} are written
 * {@code %25} and {@code %3A}, so that no cache's keys can be mistaken for another's. A name with a
 * {@code {hash tag}} puts the whole cache in one slot.
 */
public final class KeyPrefix {
    private KeyPrefix() {}

    public static byte[] of(String namespace, String cacheName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(namespace.length() + cacheName.length() + 1);
        out.writeBytes(namespace.getBytes(StandardCharsets.UTF_8));
        byte[] name = cacheName.getBytes(StandardCharsets.UTF_8);
        for (byte b : name) {
            if (b == ':') {
                out.writeBytes(new byte[] {'%', '3', 'A'});
            } else if (b == '%') {
                out.writeBytes(new byte[] {'%', '2', '5'});
            } else {
                out.write(b);
            }
        }
        out.write(':');
        return out.toByteArray();
    }

    public static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
