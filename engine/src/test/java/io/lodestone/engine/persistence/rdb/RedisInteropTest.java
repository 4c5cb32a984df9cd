package io.lodestone.engine.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.testing.RedisProcess;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.type.SetValue;
import io.lodestone.engine.type.SortedSetValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and payloads we write, checked by Redis's own tools: {@code redis-check-rdb} accepts them,
 * Debian's redis-server 7.0.15 loads them with identical contents, and what Redis saves or DUMPs
 * from them loads back identically here. Skipped where redis-server is not installed.
 */
class RedisInteropTest {
    private static final long FAR = 4102444800000L;
    private static final EngineConfig CONFIG = EngineConfig.defaults();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedis() {
        assumeTrue(RedisProcess.available(), "redis-server and redis-check-rdb are not installed");
    }

    /** A dataset with every string and hash encoding, expiry, and several databases. */
    static Keyspace richKeyspace() {
        Keyspace ks = new Keyspace(16);
        ks.setNow(System.currentTimeMillis());
        Random random = new Random(5);
        var db0 = ks.db(0);
        for (String v : List.of("0", "-1", "127", "128", "-32768", "2147483647", "2147483648", "-9223372036854775808",
                "007", "", "1.5", "hello")) {
            db0.set(b("s:" + v), b(v));
        }
        db0.set(b("s:a1000"), b("a".repeat(1000)));
        db0.set(b("s:pattern"), b("lodestone ".repeat(3000)));
        byte[] rnd = new byte[3000];
        random.nextBytes(rnd);
        db0.set(b("s:random"), rnd);
        db0.set(new byte[] {0, (byte) 0xff, '\r', '\n'}, new byte[] {1, 0, (byte) 0x80});
        db0.set(b("s:expiring"), b("later"), FAR);
        HashValue small = new HashValue();
        for (String[] fv : new String[][] {{"f", "v"}, {"int", "12"}, {"neg", "-5000"}, {"big", "5000000000"},
                {"empty", ""}, {"long", "x".repeat(64)}, {"7", "8"}}) {
            small.set(b(fv[0]), b(fv[1]), CONFIG);
        }
        db0.set(b("h:small"), small, FAR + 5);
        HashValue big = new HashValue();
        for (int i = 0; i < 1000; i++) {
            big.set(b("field" + i), b(i % 2 == 0 ? Integer.toString(i) : "value".repeat(i % 7 + 1)), CONFIG);
        }
        db0.set(b("h:big"), big);
        HashValue wide = new HashValue();
        wide.set(b("f"), b("w".repeat(200)), CONFIG);
        db0.set(b("h:wide"), wide);
        for (int db : new int[] {3, 15}) {
            ks.db(db).set(b("only-in-" + db), b(Integer.toString(db)));
            HashValue h = new HashValue();
            h.set(b("db"), b(Integer.toString(db)), CONFIG);
            ks.db(db).set(b("hash-in-" + db), h);
        }
        addCollections(db0);
        for (int i = 0; i < 2000; i++) {
            ks.db(1).set(b("many:" + i), b("value-" + i), i % 10 == 0 ? FAR + i : 0);
        }
        return ks;
    }

