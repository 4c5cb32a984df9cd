package io.lodestone.engine.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.type.SetValue;
import io.lodestone.engine.type.SortedSetValue;
import io.lodestone.engine.type.TypedValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and payloads written by redis-server 7.0.15 (see generate-fixtures.py) load with exactly
 * the contents the generator put in them; what we write from them loads back identically.
 */
class RdbFixturesTest {
    static final long FAR_FUTURE_MS = 4102444800000L;
    static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    static Keyspace load(byte[] file) throws Exception {
        return load(file, EngineConfig.defaults());
    }

    static Keyspace load(byte[] file, EngineConfig config) throws Exception {
        Keyspace ks = new Keyspace(config.databases());
        ks.setNow(NOW);
        RdbLoader.Result r = new RdbLoader(new RdbContext(config), true, NOW, null)
                .load(new ByteArrayInputStream(file), file.length, ks);
        assertEquals(10, r.version());
        return ks;
    }

    static Map<String, String> expectedStrings() {
        Map<String, String> m = new TreeMap<>();
        for (String v : new String[] {"0", "-1", "127", "128", "-129", "32767", "-32768", "65535", "2147483647",
                "-2147483648", "2147483648", "12345678901", "-9223372036854775808", "9223372036854775807", "007",
                "+1", " 1", "1.5"}) {
            m.put("0/int:" + v, "string:" + v);
        }
        m.put("0/empty", "string:");
        m.put("0/short", "string:hello");
        m.put("0/lzf:a100", "string:" + "a".repeat(100));
        m.put("0/lzf:pattern", "string:" + "0123456789abcdef".repeat(40));
        m.put("0/lzf:long", "string:" + "lodestone-".repeat(2000));
        m.put("0/random:100", "string:" + KeyspaceContents.text(Fixtures.pseudoRandom(100, 7)));
        m.put("0/random:5000", "string:" + KeyspaceContents.text(Fixtures.pseudoRandom(5000, 11)));
        m.put("0/bin:\u0000\u00ff\r\n", "string:\u0000\u0001\u0002\u00fe\u00ff");
        m.put("0/exp:far", "string:v @" + FAR_FUTURE_MS);
        m.put("0/exp:far2", "string:" + "a".repeat(50) + " @" + (FAR_FUTURE_MS + 1234));
        return m;
    }

