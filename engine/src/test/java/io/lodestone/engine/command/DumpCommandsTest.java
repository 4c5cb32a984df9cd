package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DUMP and RESTORE: Redis 7.0's replies, errors, options and propagation. */
class DumpCommandsTest {
    private final EngineHarness h = new EngineHarness();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The payload DUMP replies with. The recorder decodes bulks as UTF-8, which binary payloads are
     * not: the reply is checked against the same bytes decoded that way, and the bytes returned.
     */
    private byte[] dump(String key) {
        Object reply = h.exec("DUMP", key);
        if (reply == null) {
            return null;
        }
        Object value = h.engine().keyspace().db(h.context().dbIndex()).peek(b(key));
        byte[] payload = io.lodestone.engine.persistence.rdb.DumpPayload.create(value,
                new io.lodestone.engine.persistence.rdb.RdbContext(h.engine().config()), true);
        assertEquals(new String(payload, StandardCharsets.UTF_8), reply);
        return payload;
    }

    private Object restore(String key, String ttl, byte[] payload, String... options) {
        byte[][] argv = new byte[4 + options.length][];
        argv[0] = b("RESTORE");
        argv[1] = b(key);
        argv[2] = b(ttl);
        argv[3] = payload;
        for (int i = 0; i < options.length; i++) {
            argv[4 + i] = b(options[i]);
        }
        return h.exec(argv);
    }

    @Test
    void dumpOfAStringIsRedisPayload() {
        h.exec("SET", "k", "v");
        // the bytes redis-server 7.0.15 replies to DUMP k after SET k v
        assertArrayEquals(new byte[] {0, 1, 'v', 10, 0, (byte) 0x91, 8, (byte) 0xce, (byte) 0xb2, 0x19, 0x38,
                (byte) 0x8a, (byte) 0xce}, dump("k"));
        assertNull(h.exec("DUMP", "missing"));
    }

    @Test
    void restoreRoundTripsStringsAndHashes() {
        h.exec("SET", "s", "hello");
        h.exec("HSET", "h", "f1", "v1", "f2", "2");
        assertEquals("OK", restore("s2", "0", dump("s")));
        assertEquals("OK", restore("h2", "0", dump("h")));
        assertEquals("hello", h.exec("GET", "s2"));
        assertEquals(List.of("f1", "v1", "f2", "2"), h.exec("HGETALL", "h2"));
        assertEquals(-1L, h.exec("PTTL", "s2"));
    }

    @Test
    void restoreRoundTripsListsSetsAndSortedSetsInEachEncoding() {
        h.exec("RPUSH", "l", "a", "1", "-70000", "", "x".repeat(100));
        String[] many = new String[3002];
        many[0] = "RPUSH";
        many[1] = "lbig";
        for (int i = 0; i < 3000; i++) {
            many[i + 2] = i % 2 == 0 ? Integer.toString(i) : "element-" + i;
        }
        h.exec(many);
        h.exec("SADD", "si", "3", "-1", "5000000000");
        h.exec("SADD", "ss", "a", "b", "7");
        h.exec("ZADD", "zs", "1", "a", "2.5", "b", "-3", "c", "inf", "d");
        h.exec("ZADD", "zw", "1", "w".repeat(65), "-0", "z");
        String[] restored = {"l", "lbig", "si", "ss", "zs", "zw"};
        for (String key : restored) {
            assertEquals("OK", restore(key + "2", "0", dump(key)), key);
            assertEquals(h.exec("OBJECT", "ENCODING", key), h.exec("OBJECT", "ENCODING", key + "2"), key);
        }
        assertEquals(List.of("a", "1", "-70000", "", "x".repeat(100)), h.exec("LRANGE", "l2", "0", "-1"));
        assertEquals(h.exec("LRANGE", "lbig", "0", "-1"), h.exec("LRANGE", "lbig2", "0", "-1"));
        assertEquals(3000L, h.exec("LLEN", "lbig2"));
        assertEquals(List.of("-1", "3", "5000000000"), h.exec("SMEMBERS", "si2"));
        assertEquals("intset", h.exec("OBJECT", "ENCODING", "si2"));
        @SuppressWarnings("unchecked")
        List<String> members = new java.util.ArrayList<>((List<String>) h.exec("SMEMBERS", "ss2"));
        java.util.Collections.sort(members);
        assertEquals(List.of("7", "a", "b"), members);
        assertEquals("hashtable", h.exec("OBJECT", "ENCODING", "ss2"));
        assertEquals(List.of("c", -3.0, "a", 1.0, "b", 2.5, "d", Double.POSITIVE_INFINITY), h.exec("ZRANGE", "zs2", "0", "-1", "WITHSCORES"));
        assertEquals("listpack", h.exec("OBJECT", "ENCODING", "zs2"));
        assertEquals(List.of("z", -0.0, "w".repeat(65), 1.0), h.exec("ZRANGE", "zw2", "0", "-1", "WITHSCORES"));
        assertEquals("skiplist", h.exec("OBJECT", "ENCODING", "zw2"));
    }