    /**
     * Lists, sets and sorted sets, small and large, in each of their encodings: the same data as
     * generate-fixtures.py puts in collections.rdb.
     */
    static void addCollections(io.lodestone.engine.keyspace.Database db) {
        int fill = CONFIG.listMaxListpackSize();
        ListValue small = new ListValue();
        for (String v : List.of("a", "1", "-1", "200", "x".repeat(100), "70000", "5000000000", "", "-9223372036854775808")) {
            small.pushTail(b(v), fill);
        }
        db.set(b("l:small"), small, FAR + 7);
        ListValue big = new ListValue();
        for (int i = 0; i < 5000; i++) {
            big.pushTail(b(i % 3 == 0 ? Integer.toString(i * 7) : "element-" + i), fill);
        }
        big.pushTail(Fixtures.pseudoRandom(20000, 13), fill); // larger than a node: a node of its own
        big.pushHead(b("head"), fill);
        db.set(b("l:big"), big);

        SetValue ints = new SetValue();
        for (long v : new long[] {1, -2, 300, 32767, 70000, -70000}) {
            ints.addInt(v, CONFIG);
        }
        db.set(b("set:int"), ints);
        SetValue ints64 = new SetValue();
        for (long v : new long[] {1, 5000000000L, Long.MIN_VALUE, Long.MAX_VALUE}) {
            ints64.addInt(v, CONFIG);
        }
        db.set(b("set:int64"), ints64, FAR + 9);
        SetValue strings = new SetValue();
        for (String v : List.of("a", "b", "12", "x".repeat(100))) {
            strings.add(b(v), CONFIG);
        }
        db.set(b("set:strings"), strings);
        SetValue manyInts = new SetValue(); // more than set-max-intset-entries: hashtable
        for (int i = 0; i < 1000; i++) {
            manyInts.addInt(i * 3L, CONFIG);
        }
        db.set(b("set:manyints"), manyInts);

        SortedSetValue zsmall = new SortedSetValue();
        String[][] entries = {{"a", "1"}, {"b", "2.5"}, {"c", "-3"}, {"12", "100"}, {"pi", "3.1415926535897931"},
            {"tiny", "1e-300"}, {"big", "1e300"}, {"top", "inf"}, {"bottom", "-inf"}, {"i52", "4503599627370496"},
            {"neg", "-123456789012"}, {"", "0"}};
        for (String[] e : entries) {
            zsmall.put(b(e[0]), Double.parseDouble(e[1].replace("inf", "Infinity")), CONFIG);
        }
        db.set(b("z:small"), zsmall);
        SortedSetValue zbig = new SortedSetValue();
        for (int i = 0; i < 400; i++) {
            zbig.put(b("member:" + i), i % 5 == 0 ? i : i * 0.1 - 7, CONFIG);
        }
        zbig.put(b("negzero"), -0.0, CONFIG);
        zbig.put(b("inf"), Double.POSITIVE_INFINITY, CONFIG);
        db.set(b("z:big"), zbig, FAR + 11);
        SortedSetValue zwide = new SortedSetValue(); // a member longer than zset-max-listpack-value
        zwide.put(b("w".repeat(65)), 1, CONFIG);
        zwide.put(b("x"), 2, CONFIG);
        db.set(b("z:wide"), zwide);
    }

    /** The encodings Redis must give what it loads from our collections. */
    static void assertCollectionEncodings(RedisProcess redis) throws Exception {
        Map<String, String> expected = new TreeMap<>(Map.of("l:small", "quicklist", "l:big", "quicklist",
                "set:int", "intset", "set:int64", "intset", "set:strings", "hashtable", "set:manyints", "hashtable",
                "z:small", "listpack", "z:big", "skiplist", "z:wide", "skiplist"));
        Map<String, String> actual = new TreeMap<>();
        for (String key : expected.keySet()) {
            actual.put(key, RedisProcess.string(redis.call("OBJECT", "ENCODING", key)));
        }
        assertEquals(expected, actual);
    }

    static Keyspace loadFile(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Keyspace ks = new Keyspace(16);
        new RdbLoader(new RdbContext(CONFIG), true, System.currentTimeMillis(), null)
                .load(new ByteArrayInputStream(bytes), bytes.length, ks);
        return ks;
    }

