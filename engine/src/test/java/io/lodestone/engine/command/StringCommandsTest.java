package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.type.TypedValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * String commands against replies, error texts, TTLs and the propagated stream captured from
 * Debian's redis-server 7.0.15.
 */
class StringCommandsTest {
    private static final Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final Err SYNTAX = new Err("ERR syntax error");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err NOT_FLOAT = new Err("ERR value is not a valid float");
    private static final Err NAN_OR_INFINITY = new Err("ERR increment would produce NaN or Infinity");
    private static final Err TOO_LONG = new Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)");

    private final EngineHarness h = new EngineHarness();

    private Database db() {
        return h.engine().keyspace().db(0);
    }

    private long now() {
        return h.clock().millis();
    }

    /** A key holding something that is not a string (no hash commands are needed for that). */
    private void putHash(String key) {
        db().set(bytes(key), new TypedValue() {
            @Override
            public String typeName() {
                return "hash";
            }

            @Override
            public String encoding() {
                return "listpack";
            }

            @Override
            public TypedValue copy() {
                return this;
            }

            @Override
            public boolean isEmpty() {
                return false;
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long expireAt(String key) {
        return db().expireAt(bytes(key));
    }

    private static List<String> entry(String... words) {
        return List.of(words);
    }

    // ---- GET / SET -----------------------------------------------------------------------------

    @Test
    void setThenGet() {
        assertEquals("OK", h.exec("SET", "k", "v"));
        assertEquals("v", h.exec("GET", "k"));
        assertNull(h.exec("GET", "missing"));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("GET", "h"));
        assertEquals(List.of(entry("SET", "k", "v")), h.stream());
    }

    @Test
    void setNxXx() {
        assertNull(h.exec("SET", "k", "v", "XX"));
        assertEquals("OK", h.exec("SET", "k", "v", "NX"));
        assertNull(h.exec("SET", "k", "w", "NX"));
        assertEquals("OK", h.exec("SET", "k", "w", "XX"));
        assertEquals("w", h.exec("GET", "k"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "XX", "NX"));
        // conditions that fail write nothing
        assertEquals(List.of(entry("SET", "k", "v", "NX"), entry("SET", "k", "w", "XX")), h.stream());
    }

    @Test
    void setExpiresAndPropagatesAbsoluteTime() {
        long now = now();
        assertEquals("OK", h.exec("SET", "k", "v", "EX", "10"));
        assertEquals(List.of(entry("SET", "k", "v", "PXAT", Long.toString(now + 10_000))), h.stream());
        h.clock().advance(9_999);
        assertEquals("v", h.exec("GET", "k"));
        h.clock().advance(1);
        assertNull(h.exec("GET", "k"));
        assertEquals(entry("DEL", "k"), h.stream().get(1));
    }

    @Test
    void everyExpireFormIsPropagatedAsPxatWithoutTheOtherOptions() {
        long now = now();
        h.exec("SET", "a", "v", "px", "1500");
        h.exec("SET", "b", "v", "EXAT", "99999999999", "NX");
        h.exec("SET", "c", "v", "PXAT", "99999999999999", "NX");
        h.exec("SET", "c", "w", "pxat", "99999999999999", "XX", "GET");
        assertEquals(List.of(
                entry("SET", "a", "v", "PXAT", Long.toString(now + 1500)),
                entry("SET", "b", "v", "PXAT", "99999999999000"),
                entry("SET", "c", "v", "PXAT", "99999999999999"),
                entry("SET", "c", "w", "PXAT", "99999999999999")), h.stream());
        assertEquals(now + 1500, expireAt("a"));
        assertEquals(99999999999000L, expireAt("b"));
    }

    @Test
    void setRejectsBadExpire() {
        assertEquals(new Err("ERR invalid expire time in 'set' command"), h.exec("SET", "k", "v", "EX", "0"));
        assertEquals(new Err("ERR invalid expire time in 'set' command"), h.exec("SET", "k", "v", "PX", "-5"));
        assertEquals(NOT_INTEGER, h.exec("SET", "k", "v", "PX", "x"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "EX", "1", "PX", "1"));
        // overflow once converted to absolute ms
        assertEquals("OK", h.exec("SET", "k", "v", "EXAT", "9223372036854775"));
        assertEquals(new Err("ERR invalid expire time in 'set' command"),
                h.exec("SET", "k", "v", "EXAT", "9223372036854776"));
        assertEquals(new Err("ERR invalid expire time in 'set' command"),
                h.exec("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals(new Err("ERR invalid expire time in 'set' command"),
                h.exec("SET", "k", "v", "EX", "9223372036854775807"));
        assertEquals(List.of(entry("SET", "k", "v", "PXAT", "9223372036854775000")), h.stream());
    }

    @Test
    void setOptionRulesMatchRedis() {
        // the same option twice is accepted; the last expire time wins
        assertEquals("OK", h.exec("SET", "k", "v", "EX", "10", "EX", "20"));
        assertEquals(now() + 20_000, expireAt("k"));
        assertEquals("OK", h.exec("SET", "k", "v", "KEEPTTL", "KEEPTTL"));
        assertEquals(now() + 20_000, expireAt("k"));
        assertEquals("OK", h.exec("SET", "k", "v", "XX", "XX"));
        assertNull(h.exec("SET", "k", "v", "NX", "nx"));
        // any two of KEEPTTL / EX / PX / EXAT / PXAT exclude each other; PERSIST is GETEX's
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "EX", "10", "KEEPTTL"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "KEEPTTL", "PX", "10"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "EXAT", "10", "PXAT", "10"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "PERSIST"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "EX"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "foo"));
        // every option is read before the expire time is checked
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "EX", "abc", "NX", "XX"));
        assertEquals(SYNTAX, h.exec("SET", "k", "v", "EX", "0", "foo"));
    }

    @Test
    void setClearsOrKeepsTheTtl() {
        h.exec("SET", "k", "v", "EX", "100");
        assertEquals("OK", h.exec("SET", "k", "w", "KEEPTTL"));
        assertEquals(now() + 100_000, expireAt("k"));
        assertEquals("OK", h.exec("SET", "k", "x"));
        assertEquals(0, expireAt("k"));
        assertEquals(entry("SET", "k", "w", "KEEPTTL"), h.stream().get(1));
    }

    @Test
    void setOverwritesAnyType() {
        putHash("h");
        assertEquals("OK", h.exec("SET", "h", "v"));
        assertEquals("v", h.exec("GET", "h"));
    }

    @Test
    void setGetRepliesTheOldValueAndPropagatesWithoutGet() {
        assertNull(h.exec("SET", "k", "v", "GET"));
        assertEquals("v", h.exec("SET", "k", "w", "get", "GET"));
        assertEquals("w", h.exec("SET", "k", "x", "KEEPTTL", "GET"));
        assertEquals(List.of(entry("SET", "k", "v"), entry("SET", "k", "w"), entry("SET", "k", "x", "KEEPTTL")),
                h.stream());
    }

    @Test
    void setGetWithConditions() {
        assertNull(h.exec("SET", "k", "v", "XX", "GET"));
        assertNull(h.exec("GET", "k"));
        assertNull(h.exec("SET", "k", "v", "NX", "GET"));
        assertEquals("v", h.exec("SET", "k", "w", "NX", "GET")); // not set, but the value is returned
        assertEquals("v", h.exec("GET", "k"));
        assertEquals("v", h.exec("SET", "k", "w", "XX", "GET"));
        assertEquals("w", h.exec("GET", "k"));
        assertEquals(List.of(entry("SET", "k", "v", "NX"), entry("SET", "k", "w", "XX")), h.stream());
    }

    @Test
    void setGetOnAnotherTypeIsAnErrorAndWritesNothing() {
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("SET", "h", "v", "GET"));
        assertEquals(WRONGTYPE, h.exec("SET", "h", "v", "NX", "GET"));
        // the expire time is checked first
        assertEquals(new Err("ERR invalid expire time in 'set' command"), h.exec("SET", "h", "v", "EX", "0", "GET"));
        assertTrue(db().get(bytes("h")) instanceof TypedValue);
        assertEquals(List.of(), h.stream());
    }

    @Test
    void setWithAPastDeadlineStoresAKeyThatIsAlreadyGone() {
        assertEquals("OK", h.exec("SET", "k", "v", "PXAT", "1"));
        assertEquals(0L, h.exec("STRLEN", "k"));
        assertEquals(List.of(entry("SET", "k", "v", "PXAT", "1"), entry("DEL", "k")), h.stream());
    }

    @Test
    void writingOverAnExpiredKeyPropagatesItsDeletionFirst() {
        h.exec("SET", "k", "v", "PX", "10");
        h.exec("SET", "m", "v", "PX", "10");
        h.clock().advance(10);
        h.clearStream();
        h.exec("SET", "k", "w");
        h.exec("MSET", "m", "1");
        assertEquals(List.of(entry("DEL", "k"), entry("SET", "k", "w"), entry("DEL", "m"), entry("MSET", "m", "1")),
                h.stream());
        assertEquals(0, expireAt("k"));
    }

    // ---- SETNX / SETEX / PSETEX ----------------------------------------------------------------

    @Test
    void setnx() {
        assertEquals(1L, h.exec("SETNX", "k", "v"));
        assertEquals(0L, h.exec("SETNX", "k", "w"));
        assertEquals("v", h.exec("GET", "k"));
        putHash("h");
        assertEquals(0L, h.exec("SETNX", "h", "w"));
        assertEquals(List.of(entry("SETNX", "k", "v")), h.stream());
    }

    @Test
    void setexAndPsetex() {
        long now = now();
        assertEquals("OK", h.exec("SETEX", "k", "100", "v"));
        assertEquals("OK", h.exec("PSETEX", "p", "1500", "w"));
        assertEquals("v", h.exec("GET", "k"));
        assertEquals(now + 100_000, expireAt("k"));
        assertEquals(now + 1500, expireAt("p"));
        assertEquals(List.of(entry("SET", "k", "v", "PXAT", Long.toString(now + 100_000)),
                entry("SET", "p", "w", "PXAT", Long.toString(now + 1500))), h.stream());
        h.clock().advance(1500);
        assertNull(h.exec("GET", "p"));
        putHash("h");
        assertEquals("OK", h.exec("SETEX", "h", "10", "x"));
        assertEquals("x", h.exec("GET", "h"));
    }

    @Test
    void setexErrorsNameTheCommand() {
        assertEquals(new Err("ERR invalid expire time in 'setex' command"), h.exec("SETEX", "k", "0", "v"));
        assertEquals(new Err("ERR invalid expire time in 'psetex' command"), h.exec("PSETEX", "k", "-1", "v"));
        assertEquals(NOT_INTEGER, h.exec("SETEX", "k", "x", "v"));
        assertEquals(new Err("ERR wrong number of arguments for 'setex' command"), h.exec("SETEX", "k", "1"));
        assertNull(h.exec("GET", "k"));
    }

    // ---- GETSET / GETDEL / GETEX ---------------------------------------------------------------

    @Test
    void getsetReturnsTheOldValueClearsTheTtlAndPropagatesSet() {
        assertNull(h.exec("GETSET", "k", "v"));
        h.exec("SET", "k", "v", "EX", "100");
        assertEquals("v", h.exec("GETSET", "k", "w"));
        assertEquals("w", h.exec("GET", "k"));
        assertEquals(0, expireAt("k"));
        assertEquals(entry("SET", "k", "v"), h.stream().get(0));
        assertEquals(entry("SET", "k", "w"), h.stream().get(2));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("GETSET", "h", "x"));
        assertEquals(3, h.stream().size());
    }

    @Test
    void getdelReturnsAndDeletes() {
        h.exec("SET", "k", "v");
        assertEquals("v", h.exec("GETDEL", "k"));
        assertNull(h.exec("GETDEL", "k"));
        assertFalse(db().exists(bytes("k")));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("GETDEL", "h"));
        assertTrue(db().exists(bytes("h")));
        assertEquals(List.of(entry("SET", "k", "v"), entry("DEL", "k")), h.stream());
    }

    @Test
    void getexWithoutOptionsIsARead() {
        h.exec("SET", "k", "v", "EX", "100");
        h.clearStream();
        assertEquals("v", h.exec("GETEX", "k"));
        assertNull(h.exec("GETEX", "missing"));
        assertEquals(now() + 100_000, expireAt("k"));
        assertEquals(List.of(), h.stream());
    }

    @Test
    void getexSetsTheTtlAndPropagatesPexpireat() {
        long now = now();
        h.exec("SET", "k", "v");
        assertEquals("v", h.exec("GETEX", "k", "EX", "100"));
        assertEquals(now + 100_000, expireAt("k"));
        assertEquals("v", h.exec("GETEX", "k", "px", "100000"));
        assertEquals("v", h.exec("GETEX", "k", "EXAT", "99999999999"));
        assertEquals(99999999999000L, expireAt("k"));
        assertEquals("v", h.exec("GETEX", "k", "PXAT", "99999999999999"));
        assertEquals("v", h.exec("GETEX", "k", "EX", "10", "EX", "20")); // the last one wins
        assertEquals(now + 20_000, expireAt("k"));
        assertEquals(List.of(
                entry("SET", "k", "v"),
                entry("PEXPIREAT", "k", Long.toString(now + 100_000)),
                entry("PEXPIREAT", "k", Long.toString(now + 100_000)),
                entry("PEXPIREAT", "k", "99999999999000"),
                entry("PEXPIREAT", "k", "99999999999999"),
                entry("PEXPIREAT", "k", Long.toString(now + 20_000))), h.stream());
        h.clock().advance(20_000);
        assertNull(h.exec("GETEX", "k"));
    }

    @Test
    void getexPersistPropagatesOnlyWhenATtlWasRemoved() {
        h.exec("SET", "k", "v", "EX", "100");
        h.clearStream();
        assertEquals("v", h.exec("GETEX", "k", "PERSIST"));
        assertEquals(0, expireAt("k"));
        assertEquals("v", h.exec("GETEX", "k", "PERSIST", "persist"));
        assertEquals(List.of(entry("PERSIST", "k")), h.stream());
    }

    @Test
    void getexWithAPastAbsoluteTimeDeletesTheKey() {
        h.exec("SET", "k", "v");
        h.exec("SET", "n", "v");
        assertEquals("v", h.exec("GETEX", "k", "PXAT", "1000"));
        assertFalse(db().exists(bytes("k")));
        assertEquals("v", h.exec("GETEX", "n", "EXAT", Long.toString(now() / 1000)));
        assertFalse(db().exists(bytes("n")));
        assertEquals(List.of(entry("SET", "k", "v"), entry("SET", "n", "v"), entry("DEL", "k"), entry("DEL", "n")),
                h.stream());
        h.exec("SET", "m", "v");
        assertEquals("v", h.exec("GETEX", "m", "PXAT", Long.toString(now()))); // due now is past too
        assertFalse(db().exists(bytes("m")));
    }

    @Test
    void getexErrors() {
        h.exec("SET", "k", "v");
        assertEquals(new Err("ERR invalid expire time in 'getex' command"), h.exec("GETEX", "k", "EX", "0"));
        assertEquals(new Err("ERR invalid expire time in 'getex' command"), h.exec("GETEX", "k", "EX", "-1"));
        assertEquals(new Err("ERR invalid expire time in 'getex' command"),
                h.exec("GETEX", "k", "EX", "9223372036854775807"));
        assertEquals(new Err("ERR invalid expire time in 'getex' command"),
                h.exec("GETEX", "k", "PX", "9223372036854775807"));
        assertEquals(NOT_INTEGER, h.exec("GETEX", "k", "EX", "abc"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "NX"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "KEEPTTL"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "GET"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "EX", "10", "PX", "10"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "PERSIST", "EX", "1"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "EX", "1", "PERSIST"));
        assertEquals(SYNTAX, h.exec("GETEX", "k", "EX"));
        // a missing key is looked up before the expire time is checked
        assertNull(h.exec("GETEX", "missing", "EX", "0"));
        assertNull(h.exec("GETEX", "missing", "EX", "abc"));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("GETEX", "h", "EX", "0"));
        assertEquals(SYNTAX, h.exec("GETEX", "h", "NX"));
        assertEquals(0, expireAt("k"));
        assertEquals(1, h.stream().size());
    }

    // ---- MGET / MSET / MSETNX ------------------------------------------------------------------

    @Test
    void mgetAnswersNilForMissingKeysAndOtherTypes() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2");
        putHash("h");
        List<Object> expected = new ArrayList<>();
        expected.add("1");
        expected.add(null);
        expected.add(null);
        expected.add("2");
        assertEquals(expected, h.exec("MGET", "a", "missing", "h", "b"));
        h.useProtocol(3);
        assertEquals(expected, h.exec("MGET", "a", "missing", "h", "b"));
    }

    @Test
    void msetSetsEveryPairAndClearsTtls() {
        h.exec("SET", "a", "old", "EX", "100");
        putHash("h");
        assertEquals("OK", h.exec("MSET", "a", "1", "b", "2", "h", "3"));
        assertEquals(List.of("1", "2", "3"), h.exec("MGET", "a", "b", "h"));
        assertEquals(0, expireAt("a"));
        assertEquals(entry("MSET", "a", "1", "b", "2", "h", "3"), h.stream().get(1));
        assertEquals("OK", h.exec("MSET", "a", "x", "a", "y"));
        assertEquals("y", h.exec("GET", "a"));
    }

    @Test
    void msetNeedsPairs() {
        assertEquals(new Err("ERR wrong number of arguments for 'mset' command"), h.exec("MSET", "a"));
        assertEquals(new Err("ERR wrong number of arguments for 'mset' command"), h.exec("MSET", "a", "1", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'msetnx' command"), h.exec("MSETNX", "a", "1", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'msetnx' command"), h.exec("MSETNX", "a"));
        assertNull(h.exec("GET", "a"));
        assertEquals(List.of(), h.stream());
    }

    @Test
    void msetnxSetsAllOrNothing() {
        h.exec("SET", "a", "1");
        assertEquals(0L, h.exec("MSETNX", "b", "2", "a", "x"));
        assertNull(h.exec("GET", "b"));
        assertEquals("1", h.exec("GET", "a"));
        assertEquals(1L, h.exec("MSETNX", "b", "2", "c", "3"));
        assertEquals(List.of("1", "2", "3"), h.exec("MGET", "a", "b", "c"));
        putHash("h");
        assertEquals(0L, h.exec("MSETNX", "d", "4", "h", "x"));
        assertEquals(List.of(entry("SET", "a", "1"), entry("MSETNX", "b", "2", "c", "3")), h.stream());
    }

    // ---- APPEND / STRLEN -----------------------------------------------------------------------

    @Test
    void appendCreatesAndExtendsKeepingTheTtl() {
        assertEquals(5L, h.exec("APPEND", "k", "Hello"));
        assertEquals(11L, h.exec("APPEND", "k", " World"));
        assertEquals("Hello World", h.exec("GET", "k"));
        h.exec("SET", "n", "8", "EX", "100");
        assertEquals(2L, h.exec("APPEND", "n", "x"));
        assertEquals("8x", h.exec("GET", "n"));
        assertEquals(now() + 100_000, expireAt("n"));
        assertEquals(0L, h.exec("APPEND", "e", ""));
        assertTrue(db().exists(bytes("e"))); // an empty append still creates the key
        assertEquals(entry("APPEND", "e", ""), h.stream().get(h.stream().size() - 1));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("APPEND", "h", "x"));
    }

    @Test
    void appendRespectsProtoMaxBulkLen() {
        h.engine().config().setProtoMaxBulkLen(10);
        h.exec("SET", "k", "12345");
        assertEquals(10L, h.exec("APPEND", "k", "67890"));
        assertEquals(TOO_LONG, h.exec("APPEND", "k", "x"));
        assertEquals("1234567890", h.exec("GET", "k"));
    }

    @Test
    void appendNeverModifiesAnArrayThatAnotherKeyShares() {
        byte[] shared = bytes("abc");
        h.exec(bytes("MSET"), bytes("a"), shared, bytes("b"), shared);
        h.exec("APPEND", "a", "def");
        assertEquals("abcdef", h.exec("GET", "a"));
        assertEquals("abc", h.exec("GET", "b"));
        assertArrayEquals(bytes("abc"), shared);
    }

    @Test
    void strlen() {
        h.exec("SET", "k", "Hello World");
        assertEquals(11L, h.exec("STRLEN", "k"));
        assertEquals(0L, h.exec("STRLEN", "missing"));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("STRLEN", "h"));
    }

    // ---- GETRANGE / SETRANGE -------------------------------------------------------------------

    @Test
    void getrangeFollowsRedisIndexRules() {
        h.exec("SET", "s", "Hello World");
        String[][] cases = {
            {"0", "4", "Hello"}, {"-5", "-1", "World"}, {"-1", "-5", ""}, {"5", "2", ""},
            {"-100", "100", "Hello World"}, {"100", "200", ""}, {"0", "-100", "H"}, {"-100", "-100", "H"},
            {"9223372036854775807", "9223372036854775807", ""}, {"-9223372036854775808", "-1", "Hello World"},
            {"3", "3", "l"}, {"0", "-1", "Hello World"},
        };
        for (String[] c : cases) {
            assertEquals(c[2], h.exec("GETRANGE", "s", c[0], c[1]), c[0] + ".." + c[1]);
        }
        h.exec("SET", "e", "");
        assertEquals("", h.exec("GETRANGE", "e", "0", "-1"));
        assertEquals("", h.exec("GETRANGE", "e", "0", "0"));
        assertEquals("", h.exec("GETRANGE", "missing", "0", "1"));
    }

    @Test
    void getrangeChecksIndexesBeforeTheKey() {
        putHash("h");
        assertEquals(NOT_INTEGER, h.exec("GETRANGE", "h", "x", "1"));
        assertEquals(NOT_INTEGER, h.exec("GETRANGE", "missing", "0", "x"));
        assertEquals(WRONGTYPE, h.exec("GETRANGE", "h", "0", "1"));
    }

    @Test
    void setrangeOverwritesAndPadsWithZeroBytes() {
        h.exec("SET", "s", "Hello World");
        assertEquals(11L, h.exec("SETRANGE", "s", "6", "Redis"));
        assertEquals("Hello Redis", h.exec("GET", "s"));
        assertEquals(21L, h.exec("SETRANGE", "s", "20", "!"));
        assertEquals("Hello Redis\0\0\0\0\0\0\0\0\0!", h.exec("GET", "s"));
        assertEquals(5L, h.exec("SETRANGE", "n", "3", "ab"));
        assertEquals("\0\0\0ab", h.exec("GET", "n"));
        assertEquals(0, expireAt("n"));
        assertEquals(List.of(entry("SET", "s", "Hello World"), entry("SETRANGE", "s", "6", "Redis"),
                entry("SETRANGE", "s", "20", "!"), entry("SETRANGE", "n", "3", "ab")), h.stream());
    }

    @Test
    void setrangeWithAnEmptyValueWritesNothing() {
        assertEquals(0L, h.exec("SETRANGE", "missing", "5", ""));
        assertFalse(db().exists(bytes("missing")));
        h.exec("SET", "s", "abc");
        assertEquals(3L, h.exec("SETRANGE", "s", "10", ""));
        assertEquals("abc", h.exec("GET", "s"));
        assertEquals(List.of(entry("SET", "s", "abc")), h.stream());
    }

    @Test
    void setrangeKeepsTheTtlAndNeverModifiesASharedArray() {
        byte[] shared = bytes("abcdef");
        h.exec(bytes("MSET"), bytes("a"), shared, bytes("b"), shared);
        h.exec("PSETEX", "t", "5000", "xyz");
        assertEquals(6L, h.exec("SETRANGE", "a", "1", "ZZ"));
        assertEquals("aZZdef", h.exec("GET", "a"));
        assertEquals("abcdef", h.exec("GET", "b"));
        assertArrayEquals(bytes("abcdef"), shared);
        assertEquals(3L, h.exec("SETRANGE", "t", "0", "Q"));
        assertEquals(now() + 5000, expireAt("t"));
    }

    @Test
    void setrangeErrors() {
        putHash("h");
        assertEquals(new Err("ERR offset is out of range"), h.exec("SETRANGE", "s", "-1", "x"));
        assertEquals(new Err("ERR offset is out of range"), h.exec("SETRANGE", "h", "-1", "x"));
        assertEquals(NOT_INTEGER, h.exec("SETRANGE", "s", "x", "x"));
        assertEquals(WRONGTYPE, h.exec("SETRANGE", "h", "0", "x"));
        assertEquals(WRONGTYPE, h.exec("SETRANGE", "h", "0", ""));
        h.engine().config().setProtoMaxBulkLen(16);
        assertEquals(16L, h.exec("SETRANGE", "s", "15", "x"));
        assertEquals(TOO_LONG, h.exec("SETRANGE", "s", "16", "x"));
        assertEquals(TOO_LONG, h.exec("SETRANGE", "new", "15", "xy"));
        assertEquals(TOO_LONG, h.exec("SETRANGE", "s", "9223372036854775807", "x"));
        assertEquals(16L, h.exec("SETRANGE", "s", "9223372036854775807", "")); // nothing to write
        assertFalse(db().exists(bytes("new")));
        assertEquals(1, h.stream().size());
    }

    // ---- INCR family ---------------------------------------------------------------------------

    @Test
    void incrDecrFamily() {
        assertEquals(1L, h.exec("INCR", "n"));
        assertEquals(6L, h.exec("INCRBY", "n", "5"));
        assertEquals(5L, h.exec("DECR", "n"));
        assertEquals(-5L, h.exec("DECRBY", "n", "10"));
        assertEquals(-5L, h.exec("INCRBY", "n", "0"));
        assertEquals("-5", h.exec("GET", "n"));
        assertEquals(-1L, h.exec("DECR", "fresh"));
        assertEquals(List.of(entry("INCR", "n"), entry("INCRBY", "n", "5"), entry("DECR", "n"),
                entry("DECRBY", "n", "10"), entry("INCRBY", "n", "0"), entry("DECR", "fresh")), h.stream());
    }

    @Test
    void incrKeepsTheTtl() {
        h.exec("SET", "n", "5", "EX", "100");
        assertEquals(6L, h.exec("INCR", "n"));
        assertEquals(now() + 100_000, expireAt("n"));
        h.clock().advance(100_000);
        assertEquals(1L, h.exec("INCR", "n")); // the expired value is gone, not incremented
        assertEquals(0, expireAt("n"));
    }

    @Test
    void incrCountsPastCachedNumbersWithoutSharingState() {
        h.exec("SET", "a", "9998");
        h.exec("SET", "b", "9998");
        assertEquals(9999L, h.exec("INCR", "a"));
        assertEquals(10000L, h.exec("INCR", "a"));
        assertEquals(9999L, h.exec("INCR", "b"));
        assertEquals("10000", h.exec("GET", "a"));
        assertEquals("9999", h.exec("GET", "b"));
    }

    @Test
    void incrRejectsWhatIsNotA64BitInteger() {
        for (String bad : new String[] {"abc", " 1", "1 ", "01", "-0", "+1", "1.0", "12345678901234567890", ""}) {
            h.exec("SET", "n", bad);
            assertEquals(NOT_INTEGER, h.exec("INCR", "n"), bad);
        }
        assertEquals(NOT_INTEGER, h.exec("INCRBY", "m", "+1"));
        assertEquals(NOT_INTEGER, h.exec("INCRBY", "m", "1.5"));
        assertEquals(NOT_INTEGER, h.exec("DECRBY", "m", "x"));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("INCR", "h"));
        assertEquals(WRONGTYPE, h.exec("DECRBY", "h", "1"));
        assertEquals(NOT_INTEGER, h.exec("INCRBY", "h", "abc")); // the argument is read first
        assertFalse(db().exists(bytes("m")));
    }

    @Test
    void incrOverflow() {
        Err overflow = new Err("ERR increment or decrement would overflow");
        h.exec("SET", "n", "9223372036854775807");
        assertEquals(overflow, h.exec("INCR", "n"));
        assertEquals(9223372036854775807L, h.exec("INCRBY", "n", "0"));
        assertEquals(-1L, h.exec("INCRBY", "n", "-9223372036854775808"));
        h.exec("SET", "n", "-9223372036854775808");
        assertEquals(overflow, h.exec("DECR", "n"));
        assertEquals(overflow, h.exec("INCRBY", "n", "-1"));
        assertEquals(new Err("ERR decrement would overflow"), h.exec("DECRBY", "n", "-9223372036854775808"));
        assertEquals(new Err("ERR decrement would overflow"), h.exec("DECRBY", "missing", "-9223372036854775808"));
        assertEquals(-9223372036854775807L, h.exec("DECRBY", "n", "-1"));
        assertEquals("-9223372036854775807", h.exec("GET", "n"));
    }

    // ---- INCRBYFLOAT ---------------------------------------------------------------------------

    @Test
    void incrbyfloatPrintsExactlyWhatRedisPrints() {
        h.exec("SET", "f", "10.5");
        assertEquals("10.6", h.exec("INCRBYFLOAT", "f", "0.1"));
        assertEquals("1010.59999999999999998", h.exec("INCRBYFLOAT", "f", "1e3"));
        assertEquals("6010.60000000000000009", h.exec("INCRBYFLOAT", "f", "5.0e3"));
        h.exec("SET", "f", "3");
        assertEquals("4.2345678901234567", h.exec("INCRBYFLOAT", "f", "1.2345678901234567"));
        h.exec("SET", "f", "0.1");
        assertEquals("0", h.exec("INCRBYFLOAT", "f", "-0.1"));
        h.exec("SET", "f", "5.0e3");
        assertEquals("5200", h.exec("INCRBYFLOAT", "f", "200"));
        assertEquals("5200.10999999999999988", h.exec("INCRBYFLOAT", "f", "1.1e-1"));
        h.exec("SET", "f", "123456789012345678901234567890");
        assertEquals("123456789012345678899921813504", h.exec("INCRBYFLOAT", "f", "1"));
    }

    @Test
    void incrbyfloatAccumulatesLikeLongDouble() {
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(h.exec("INCRBYFLOAT", "f", "0.1"));
        }
        assertEquals(List.of("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"), seen);
    }

    @Test
    void incrbyfloatRoundsItsOutputHalfToEven() {
        assertEquals("1.5", h.exec("INCRBYFLOAT", "a", "1.5"));
        assertEquals("1.5", h.exec("INCRBYFLOAT", "a", "0.000000000000000001"));
        assertEquals("0.00000381469726562", h.exec("INCRBYFLOAT", "b", "0.000003814697265625")); // 2^-18: a tie
        assertEquals("0", h.exec("INCRBYFLOAT", "c", "0.000000000000000005"));
        assertEquals("0.00000000000000001", h.exec("INCRBYFLOAT", "d", "0.00000000000000000999999"));
        assertEquals("0", h.exec("INCRBYFLOAT", "e", "-0.000000000000000001"));
    }

    @Test
    void incrbyfloatReadsWhatStrtoldReads() {
        assertEquals("16", h.exec("INCRBYFLOAT", "a", "0x10"));
        assertEquals("0.5", h.exec("INCRBYFLOAT", "b", ".5"));
        assertEquals("5.5", h.exec("INCRBYFLOAT", "b", "5."));
        assertEquals("6.5", h.exec("INCRBYFLOAT", "b", "+1"));
        assertEquals("7.5", h.exec("INCRBYFLOAT", "b", "0x.8p1"));
        assertEquals("7.75", h.exec("INCRBYFLOAT", "b", "0X1P-2"));
        assertEquals("107.75", h.exec("INCRBYFLOAT", "b", "1e+2"));
        assertEquals("12", h.exec("INCRBYFLOAT", "c", "00012"));
        for (String bad : new String[] {"abc", "", " 1", "1 ", "1e", "0x", "-", ".", "nan", "1,5", "1d", "+-1",
            "infinit", "1e5000", "1e-5000", "0x1p16384", "1\0"}) {
            assertEquals(NOT_FLOAT, h.exec("INCRBYFLOAT", "z", bad), bad);
        }
        assertFalse(db().exists(bytes("z")));
    }

    @Test
    void incrbyfloatKeepsLongDoubleRange() {
        String big = (String) h.exec("INCRBYFLOAT", "a", "1e400");
        assertTrue(big.startsWith("10000000000000000000281880683947586514586453433629052038625910693539"), big);
        assertEquals(401, big.length());
        assertEquals("0", h.exec("INCRBYFLOAT", "a", "-1e400"));
        assertEquals("0", h.exec("INCRBYFLOAT", "b", "1e-4950")); // a subnormal, printed as 0
        String max = (String) h.exec("INCRBYFLOAT", "c", "0x1.fffffffffffffffep16383"); // the largest one
        assertTrue(max.startsWith("1189731495357231765021263853030970205169063322294624200440323733891737"), max);
        assertEquals(4933, max.length());
        assertEquals(NAN_OR_INFINITY, h.exec("INCRBYFLOAT", "c", "0x1p16320")); // one unit more is infinite
        assertEquals(max, h.exec("GET", "c"));
    }

    @Test
    void incrbyfloatErrors() {
        assertEquals(NAN_OR_INFINITY, h.exec("INCRBYFLOAT", "f", "inf"));
        assertEquals(NAN_OR_INFINITY, h.exec("INCRBYFLOAT", "f", "-Infinity"));
        h.exec("SET", "i", "inf");
        assertEquals(NAN_OR_INFINITY, h.exec("INCRBYFLOAT", "i", "1"));
        assertEquals(NOT_FLOAT, h.exec("INCRBYFLOAT", "i", "x")); // both operands are read first
        h.exec("SET", "s", "abc");
        assertEquals(NOT_FLOAT, h.exec("INCRBYFLOAT", "s", "1"));
        putHash("h");
        assertEquals(WRONGTYPE, h.exec("INCRBYFLOAT", "h", "x"));
        assertFalse(db().exists(bytes("f")));
        assertEquals(2, h.stream().size());
    }

    @Test
    void incrbyfloatKeepsTheTtlAndPropagatesSetKeepttl() {
        h.exec("SET", "f", "10.5", "EX", "100");
        assertEquals("10.6", h.exec("INCRBYFLOAT", "f", "0.1"));
        assertEquals(now() + 100_000, expireAt("f"));
        assertEquals("1", h.exec("INCRBYFLOAT", "g", "1"));
        assertEquals(entry("SET", "f", "10.6", "KEEPTTL"), h.stream().get(1));
        assertEquals(entry("SET", "g", "1", "KEEPTTL"), h.stream().get(2));
    }

    // ---- dispatch and metadata -----------------------------------------------------------------

    @Test
    void arityAndUnknownCommandsGetRedisErrors() {
        assertEquals(new Err("ERR wrong number of arguments for 'get' command"), h.exec("GET"));
        assertEquals(new Err("ERR wrong number of arguments for 'getrange' command"), h.exec("GETRANGE", "k", "0"));
        assertEquals(new Err("ERR unknown command 'nope', with args beginning with: 'a' 'b' "),
                h.exec("nope", "a", "b"));
    }

    @Test
    void repliesInResp3() {
        h.useProtocol(3);
        assertNull(h.exec("GETEX", "missing"));
        assertEquals(1L, h.exec("SETNX", "k", "1"));
        assertEquals("2.5", h.exec("INCRBYFLOAT", "k", "1.5")); // a bulk string, not a double
        assertEquals("", h.exec("GETRANGE", "missing", "0", "1"));
    }

    /** What COMMAND INFO says on redis-server 7.0.15: arity, flags, first/last/step, ACL, key spec. */
    @Test
    void metadataMatchesCommandInfo() {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("get", "2 [fast, readonly] 1 1 1 [@fast, @read, @string] 1/0/1 [ACCESS, RO]"),
                Map.entry("set", "-3 [denyoom, write] 1 1 1 [@slow, @string, @write] 1/0/1 "
                        + "[ACCESS, RW, UPDATE, VARIABLE_FLAGS]"),
                Map.entry("setnx", "3 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 [INSERT, OW]"),
                Map.entry("setex", "4 [denyoom, write] 1 1 1 [@slow, @string, @write] 1/0/1 [OW, UPDATE]"),
                Map.entry("psetex", "4 [denyoom, write] 1 1 1 [@slow, @string, @write] 1/0/1 [OW, UPDATE]"),
                Map.entry("getset", "3 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 "
                        + "[ACCESS, RW, UPDATE]"),
                Map.entry("getdel", "2 [fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 [ACCESS, DELETE, RW]"),
                Map.entry("getex", "-2 [fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 [ACCESS, RW, UPDATE]"),
                Map.entry("mget", "-2 [fast, readonly] 1 -1 1 [@fast, @read, @string] 1/-1/1 [ACCESS, RO]"),
                Map.entry("mset", "-3 [denyoom, write] 1 -1 2 [@slow, @string, @write] 1/-1/2 [OW, UPDATE]"),
                Map.entry("msetnx", "-3 [denyoom, write] 1 -1 2 [@slow, @string, @write] 1/-1/2 [INSERT, OW]"),
                Map.entry("append", "3 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 [INSERT, RW]"),
                Map.entry("strlen", "2 [fast, readonly] 1 1 1 [@fast, @read, @string] 1/0/1 [RO]"),
                Map.entry("incr", "2 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 [ACCESS, RW, UPDATE]"),
                Map.entry("decr", "2 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 [ACCESS, RW, UPDATE]"),
                Map.entry("incrby", "3 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 "
                        + "[ACCESS, RW, UPDATE]"),
                Map.entry("decrby", "3 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 "
                        + "[ACCESS, RW, UPDATE]"),
                Map.entry("incrbyfloat", "3 [denyoom, fast, write] 1 1 1 [@fast, @string, @write] 1/0/1 "
                        + "[ACCESS, RW, UPDATE]"),
                Map.entry("getrange", "4 [readonly] 1 1 1 [@read, @slow, @string] 1/0/1 [ACCESS, RO]"),
                Map.entry("setrange", "4 [denyoom, write] 1 1 1 [@slow, @string, @write] 1/0/1 [RW, UPDATE]")));
        Map<String, String> actual = new TreeMap<>();
        for (CommandSpec spec : StringCommands.specs()) {
            TreeSet<String> flags = new TreeSet<>();
            spec.flags().forEach(f -> flags.add(f.wireName()));
            KeySpec key = spec.keySpecs().get(0);
            actual.put(spec.name(), spec.arity() + " " + flags + " " + spec.firstKey() + " " + spec.lastKey() + " "
                    + spec.keyStep() + " " + new TreeSet<>(spec.aclCategories()) + " " + key.beginIndex() + "/"
                    + key.lastKey() + "/" + key.step() + " " + new TreeSet<>(key.flags()));
            assertEquals("string", spec.group(), spec.name());
            assertEquals(1, spec.keySpecs().size(), spec.name());
        }
        assertEquals(expected, actual);
    }
}