    static Map<String, String> expectedHashes() {
        Map<String, String> m = new TreeMap<>();
        Map<String, String> small = new TreeMap<>();
        small.put("f1", "v1");
        small.put("f2", "2");
        small.put("f3", "-3");
        small.put("f4", "70000");
        small.put("f5", "-5000000000");
        small.put("f6", "9223372036854775807");
        small.put("f7", "");
        small.put("n:1", "x".repeat(63));
        small.put("12", "13");
        m.put("0/h:small", "hash:" + small);
        m.put("0/h:longvalue", "hash:{f=" + "y".repeat(65) + "}");
        Map<String, String> big = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            big.put("field:" + i, i % 3 != 0 ? "value:" + i : Integer.toString(i * 1000));
        }
        m.put("0/h:big", "hash:" + big);
        m.put("0/h:exp", "hash:{a=1, b=2} @" + FAR_FUTURE_MS);
        m.put("0/h:compressible", "hash:{f=" + "z".repeat(60) + ", g=" + "z".repeat(60) + "}");
        return m;
    }

    @Test
    void stringsAsRedisSavedThem() throws Exception {
        assertEquals(expectedStrings(), KeyspaceContents.of(load(Fixtures.bytes("strings.rdb"))));
    }

    @Test
    void hashesAsRedisSavedThemWithTheEncodingsOfOurLimits() throws Exception {
        Keyspace ks = load(Fixtures.bytes("hashes.rdb"));
        assertEquals(expectedHashes(), KeyspaceContents.of(ks));
        assertEquals("listpack", ((HashValue) ks.db(0).peek(b("h:small"))).encoding());
        assertEquals("hashtable", ((HashValue) ks.db(0).peek(b("h:longvalue"))).encoding());
        assertEquals("hashtable", ((HashValue) ks.db(0).peek(b("h:big"))).encoding());
        // with smaller limits, the same file gives a hashtable, as Redis converts on load
        EngineConfig small = EngineConfig.defaults();
        small.setHashMaxListpackEntries(4);
        assertEquals("hashtable", ((HashValue) load(Fixtures.bytes("hashes.rdb"), small).db(0).peek(b("h:small")))
                .encoding());
    }

    /** What collections.rdb holds: the data RedisInteropTest.addCollections builds. */
    static Map<String, String> expectedCollections() {
        Keyspace ks = new Keyspace(16);
        RedisInteropTest.addCollections(ks.db(0));
        return KeyspaceContents.of(ks);
    }

    @Test
    void collectionsAsRedisSavedThemWithTheEncodingsOfOurLimits() throws Exception {
        Keyspace ks = load(Fixtures.bytes("collections.rdb"));
        Map<String, String> expected = expectedCollections();
        assertEquals(9, expected.size());
        assertSameContents(expected, KeyspaceContents.of(ks));
        Map<String, String> encodings = new TreeMap<>();
        ks.db(0).forEachKey(k -> encodings.put(KeyspaceContents.text(k), ((TypedValue) ks.db(0).peek(k)).encoding()));
        assertEquals(Map.of("l:small", "quicklist", "l:big", "quicklist", "set:int", "intset", "set:int64", "intset",
                "set:strings", "hashtable", "set:manyints", "hashtable", "z:small", "listpack", "z:big", "skiplist",
                "z:wide", "skiplist"), encodings);
        ListValue big = (ListValue) ks.db(0).peek(b("l:big"));
        assertTrue(big.nodeCount() > 5, "re-packed into nodes of list-max-listpack-size");
        // smaller limits give the large encodings, as Redis converts on load
        EngineConfig small = EngineConfig.defaults();
        small.setSetMaxIntsetEntries(3);
        small.setZsetMaxListpackEntries(4);
        Keyspace converted = load(Fixtures.bytes("collections.rdb"), small);
        assertSameContents(expected, KeyspaceContents.of(converted));
        assertEquals("hashtable", ((SetValue) converted.db(0).peek(b("set:int"))).encoding());
        assertEquals("skiplist", ((SortedSetValue) converted.db(0).peek(b("z:small"))).encoding());
        // and larger ones the compact encodings
        EngineConfig large = EngineConfig.defaults();
        large.setSetMaxIntsetEntries(2000);
        large.setZsetMaxListpackEntries(1000);
        Keyspace compact = load(Fixtures.bytes("collections.rdb"), large);
        Map<String, String> asListpack = new TreeMap<>(expected);
        // a listpack keeps no negative zero (Redis's d2string prints -0.0 as "0")
        asListpack.computeIfPresent("0/z:big", (k, v) -> v.replace("negzero=-0,", "negzero=0,"));
        assertSameContents(asListpack, KeyspaceContents.of(compact));
        assertEquals("intset", ((SetValue) compact.db(0).peek(b("set:manyints"))).encoding());
        assertEquals("listpack", ((SortedSetValue) compact.db(0).peek(b("z:big"))).encoding());
    }

    /** assertEquals for large contents: names the first differing key and where its values part. */
    static void assertSameContents(Map<String, String> expected, Map<String, String> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String a = actual.get(e.getKey());
            String x = e.getValue();
            if (!x.equals(a)) {
                int i = 0;
                while (i < Math.min(x.length(), a.length()) && x.charAt(i) == a.charAt(i)) {
                    i++;
                }
                org.junit.jupiter.api.Assertions.fail(e.getKey() + " differs at " + i + ": expected ..."
                        + x.substring(Math.max(0, i - 40), Math.min(x.length(), i + 40)) + "... but was ..."
                        + a.substring(Math.max(0, i - 40), Math.min(a.length(), i + 40)) + "...");
            }
        }
    }

    @Test
    void severalDatabases() throws Exception {
        Map<String, String> expected = new TreeMap<>();
        for (int db : new int[] {0, 1, 5, 15}) {
            expected.put(db + "/db", "string:" + db);
            expected.put(db + "/name:" + db, "string:database-" + db);
            expected.put(db + "/hash:" + db, "hash:{db=" + db + "}");
        }
        assertEquals(expected, KeyspaceContents.of(load(Fixtures.bytes("multidb.rdb"))));
    }

    @Test
    void uncompressedAndUnchecksummedFiles() throws Exception {
        Map<String, String> both = new TreeMap<>(expectedStrings());
        both.putAll(expectedHashes());
        assertEquals(both, KeyspaceContents.of(load(Fixtures.bytes("uncompressed.rdb"))));
        byte[] nochecksum = Fixtures.bytes("nochecksum.rdb");
        for (int i = 1; i <= 8; i++) {
            assertEquals(0, nochecksum[nochecksum.length - i], "Redis writes a zero checksum");
        }
        assertEquals(expectedStrings(), KeyspaceContents.of(load(nochecksum)));
        assertTrue(KeyspaceContents.of(load(Fixtures.bytes("empty.rdb"))).isEmpty());
    }

    @Test
    void auxFieldsAreRead() throws Exception {
        byte[] file = Fixtures.bytes("strings.rdb");
        Keyspace ks = new Keyspace(16);
        RdbLoader.Result r = new RdbLoader(new RdbContext(EngineConfig.defaults()), true, NOW, null)
                .load(new ByteArrayInputStream(file), file.length, ks);
        assertEquals("7.0.15", r.aux().get("redis-ver"));
        assertEquals("64", r.aux().get("redis-bits"));
        assertEquals("0", r.aux().get("aof-base"));
        assertTrue(r.checksumVerified());
        assertEquals(expectedStrings().size(), r.keysLoaded());
    }

    @Test
    void expiredKeysAreDroppedWhileLoading() throws Exception {
        byte[] file = Fixtures.bytes("strings.rdb");
        Keyspace ks = new Keyspace(16);
        long later = FAR_FUTURE_MS + 1;
        RdbLoader.Result r = new RdbLoader(new RdbContext(EngineConfig.defaults()), true, later, null)
                .load(new ByteArrayInputStream(file), file.length, ks);
        assertEquals(1, r.keysExpired()); // exp:far; exp:far2 expires 1234 ms later
        assertEquals(expectedStrings().size() - 1, r.keysLoaded());
    }

    // ---- what we write ----

    /** Writes the keyspace with our snapshot writer and returns the file's bytes. */
    static byte[] write(Keyspace ks, Path dir, boolean compress, boolean checksum) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        RdbSnapshotWriter w = new RdbSnapshotWriter(ks, lock, new RdbContext(EngineConfig.defaults()), compress,
                checksum, 1234);
        lock.lock();
        try {
            w.begin();
        } finally {
            lock.unlock();
        }
        Path target = dir.resolve("out.rdb");
        w.write(target, dir.resolve("temp.rdb"));
        assertTrue(Files.notExists(dir.resolve("temp.rdb")));
        return Files.readAllBytes(target);
    }

    @Test
    void whatWeWriteFromRedisFilesLoadsBackIdentically() throws Exception {
        for (String name : new String[] {"strings.rdb", "hashes.rdb", "multidb.rdb", "uncompressed.rdb", "collections.rdb"}) {
            Keyspace ks = load(Fixtures.bytes(name));
            Map<String, String> contents = KeyspaceContents.of(ks);
            for (boolean compress : new boolean[] {true, false}) {
                byte[] ours = write(ks, dir, compress, true);
                assertEquals(contents, KeyspaceContents.of(load(ours)), name + " compress=" + compress);
            }
            byte[] unchecked = write(ks, dir, true, false);
            assertEquals(contents, KeyspaceContents.of(load(unchecked)), name + " without checksum");
        }
    }

    @Test
    void ourHeaderAndAuxFieldsAreRedis70s() throws Exception {
        Keyspace ks = load(Fixtures.bytes("multidb.rdb"));
        byte[] ours = write(ks, dir, true, true);
        assertEquals("REDIS0010", new String(ours, 0, 9, StandardCharsets.US_ASCII));
        Keyspace back = new Keyspace(16);
        RdbLoader.Result r = new RdbLoader(new RdbContext(EngineConfig.defaults()), true, NOW, null)
                .load(new ByteArrayInputStream(ours), ours.length, back);
        assertEquals(java.util.List.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"),
                java.util.List.copyOf(r.aux().keySet()));
        assertEquals("1234", r.aux().get("used-mem"));
        assertTrue(r.checksumVerified());
    }

    // ---- DUMP payloads ----

    @Test
    void redisDumpPayloadsRestoreAndOursAreByteIdentical() throws Exception {
        RdbContext ctx = new RdbContext(EngineConfig.defaults());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("dump-string.bin", "string:hello");
        expected.put("dump-int.bin", "string:12345");
        expected.put("dump-lzf.bin", "string:" + "a".repeat(100));
        expected.put("dump-hash-listpack.bin", "hash:{f1=v1, f2=2}");
        expected.put("dump-intset16.bin", "set:[-2, 1, 300, 32767]");
        expected.put("dump-intset32.bin", "set:[-70000, 1, 70000]");
        expected.put("dump-intset64.bin", "set:[-9223372036854775808, 1, 5000000000]");
        expected.put("dump-zset-listpack.bin", "zset:[c=-3, a=1, b=2.5, 12=100]");
        expected.put("dump-list-quicklist2.bin", "list:[a, 1, -1, 200, " + "x".repeat(100) + ", 70000, 5000000000]");
        expected.put("dump-zset-skiplist.bin", KeyspaceContents.describe(
                DumpPayload.read(DumpPayload.create(load(Fixtures.bytes("collections.rdb")).db(0).peek(b("z:big")), ctx, true),
                        ctx), 0));
        Set<String> compressed = Set.of("dump-lzf.bin", "dump-list-quicklist2.bin", "dump-intset64.bin"); // liblzf's matches differ from ours
        for (Map.Entry<String, String> e : expected.entrySet()) {
            byte[] payload = Fixtures.bytes(e.getKey());
            Object value = DumpPayload.read(payload, ctx);
            assertEquals(e.getValue(), KeyspaceContents.describe(value, 0), e.getKey());
            if (!compressed.contains(e.getKey())) {
                assertArrayEquals(payload, DumpPayload.create(value, ctx, true), e.getKey());
            }
        }
        HashValue big = (HashValue) DumpPayload.read(Fixtures.bytes("dump-hash-table.bin"), ctx);
        assertEquals(600, big.size());
        assertEquals("v599", new String(big.get(b("f599")), StandardCharsets.US_ASCII));
        Map<String, String> collections = expectedCollections();
        assertEquals(collections.get("0/l:big"), KeyspaceContents.describe(DumpPayload.read(Fixtures.bytes("dump-list-big.bin"), ctx), 0));
        assertEquals(collections.get("0/set:strings"),
                KeyspaceContents.describe(DumpPayload.read(Fixtures.bytes("dump-set-table.bin"), ctx), 0));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
