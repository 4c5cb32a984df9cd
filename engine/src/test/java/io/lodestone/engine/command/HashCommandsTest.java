package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyTrace;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashCommandsTest {
    private static final Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err SYNTAX = new Err("ERR syntax error");

    /** A listpack limit of 128 entries (Redis's default is 512) keeps the conversion tests small. */
    private final EngineHarness h = new EngineHarness(smallListpacks());

    private static io.lodestone.engine.EngineConfig smallListpacks() {
        io.lodestone.engine.EngineConfig config = io.lodestone.engine.EngineConfig.defaults();
        config.setHashMaxListpackEntries(128);
        return config;
    }

    private String encoding(String key) {
        return ((HashValue) h.engine().keyspace().db(0).peek(Bytes.utf8(key))).encoding();
    }

    private boolean exists(String key) {
        return h.engine().keyspace().db(0).exists(Bytes.utf8(key));
    }

    /** Fills a hash with n fields f0..f(n-1), values v0..; returns the HSET argv. */
    private void fill(String key, int n) {
        List<String> args = new ArrayList<>(List.of("HSET", key));
        for (int i = 0; i < n; i++) {
            args.add("f" + i);
            args.add("v" + i);
        }
        assertEquals((long) n, h.exec(args.toArray(new String[0])));
    }

    private static Map<String, String> pairs(Object flat) {
        List<?> list = (List<?>) flat;
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < list.size(); i += 2) {
            out.put((String) list.get(i), (String) list.get(i + 1));
        }
        return out;
    }

    // ---- HSET HMSET HSETNX HGET HMGET --------------------------------------------------------

    @Test
    void hsetCountsNewFieldsAndHgetReads() {
        assertEquals(2L, h.exec("HSET", "h", "a", "1", "b", "2"));
        assertEquals(1L, h.exec("HSET", "h", "a", "9", "c", "3"));
        assertEquals(1L, h.exec("HSET", "d", "x", "1", "x", "2")); // a field repeated in one call
        assertEquals("2", h.exec("HGET", "d", "x"));
        assertEquals("9", h.exec("HGET", "h", "a"));
        assertNull(h.exec("HGET", "h", "zz"));
        assertNull(h.exec("HGET", "nokey", "a"));
        assertEquals(Arrays.asList("9", null, "3"), h.exec("HMGET", "h", "a", "zz", "c"));
        assertEquals(Arrays.asList(null, null), h.exec("HMGET", "nokey", "a", "b"));
        assertEquals(List.of(List.of("HSET", "h", "a", "1", "b", "2"), List.of("HSET", "h", "a", "9", "c", "3"),
                List.of("HSET", "d", "x", "1", "x", "2")), h.stream());
    }

    @Test
    void hsetAndHmsetRejectAnOddNumberOfArguments() {
        assertEquals(new Err("ERR wrong number of arguments for 'hset' command"), h.exec("HSET", "h", "a", "1", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'hmset' command"), h.exec("HMSET", "h", "a", "1", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'hset' command"), h.exec("HSET", "h", "a"));
        h.exec("SET", "s", "x");
        // arity is checked before the type
        assertEquals(new Err("ERR wrong number of arguments for 'hset' command"), h.exec("HSET", "s", "a", "1", "b"));
        assertTrue(!exists("h"));
    }

    @Test
    void hmsetRepliesOk() {
        assertEquals("OK", h.exec("HMSET", "h", "a", "1", "b", "2"));
        assertEquals(2L, h.exec("HLEN", "h"));
        assertEquals(List.of("HMSET", "h", "a", "1", "b", "2"), h.stream().get(0));
    }

    @Test
    void hsetnxSetsOnlyNewFields() {
        assertEquals(1L, h.exec("HSETNX", "h", "a", "1"));
        assertEquals(0L, h.exec("HSETNX", "h", "a", "2"));
        assertEquals("1", h.exec("HGET", "h", "a"));
        assertEquals(List.of(List.of("HSETNX", "h", "a", "1")), h.stream());
    }

    @Test
    void everyCommandRejectsOtherTypes() {
        h.exec("SET", "s", "x");
        String[][] commands = {
            {"HSET", "s", "a", "1"}, {"HMSET", "s", "a", "1"}, {"HSETNX", "s", "a", "1"}, {"HGET", "s", "a"},
            {"HMGET", "s", "a"}, {"HDEL", "s", "a"}, {"HGETALL", "s"}, {"HKEYS", "s"}, {"HVALS", "s"}, {"HLEN", "s"},
            {"HEXISTS", "s", "a"}, {"HSTRLEN", "s", "a"}, {"HINCRBY", "s", "a", "1"}, {"HINCRBYFLOAT", "s", "a", "1"},
            {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"}, {"HRANDFIELD", "s", "0"}, {"HSCAN", "s", "0"},
        };
        for (String[] c : commands) {
            assertEquals(WRONGTYPE, h.exec(c), String.join(" ", c));
        }
        assertEquals("x", h.exec("GET", "s"));
        assertEquals(List.of(List.of("SET", "s", "x")), h.stream());
    }

    // ---- HDEL HLEN HEXISTS HSTRLEN -----------------------------------------------------------

    @Test
    void hdelRemovesFieldsAndTheKeyWithTheLast() {
        h.exec("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals(0L, h.exec("HDEL", "h", "zz"));
        assertEquals(2L, h.exec("HDEL", "h", "a", "b", "a"));
        assertEquals(1L, h.exec("HLEN", "h"));
        assertEquals(1L, h.exec("HDEL", "h", "c", "zz"));
        assertTrue(!exists("h"));
        assertEquals(0L, h.exec("HDEL", "h", "c"));
        assertEquals(0L, h.exec("HLEN", "h"));
        // a no-op HDEL is not propagated
        assertEquals(List.of(List.of("HSET", "h", "a", "1", "b", "2", "c", "3"), List.of("HDEL", "h", "a", "b", "a"),
                List.of("HDEL", "h", "c", "zz")), h.stream());
    }

    @Test
    void hdelOnALargeHashDeletesTheKeyWhenEmpty() {
        fill("h", 200);
        assertEquals("hashtable", encoding("h"));
        String[] args = new String[202];
        args[0] = "HDEL";
        args[1] = "h";
        for (int i = 0; i < 200; i++) {
            args[i + 2] = "f" + i;
        }
        assertEquals(200L, h.exec(args));
        assertTrue(!exists("h"));
    }

    @Test
    void hexistsAndHstrlen() {
        h.exec("HSET", "h", "a", "hello", "n", "-12345");
        assertEquals(1L, h.exec("HEXISTS", "h", "a"));
        assertEquals(0L, h.exec("HEXISTS", "h", "zz"));
        assertEquals(0L, h.exec("HEXISTS", "nokey", "a"));
        assertEquals(5L, h.exec("HSTRLEN", "h", "a"));
        assertEquals(6L, h.exec("HSTRLEN", "h", "n"));
        assertEquals(0L, h.exec("HSTRLEN", "h", "zz"));
        assertEquals(0L, h.exec("HSTRLEN", "nokey", "a"));
    }

    // ---- HGETALL HKEYS HVALS -----------------------------------------------------------------

    @Test
    void smallHashesReplyInInsertionOrder() {
        h.exec("HSET", "h", "a", "1", "b", "2", "c", "3");
        h.exec("HSET", "h", "a", "9");
        h.exec("HDEL", "h", "b");
        h.exec("HSET", "h", "b", "7");
        assertEquals(List.of("a", "9", "c", "3", "b", "7"), h.exec("HGETALL", "h"));
        assertEquals(List.of("a", "c", "b"), h.exec("HKEYS", "h"));
        assertEquals(List.of("9", "3", "7"), h.exec("HVALS", "h"));
        assertEquals(List.of(), h.exec("HGETALL", "nokey"));
        assertEquals(List.of(), h.exec("HKEYS", "nokey"));
        assertEquals(List.of(), h.exec("HVALS", "nokey"));
    }

    @Test
    void largeHashesReplyEverything() {
        fill("h", 500);
        Map<String, String> all = pairs(h.exec("HGETALL", "h"));
        assertEquals(500, all.size());
        assertEquals("v321", all.get("f321"));
        assertEquals(500, ((List<?>) h.exec("HKEYS", "h")).size());
        assertEquals(new HashSet<>(all.values()), new HashSet<>((List<?>) h.exec("HVALS", "h")));
    }

    @Test
    void replyTypesInResp3() {
        h.exec("HSET", "h", "a", "1", "b", "2");
        assertEquals("%2 $a $1 $b $2", trace(3, "HGETALL", "h"));
        assertEquals("%0", trace(3, "HGETALL", "nokey"));
        assertEquals("*2 $1 _", trace(3, "HMGET", "h", "a", "zz"));
        assertEquals("_", trace(3, "HGET", "h", "zz"));
        assertEquals("_", trace(3, "HRANDFIELD", "nokey"));
        assertEquals("*0", trace(3, "HRANDFIELD", "nokey", "2", "WITHVALUES"));
        assertEquals("*2 *2 $a $1 *2 $b $2", trace(3, "HRANDFIELD", "h", "2", "WITHVALUES"));
        assertEquals("*4 $a $1 $b $2", trace(2, "HRANDFIELD", "h", "2", "WITHVALUES"));
        assertEquals("*2 $0 *4 $a $1 $b $2", trace(3, "HSCAN", "h", "0"));
        assertEquals("*2 $0 *0", trace(3, "HSCAN", "nokey", "0"));
        assertEquals(":1", trace(3, "HEXISTS", "h", "a"));
        assertEquals("$2.5", trace(3, "HINCRBYFLOAT", "h", "a", "1.5"));
        assertEquals("*0", trace(3, "HKEYS", "nokey"));
    }

    /** Runs a command with a writer that records the reply's RESP types: "%2 $a :1 _ ...". */
    private String trace(int protocol, String... args) {
        return ReplyTrace.trace(h, protocol, args);
    }

    // ---- encodings ---------------------------------------------------------------------------

    @Test
    void convertsAtTheEntryLimit() {
        fill("h", 128);
        assertEquals("listpack", encoding("h"));
        h.exec("HSET", "h", "f0", "again");
        assertEquals("listpack", encoding("h"));
        h.exec("HSET", "h", "f128", "v");
        assertEquals("hashtable", encoding("h"));
        h.exec("HDEL", "h", "f128", "f0", "f1");
        assertEquals("hashtable", encoding("h")); // never back
    }

    @Test
    void convertsAtTheValueLengthLimit() {
        String limit = "x".repeat(64);
        h.exec("HSET", "a", "f", limit);
        h.exec("HSET", "a", limit, "v");
        assertEquals("listpack", encoding("a"));
        h.exec("HSET", "a", "f", limit + "x");
        assertEquals("hashtable", encoding("a"));

        h.exec("HSET", "b", limit + "x", "1");
        assertEquals("hashtable", encoding("b"));

        // HSETNX of an existing field changes nothing, not even the encoding
        h.exec("HSET", "c", "f", "1");
        assertEquals(0L, h.exec("HSETNX", "c", "f", limit + "x"));
        assertEquals("listpack", encoding("c"));
        assertEquals(1L, h.exec("HSETNX", "c", "g", limit + "x"));
        assertEquals("hashtable", encoding("c"));

        // the values HINCRBY* produce, and the fields they name, count too
        h.exec("HSET", "d", "f", "1");
        assertEquals("10000000000000000000222479489586148259025995410601157579323600873193472",
                h.exec("HINCRBYFLOAT", "d", "g", "1e70"));
        assertEquals("hashtable", encoding("d"));
        h.exec("HSET", "e", "f", "1");
        h.exec("HINCRBY", "e", limit + "x", "1");
        assertEquals("hashtable", encoding("e"));
    }

    @Test
    void limitsFollowTheConfiguration() {
        h.engine().config().setHashMaxListpackEntries(2);
        h.engine().config().setHashMaxListpackValue(3);
        h.exec("HSET", "a", "f1", "v", "f2", "v");
        assertEquals("listpack", encoding("a"));
        h.exec("HSET", "a", "f3", "v");
        assertEquals("hashtable", encoding("a"));
        h.exec("HSET", "b", "f", "abcd");
        assertEquals("hashtable", encoding("b"));
        h.exec("HSET", "c", "f", "999");
        h.exec("HINCRBY", "c", "f", "1"); // "1000" is longer than 3 bytes
        assertEquals("hashtable", encoding("c"));
    }

    // ---- HINCRBY -----------------------------------------------------------------------------

    @Test
    void hincrby() {
        assertEquals(5L, h.exec("HINCRBY", "h", "n", "5"));
        assertEquals(-5L, h.exec("HINCRBY", "h", "n", "-10"));
        assertEquals("-5", h.exec("HGET", "h", "n"));
        h.exec("HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808");
        assertEquals(new Err("ERR increment or decrement would overflow"), h.exec("HINCRBY", "h", "max", "1"));
        assertEquals(new Err("ERR increment or decrement would overflow"), h.exec("HINCRBY", "h", "min", "-1"));
        assertEquals(-1L, h.exec("HINCRBY", "h", "min", "9223372036854775807"));
        assertEquals(List.of("HINCRBY", "h", "n", "5"), h.stream().get(0));
        assertEquals(List.of("HINCRBY", "h", "min", "9223372036854775807"), h.stream().get(h.stream().size() - 1));
    }

    @Test
    void hincrbyErrors() {
        h.exec("HSET", "h", "s", "abc", "sp", " 1", "empty", "", "float", "1.5", "long", "1".repeat(30));
        for (String f : new String[] {"s", "sp", "empty", "float", "long"}) {
            assertEquals(new Err("ERR hash value is not an integer"), h.exec("HINCRBY", "h", f, "1"), f);
        }
        assertEquals(NOT_INTEGER, h.exec("HINCRBY", "h", "n", "x"));
        assertEquals(NOT_INTEGER, h.exec("HINCRBY", "h", "n", "1.0"));
        assertEquals(NOT_INTEGER, h.exec("HINCRBY", "nokey", "n", "9223372036854775808"));
        assertTrue(!exists("nokey"));
        assertEquals(1, h.stream().size());
    }

    @Test
    void hincrbyOnALargeHash() {
        fill("h", 300);
        h.exec("HSET", "h", "n", "41");
        assertEquals(42L, h.exec("HINCRBY", "h", "n", "1"));
        assertEquals(1L, h.exec("HINCRBY", "h", "new", "1"));
        assertEquals(new Err("ERR hash value is not an integer"), h.exec("HINCRBY", "h", "f1", "1"));
    }

    // ---- HINCRBYFLOAT ------------------------------------------------------------------------

    @Test
    void hincrbyfloatFormatsAsRedisAndPropagatesHset() {
        assertEquals("10.5", h.exec("HINCRBYFLOAT", "h", "f", "10.5"));
        assertEquals("10.6", h.exec("HINCRBYFLOAT", "h", "f", "0.1"));
        assertEquals("0.1", h.exec("HINCRBYFLOAT", "h", "g", "0.1"));
        assertEquals("0.3", h.exec("HINCRBYFLOAT", "h", "g", "0.2"));
        h.exec("HSET", "h", "i", "17179869184");
        assertEquals("17179869185.5", h.exec("HINCRBYFLOAT", "h", "i", "1.5"));
        assertEquals("3", h.exec("HINCRBYFLOAT", "h", "j", "3.0e0"));
        assertEquals("10.6", h.exec("HGET", "h", "f"));
        assertEquals(List.of(
                List.of("HSET", "h", "f", "10.5"),
                List.of("HSET", "h", "f", "10.6"),
                List.of("HSET", "h", "g", "0.1"),
                List.of("HSET", "h", "g", "0.3"),
                List.of("HSET", "h", "i", "17179869184"),
                List.of("HSET", "h", "i", "17179869185.5"),
                List.of("HSET", "h", "j", "3")), h.stream());
    }

    @Test
    void hincrbyfloatErrors() {
        h.exec("HSET", "h", "s", "abc", "sp", " 1", "trail", "1.5 ", "empty", "", "inf", "inf", "huge", "1e4932");
        for (String f : new String[] {"s", "sp", "trail", "empty"}) {
            assertEquals(new Err("ERR hash value is not a float"), h.exec("HINCRBYFLOAT", "h", f, "1"), f);
        }
        assertEquals(new Err("ERR value is not a valid float"), h.exec("HINCRBYFLOAT", "h", "n", "x"));
        assertEquals(new Err("ERR value is not a valid float"), h.exec("HINCRBYFLOAT", "h", "n", "nan"));
        assertEquals(new Err("ERR value is not a valid float"), h.exec("HINCRBYFLOAT", "h", "n", ""));
        assertEquals(new Err("ERR value is not a valid float"), h.exec("HINCRBYFLOAT", "h", "n", "1e5000"));
        assertEquals(new Err("ERR value is NaN or Infinity"), h.exec("HINCRBYFLOAT", "h", "n", "inf"));
        assertEquals(new Err("ERR value is NaN or Infinity"), h.exec("HINCRBYFLOAT", "h", "n", "-Infinity"));
        assertEquals(new Err("ERR increment would produce NaN or Infinity"), h.exec("HINCRBYFLOAT", "h", "inf", "1"));
        assertEquals(new Err("ERR increment would produce NaN or Infinity"), h.exec("HINCRBYFLOAT", "h", "huge", "1e4932"));
        assertEquals(new Err("ERR value is not a valid float"), h.exec("HINCRBYFLOAT", "nokey", "n", "x"));
        assertTrue(!exists("nokey"));
        assertEquals("abc", h.exec("HGET", "h", "s"));
        assertEquals(1, h.stream().size());
    }

    @Test
    void hincrbyfloatOnALargeHash() {
        fill("h", 300);
        assertEquals("1.5", h.exec("HINCRBYFLOAT", "h", "x", "1.5"));
        assertEquals("2", h.exec("HINCRBYFLOAT", "h", "x", "0.5"));
        assertEquals("hashtable", encoding("h"));
    }

    // ---- HRANDFIELD --------------------------------------------------------------------------

    @Test
    void hrandfieldWithoutCount() {
        assertNull(h.exec("HRANDFIELD", "nokey"));
        h.exec("HSET", "h", "a", "1", "b", "2", "c", "3");
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(h.exec("HRANDFIELD", "h"));
        }
        assertEquals(Set.of("a", "b", "c"), seen);
    }

    @Test
    void hrandfieldPositiveCountGivesDistinctFields() {
        for (int size : new int[] {10, 100, 1000}) { // compact; table with a large share; table with a small share
            String key = "h" + size;
            fill(key, size);
            for (int count : new int[] {1, 3, size / 2, size - 1, size, size + 5}) {
                List<?> reply = (List<?>) h.exec("HRANDFIELD", key, Integer.toString(count));
                assertEquals(Math.min(count, size), reply.size());
                assertEquals(reply.size(), new HashSet<>(reply).size(), "distinct for " + count + " of " + size);
                Map<String, String> withValues = pairs(h.exec("HRANDFIELD", key, Integer.toString(count), "WITHVALUES"));
                assertEquals(Math.min(count, size), withValues.size());
                withValues.forEach((f, v) -> assertEquals("v" + f.substring(1), v));
            }
        }
    }

    @Test
    void hrandfieldSamplesOfACompactHashKeepItsOrder() {
        fill("h", 20);
        List<?> reply = (List<?>) h.exec("HRANDFIELD", "h", "7");
        List<Integer> indexes = new ArrayList<>();
        for (Object f : reply) {
            indexes.add(Integer.parseInt(((String) f).substring(1)));
        }
        List<Integer> sorted = new ArrayList<>(indexes);
        sorted.sort(null);
        assertEquals(sorted, indexes);
    }

    @Test
    void hrandfieldNegativeCountRepeats() {
        for (int size : new int[] {3, 300}) {
            String key = "h" + size;
            fill(key, size);
            List<?> reply = (List<?>) h.exec("HRANDFIELD", key, "-1000");
            assertEquals(1000, reply.size());
            assertTrue(new HashSet<>(reply).size() <= size);
            List<?> flat = (List<?>) h.exec("HRANDFIELD", key, "-5", "WITHVALUES");
            assertEquals(10, flat.size());
            for (int i = 0; i < 10; i += 2) {
                assertEquals("v" + ((String) flat.get(i)).substring(1), flat.get(i + 1));
            }
        }
    }

    @Test
    void hrandfieldEdgeCases() {
        h.exec("HSET", "h", "a", "1");
        assertEquals(List.of(), h.exec("HRANDFIELD", "h", "0"));
        assertEquals(List.of(), h.exec("HRANDFIELD", "h", "0", "WITHVALUES"));
        assertEquals(List.of(), h.exec("HRANDFIELD", "nokey", "5"));
        assertEquals(List.of(), h.exec("HRANDFIELD", "nokey", "-5", "WITHVALUES"));
        assertEquals(List.of("a", "a", "a"), h.exec("HRANDFIELD", "h", "-3"));
        assertEquals(List.of("a"), h.exec("HRANDFIELD", "h", "9223372036854775807"));
    }

    @Test
    void hrandfieldErrors() {
        h.exec("HSET", "h", "a", "1");
        assertEquals(NOT_INTEGER, h.exec("HRANDFIELD", "h", "x"));
        assertEquals(NOT_INTEGER, h.exec("HRANDFIELD", "nokey", "x"));
        assertEquals(new Err("ERR value is out of range, value must between -9223372036854775807 and"
                + " 9223372036854775807"), h.exec("HRANDFIELD", "h", "-9223372036854775808"));
        assertEquals(new Err("ERR value is out of range"), h.exec("HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"));
        assertEquals(new Err("ERR value is out of range"), h.exec("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"));
        assertEquals(new Err("ERR value is out of range"), h.exec("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"));
        assertEquals(SYNTAX, h.exec("HRANDFIELD", "h", "1", "WITHVALUE"));
        assertEquals(SYNTAX, h.exec("HRANDFIELD", "h", "1", "WITHVALUES", "x"));
        assertEquals(SYNTAX, h.exec("HRANDFIELD", "nokey", "5", "foo"));
        h.exec("SET", "s", "x");
        assertEquals(SYNTAX, h.exec("HRANDFIELD", "s", "2", "bad")); // syntax before type
        assertEquals(NOT_INTEGER, h.exec("HRANDFIELD", "s", "x"));
        assertEquals(List.of("a", "1"), h.exec("HRANDFIELD", "h", "1", "withValues")); // case-insensitive
    }

    @Test
    void hrandfieldResp3Shapes() {
        h.useProtocol(3);
        h.exec("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals(List.of(List.of("a", "1"), List.of("b", "2"), List.of("c", "3")),
                h.exec("HRANDFIELD", "h", "5", "WITHVALUES"));
        List<?> repeated = (List<?>) h.exec("HRANDFIELD", "h", "-4", "WITHVALUES");
        assertEquals(4, repeated.size());
        for (Object pair : repeated) {
            List<?> p = (List<?>) pair;
            assertEquals(2, p.size());
            assertEquals(Map.of("a", "1", "b", "2", "c", "3").get(p.get(0)), p.get(1));
        }
        List<?> two = (List<?>) h.exec("HRANDFIELD", "h", "2", "WITHVALUES");
        assertEquals(2, two.size());
        assertTrue(two.get(0) instanceof List);
        assertEquals(List.of("a", "b", "c"), h.exec("HRANDFIELD", "h", "3"));
        assertNull(h.exec("HRANDFIELD", "nokey"));
        assertEquals(List.of(), h.exec("HRANDFIELD", "nokey", "2", "WITHVALUES"));
        // RESP2 is flat
        h.useProtocol(2);
        assertEquals(List.of("a", "1", "b", "2", "c", "3"), h.exec("HRANDFIELD", "h", "5", "WITHVALUES"));
    }

    // ---- HSCAN -------------------------------------------------------------------------------

    @Test
    void hscanOfACompactHashReturnsAllAtOnce() {
        h.exec("HSET", "h", "a", "1", "b", "2", "ab", "3");
        assertEquals(List.of("0", List.of("a", "1", "b", "2", "ab", "3")), h.exec("HSCAN", "h", "0"));
        assertEquals(List.of("0", List.of("a", "1", "b", "2", "ab", "3")), h.exec("HSCAN", "h", "0", "COUNT", "1"));
        assertEquals(List.of("0", List.of("a", "1", "ab", "3")), h.exec("HSCAN", "h", "0", "MATCH", "a*"));
        // the last MATCH wins; any cursor reads the whole compact hash
        assertEquals(List.of("0", List.of("b", "2")), h.exec("HSCAN", "h", "5", "match", "a*", "count", "1", "MATCH", "b*"));
        assertEquals(List.of("0", List.of()), h.exec("HSCAN", "nokey", "0"));
        assertEquals(List.of("0", List.of()), h.exec("HSCAN", "nokey", "0", "COUNT", "0")); // options unread
    }

    @Test
    void hscanCursorsAndOptionErrors() {
        h.exec("HSET", "h", "a", "1");
        Err invalid = new Err("ERR invalid cursor");
        assertEquals(invalid, h.exec("HSCAN", "h", "x"));
        assertEquals(invalid, h.exec("HSCAN", "h", " 1"));
        assertEquals(invalid, h.exec("HSCAN", "h", "1 "));
        assertEquals(invalid, h.exec("HSCAN", "h", "+"));
        assertEquals(invalid, h.exec("HSCAN", "h", "18446744073709551616"));
        assertEquals(invalid, h.exec("HSCAN", "nokey", "x"));
        for (String ok : new String[] {"-1", "", "+0", "18446744073709551615", "007"}) {
            assertEquals(List.of("0", List.of("a", "1")), h.exec("HSCAN", "h", ok), ok);
        }
        assertEquals(SYNTAX, h.exec("HSCAN", "h", "0", "COUNT", "0"));
        assertEquals(SYNTAX, h.exec("HSCAN", "h", "0", "COUNT", "-1"));
        assertEquals(NOT_INTEGER, h.exec("HSCAN", "h", "0", "COUNT", "x"));
        assertEquals(NOT_INTEGER, h.exec("HSCAN", "h", "0", "COUNT", "1000000000000000000000"));
        assertEquals(SYNTAX, h.exec("HSCAN", "h", "0", "MATCH"));
        assertEquals(SYNTAX, h.exec("HSCAN", "h", "0", "TYPE", "string"));
        assertEquals(SYNTAX, h.exec("HSCAN", "h", "0", "NOVALUES"));
    }

    @Test
    void hscanOfALargeHashVisitsEveryFieldOnce() {
        fill("h", 1000);
        Map<String, String> seen = new HashMap<>();
        int duplicates = 0;
        int calls = 0;
        String cursor = "0";
        do {
            List<?> reply = (List<?>) h.exec("HSCAN", "h", cursor, "COUNT", "20");
            cursor = (String) reply.get(0);
            List<?> items = (List<?>) reply.get(1);
            if (!cursor.equals("0")) {
                // COUNT is in fields, as in Redis; a step may end a bucket past it
                assertTrue(items.size() / 2 >= 20 && items.size() / 2 < 30, "step of " + items.size() / 2);
            }
            for (int i = 0; i < items.size(); i += 2) {
                if (seen.put((String) items.get(i), (String) items.get(i + 1)) != null) {
                    duplicates++;
                }
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(1000, seen.size());
        assertEquals(0, duplicates); // no resize happened, so nothing is seen twice
        assertEquals("v123", seen.get("f123"));
        assertTrue(calls >= 34, "COUNT bounds each step: " + calls);
    }

    @Test
    void hscanOfALargeHashIsCompleteDespiteChanges() {
        fill("h", 500);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int step = 0;
        do {
            List<?> reply = (List<?>) h.exec("HSCAN", "h", cursor, "COUNT", "10");
            cursor = (String) reply.get(0);
            List<?> items = (List<?>) reply.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                seen.add((String) items.get(i));
            }
            if (step == 3) {
                for (int i = 0; i < 3000; i++) {
                    h.exec("HSET", "h", "extra" + i, "x");
                }
            } else if (step == 30) {
                for (int i = 0; i < 3000; i++) {
                    h.exec("HDEL", "h", "extra" + i);
                }
            }
            step++;
        } while (!cursor.equals("0"));
        for (int i = 0; i < 500; i++) {
            assertTrue(seen.contains("f" + i), "missed f" + i);
        }
    }

    @Test
    void hscanMatchOnALargeHash() {
        fill("h", 300);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            List<?> reply = (List<?>) h.exec("HSCAN", "h", cursor, "MATCH", "f1?", "COUNT", "50");
            cursor = (String) reply.get(0);
            List<?> items = (List<?>) reply.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                seen.add((String) items.get(i));
            }
        } while (!cursor.equals("0"));
        Set<String> expected = new HashSet<>();
        for (int i = 10; i < 20; i++) {
            expected.add("f" + i);
        }
        assertEquals(expected, seen);
    }

    @Test
    void hscanResp3Shape() {
        h.useProtocol(3);
        h.exec("HSET", "h", "a", "1");
        assertEquals(List.of("0", List.of("a", "1")), h.exec("HSCAN", "h", "0"));
        assertEquals(List.of("0", List.of()), h.exec("HSCAN", "nokey", "0"));
    }

    @Test
    void readsInResp3() {
        h.useProtocol(3);
        h.exec("HSET", "h", "a", "1");
        assertEquals(Arrays.asList("1", null), h.exec("HMGET", "h", "a", "zz"));
        assertNull(h.exec("HGET", "h", "zz"));
        assertEquals(1L, h.exec("HEXISTS", "h", "a")); // an integer, not a boolean
        assertEquals("2.5", h.exec("HINCRBYFLOAT", "h", "a", "1.5")); // a bulk string, not a double
        assertEquals(List.of(), h.exec("HKEYS", "nokey"));
    }

    // ---- metadata ----------------------------------------------------------------------------

    @Test
    void commandTableMatchesRedis() {
        CommandTable table = h.engine().dispatcher().table();
        Object[][] expected = {
            {"hset", -4, "write denyoom fast", "@write @hash @fast"},
            {"hsetnx", 4, "write denyoom fast", "@write @hash @fast"},
            {"hget", 3, "readonly fast", "@read @hash @fast"},
            {"hmget", -3, "readonly fast", "@read @hash @fast"},
            {"hmset", -4, "write denyoom fast", "@write @hash @fast"},
            {"hdel", -3, "write fast", "@write @hash @fast"},
            {"hgetall", 2, "readonly", "@read @hash @slow"},
            {"hkeys", 2, "readonly", "@read @hash @slow"},
            {"hvals", 2, "readonly", "@read @hash @slow"},
            {"hlen", 2, "readonly fast", "@read @hash @fast"},
            {"hexists", 3, "readonly fast", "@read @hash @fast"},
            {"hstrlen", 3, "readonly fast", "@read @hash @fast"},
            {"hincrby", 4, "write denyoom fast", "@write @hash @fast"},
            {"hincrbyfloat", 4, "write denyoom fast", "@write @hash @fast"},
            {"hrandfield", -2, "readonly", "@read @hash @slow"},
            {"hscan", -3, "readonly", "@read @hash @slow"},
        };
        for (Object[] row : expected) {
            CommandSpec spec = table.lookup(Bytes.ascii((String) row[0]));
            assertEquals(row[1], spec.arity(), (String) row[0]);
            Set<String> flags = new HashSet<>();
            spec.flags().forEach(f -> flags.add(f.wireName()));
            assertEquals(Set.of(((String) row[2]).split(" ")), flags, (String) row[0]);
            assertEquals(List.of(((String) row[3]).split(" ")), spec.aclCategories(), (String) row[0]);
            assertEquals(1, spec.firstKey());
            assertEquals(1, spec.lastKey());
            assertEquals(1, spec.keyStep());
            assertEquals("hash", spec.group());
        }
        assertEquals(List.of("RW", "ACCESS", "UPDATE"), table.lookup(Bytes.ascii("hincrbyfloat")).keySpecs().get(0).flags());
        assertEquals(List.of("RO"), table.lookup(Bytes.ascii("hlen")).keySpecs().get(0).flags());
        assertEquals(List.of("RW", "INSERT"), table.lookup(Bytes.ascii("hsetnx")).keySpecs().get(0).flags());
        assertEquals(List.of("RW", "DELETE"), table.lookup(Bytes.ascii("hdel")).keySpecs().get(0).flags());
    }
}
