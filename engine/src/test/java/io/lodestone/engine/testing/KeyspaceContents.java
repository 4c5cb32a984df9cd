package io.lodestone.engine.testing;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.type.HashValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyspace's logical contents as comparable text, one entry per key: {@code "db/key" ->
 * "string:value"}, {@code "hash:{f=v, ...}"} (fields sorted), with {@code " @expireAt"} when the
 * key has a TTL. Bytes are shown as ISO-8859-1, so binary data round-trips.
 */
public final class KeyspaceContents {
    private KeyspaceContents() {}

    public static Map<String, String> of(Keyspace keyspace) {
        Map<String, String> out = new TreeMap<>();
        for (int d = 0; d < keyspace.databaseCount(); d++) {
            Database db = keyspace.db(d);
            int index = d;
            db.forEachKey(key -> out.put(index + "/" + text(key), describe(db.peek(key), db.expireAt(key))));
        }
        return out;
    }

    public static String describe(Object value, long expireAt) {
        String v;
        if (value instanceof byte[] s) {
            v = "string:" + text(s);
        } else if (value instanceof HashValue h) {
            Map<String, String> fields = new TreeMap<>();
            for (int pos = h.first(); pos >= 0; pos = h.next(pos)) {
                fields.put(text(h.field(pos)), text(h.value(pos)));
            }
            v = "hash:" + fields;
        } else {
            v = String.valueOf(value);
        }
        return expireAt > 0 ? v + " @" + expireAt : v;
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
