package io.lodestone.engine.testing;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.type.SetValue;
import io.lodestone.engine.type.SortedSetValue;
import io.lodestone.engine.util.DoubleFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyspace's logical contents as comparable text, one entry per key: {@code "db/key" ->
 * "string:value"}, {@code "hash:{f=v, ...}"} (fields sorted), {@code "list:[a, b]"},
 * {@code "set:[a, b]"} (sorted), {@code "zset:[member=score, ...]"} (in order, scores as %.17g), with {@code " @expireAt"} when the
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
        } else if (value instanceof ListValue l) {
            List<String> elements = new ArrayList<>();
            for (long i = 0; i < l.size(); i++) {
                elements.add(text(l.get(i)));
            }
            v = "list:" + elements;
        } else if (value instanceof SetValue set) {
            TreeSet<String> members = new TreeSet<>();
            set.forEachMember(m -> members.add(text(m)));
            v = "set:" + members;
        } else if (value instanceof SortedSetValue z) {
            List<String> entries = new ArrayList<>();
            for (SortedSetValue.Cursor c = z.cursor(0); c.valid(); c.next()) {
                entries.add(text(c.member()) + "=" + DoubleFormat.g17(c.score()));
            }
            v = "zset:" + entries;
        } else {
            v = String.valueOf(value);
        }
        return expireAt > 0 ? v + " @" + expireAt : v;
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