    @Test
    void restoreErrorsInRedisOrder() {
        h.exec("SET", "k", "v");
        byte[] payload = dump("k");
        assertEquals(new Err("BUSYKEY Target key name already exists."), restore("k", "0", payload));
        assertEquals(new Err("ERR Invalid TTL value, must be >= 0"), restore("x", "-1", payload));
        assertEquals(new Err("ERR value is not an integer or out of range"), restore("x", "abc", payload));
        byte[] badCrc = payload.clone();
        badCrc[badCrc.length - 1] ^= 1;
        assertEquals(new Err("ERR DUMP payload version or checksum are wrong"), restore("x", "0", badCrc));
        assertEquals(new Err("ERR DUMP payload version or checksum are wrong"), restore("x", "0", b("\u0000\u0001")));
        assertEquals(new Err("ERR syntax error"), restore("x", "0", payload, "FREQ", "3", "IDLETIME", "4"));
        assertEquals(new Err("ERR syntax error"), restore("x", "0", payload, "IDLETIME"));
        assertEquals(new Err("ERR syntax error"), restore("x", "0", payload, "bogus"));
        assertEquals(new Err("ERR Invalid IDLETIME value, must be >= 0"), restore("x", "0", payload, "IDLETIME", "-4"));
        assertEquals(new Err("ERR Invalid FREQ value, must be >= 0 and <= 255"), restore("x", "0", payload, "FREQ", "256"));
        assertEquals(new Err("ERR value is not an integer or out of range"), restore("x", "0", payload, "IDLETIME", "x"));
        // options are checked before the key: a syntax error wins over BUSYKEY
        assertEquals(new Err("ERR syntax error"), restore("k", "0", payload, "bogus"));
        // a valid checksum over bytes that are no value
        byte[] garbage = {0x42, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        long crc = io.lodestone.engine.persistence.rdb.Crc64.update(0, garbage, 0, 3);
        for (int i = 0; i < 8; i++) {
            garbage[3 + i] = (byte) (crc >>> (8 * i));
        }
        assertEquals(new Err("ERR Bad data format"), restore("x", "0", java.util.Arrays.copyOf(garbage, 11)));
        assertEquals(new Err("ERR wrong number of arguments for 'restore' command"), h.exec("RESTORE", "x", "0"));
        assertEquals(0L, h.exec("EXISTS", "x"));
    }

    @Test
    void replaceTtlAbsttlIdletimeAndPropagation() {
        h.exec("SET", "k", "v");
        byte[] payload = dump("k");
        h.clearStream();
        assertEquals("OK", restore("k", "5000", payload, "REPLACE"));
        long now = h.engine().keyspace().now();
        assertEquals(5000L, h.exec("PTTL", "k"));
        assertEquals(List.of(List.of("RESTORE", "k", Long.toString(now + 5000), new String(payload,
                StandardCharsets.UTF_8), "REPLACE", "ABSTTL")), h.stream(), "a relative TTL goes out absolute");
        h.clearStream();
        assertEquals("OK", restore("abs", Long.toString(now + 9000), payload, "ABSTTL"));
        assertEquals(9000L, h.exec("PTTL", "abs"));
        assertEquals(List.of("RESTORE", "abs", Long.toString(now + 9000), new String(payload,
                StandardCharsets.UTF_8), "ABSTTL"), h.stream().get(0), "verbatim");
        assertEquals("OK", restore("idle", "0", payload, "IDLETIME", "100"));
        assertEquals(100L, h.exec("OBJECT", "IDLETIME", "idle"));
        assertEquals("OK", restore("freq", "0", payload, "FREQ", "5"));
        h.clearStream();
        // already expired: nothing created; with REPLACE the old key is deleted and DEL propagated
        assertEquals("OK", restore("gone", "1", payload, "ABSTTL"));
        assertEquals(0L, h.exec("EXISTS", "gone"));
        assertEquals(List.of(), h.stream());
        assertEquals("OK", restore("k", "1", payload, "ABSTTL", "REPLACE"));
        assertEquals(0L, h.exec("EXISTS", "k"));
        assertEquals(List.of(List.of("DEL", "k")), h.stream());
    }
}