    @Test
    void redisAcceptsAndLoadsWhatWeWriteAndWeLoadWhatItSavesBack() throws Exception {
        Keyspace ks = richKeyspace();
        Map<String, String> expected = KeyspaceContents.of(ks);
        for (boolean compress : new boolean[] {true, false}) {
            Path work = Files.createDirectories(dir.resolve("compress-" + compress));
            byte[] ours = RdbFixturesTest.write(ks, work, compress, true);
            Path file = work.resolve("ours.rdb");
            Files.write(file, ours);
            RedisProcess.checkRdb(file);
            try (RedisProcess redis = RedisProcess.start(work, "--dbfilename", "ours.rdb", "--enable-protected-configs", "yes")) {
                assertEquals(expected, redis.contents(), "redis-server's view, compress=" + compress);
                assertEquals("listpack", RedisProcess.string(redis.call("OBJECT", "ENCODING", "h:small")));
                assertEquals("hashtable", RedisProcess.string(redis.call("OBJECT", "ENCODING", "h:big")));
                assertCollectionEncodings(redis);
                assertEquals("OK", RedisProcess.string(redis.call("CONFIG", "SET", "dbfilename", "theirs.rdb")));
                assertEquals("OK", RedisProcess.string(redis.call("SAVE")));
            }
            assertEquals(expected, KeyspaceContents.of(loadFile(work.resolve("theirs.rdb"))), "Redis's save of it");
        }
    }

    @Test
    void dumpPayloadsTravelBothWays() throws Exception {
        Keyspace ks = richKeyspace();
        Path file = dir.resolve("ours.rdb");
        Files.write(file, RdbFixturesTest.write(ks, dir, true, true));
        RdbContext ctx = new RdbContext(CONFIG);
        try (RedisProcess redis = RedisProcess.start(dir, "--dbfilename", "ours.rdb")) {
            var db0 = ks.db(0);
            List<byte[]> keys = new java.util.ArrayList<>();
            db0.forEachKey(keys::add);
            for (byte[] key : keys) {
                Object value = db0.peek(key);
                String described = KeyspaceContents.describe(value, 0);
                // Redis's DUMP, read here
                byte[] theirs = (byte[]) redis.call("DUMP", key);
                assertTrue(DumpPayload.verify(theirs));
                assertEquals(described, KeyspaceContents.describe(DumpPayload.read(theirs, ctx), 0));
                // our DUMP, restored there
                byte[] restored = b("restored:").clone();
                byte[] target = new byte[restored.length + key.length];
                System.arraycopy(restored, 0, target, 0, restored.length);
                System.arraycopy(key, 0, target, restored.length, key.length);
                Object reply = redis.call("RESTORE", target, "0", DumpPayload.create(value, ctx, true));
                assertEquals("OK", RedisProcess.string(reply), KeyspaceContents.text(key));
                assertEquals(RedisProcess.string(redis.call("DUMP", key)), RedisProcess.string(redis.call("DUMP", target)),
                        "Redis re-serialises our payload as its own: " + KeyspaceContents.text(key));
            }
        }
    }

    @Test
    void olderCompactHashEncodingsLoadAsInRedis() throws Exception {
        // a file with a HASH_ZIPLIST and a HASH_ZIPMAP, as Redis 2.6..6.2 and 2.x wrote them
        RdbOutput out = new RdbOutput(256, true);
        RdbEncoder.writeHeader(out);
        RdbEncoder.writeDatabaseStart(out, 0, 2, 0);
        out.writeByte(Rdb.TYPE_HASH_ZIPLIST);
        out.writeString(b("zl"));
        byte[] zl = new Ziplist.Writer().add(b("a")).add(b("1")).add(b("b")).add(b("-70000")).add(b("c"))
                .add(b("text")).toByteArray();
        out.writeString(zl);
        out.writeByte(Rdb.TYPE_HASH_ZIPMAP);
        out.writeString(b("zm"));
        out.writeString(new byte[] {1, 1, 'k', 2, 0, 'v', 'v', (byte) 0xFF});
        RdbEncoder.writeEof(out);
        out.writeLongLE(Crc64.update(0, out.array(), 0, out.size()));
        Path file = dir.resolve("old.rdb");
        Files.write(file, out.toByteArray());
        Map<String, String> expected = Map.of("0/zl", "hash:{a=1, b=-70000, c=text}", "0/zm", "hash:{k=vv}");
        assertEquals(expected, KeyspaceContents.of(loadFile(file)));
        try (RedisProcess redis = RedisProcess.start(dir, "--dbfilename", "old.rdb")) {
            assertEquals(new TreeMap<>(expected), redis.contents(), "Redis reads them the same");
        }
    }

    @Test
    void olderListSetAndSortedSetEncodingsLoadAsInRedis() throws Exception {
        // the encodings Redis 2.x..6.2 wrote: LIST (1), LIST_ZIPLIST (10), LIST_QUICKLIST (14), ZSET (3),
        // ZSET_ZIPLIST (12); and SET (2) holding only integers, which loads as an intset
        RdbOutput out = new RdbOutput(256, true);
        RdbEncoder.writeHeader(out);
        RdbEncoder.writeDatabaseStart(out, 0, 7, 0);
        out.writeByte(Rdb.TYPE_LIST);
        out.writeString(b("linked"));
        out.writeLength(3);
        for (String v : List.of("a", "12", "x".repeat(30))) {
            out.writeString(b(v));
        }
        out.writeByte(Rdb.TYPE_LIST_ZIPLIST);
        out.writeString(b("ziplist"));
        out.writeString(new Ziplist.Writer().add(b("one")).add(-70000).add(b("")).toByteArray());
        out.writeByte(Rdb.TYPE_LIST_QUICKLIST);
        out.writeString(b("quicklist"));
        out.writeLength(2);
        out.writeString(new Ziplist.Writer().add(b("n1")).add(5000000000L).toByteArray());
        out.writeString(new Ziplist.Writer().add(b("n2")).toByteArray());
        out.writeByte(Rdb.TYPE_SET);
        out.writeString(b("intsonly"));
        out.writeLength(3);
        for (String v : List.of("3", "-1", "2")) {
            out.writeString(b(v));
        }
        out.writeByte(Rdb.TYPE_ZSET);
        out.writeString(b("zset-text"));
        out.writeLength(4);
        out.writeString(b("a"));
        out.writeByte(3);
        out.writeBytes(b("1.5"));
        out.writeString(b("up"));
        out.writeByte(254); // +inf
        out.writeString(b("down"));
        out.writeByte(255); // -inf
        out.writeString(b("e"));
        out.writeByte(5);
        out.writeBytes(b("-2e10"));
        out.writeByte(Rdb.TYPE_ZSET_ZIPLIST);
        out.writeString(b("zset-zl"));
        out.writeString(new Ziplist.Writer().add(b("k")).add(b("0.25")).add(b("m")).add(7).toByteArray());
        out.writeByte(Rdb.TYPE_SET_INTSET);
        out.writeString(b("intset"));
        out.writeString(Intset.of(new long[] {-5, 0, 99999}));
        RdbEncoder.writeEof(out);
        out.writeLongLE(Crc64.update(0, out.array(), 0, out.size()));
        Path file = dir.resolve("old-collections.rdb");
        Files.write(file, out.toByteArray());
        Map<String, String> expected = new TreeMap<>(Map.of(
                "0/linked", "list:[a, 12, " + "x".repeat(30) + "]",
                "0/ziplist", "list:[one, -70000, ]",
                "0/quicklist", "list:[n1, 5000000000, n2]",
                "0/intsonly", "set:[-1, 2, 3]",
                "0/zset-text", "zset:[down=-inf, e=-20000000000, a=1.5, up=inf]",
                "0/zset-zl", "zset:[k=0.25, m=7]",
                "0/intset", "set:[-5, 0, 99999]"));
        Keyspace ks = loadFile(file);
        assertEquals(expected, KeyspaceContents.of(ks));
        assertEquals("intset", ((SetValue) ks.db(0).peek(b("intsonly"))).encoding());
        try (RedisProcess redis = RedisProcess.start(dir, "--dbfilename", "old-collections.rdb")) {
            assertEquals(expected, redis.contents(), "Redis reads them the same");
            assertEquals("intset", RedisProcess.string(redis.call("OBJECT", "ENCODING", "intsonly")));
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
