package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.CommandInfoLine;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.FakeClock;
import io.lodestone.engine.testing.ReplyRecorder;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.testing.ReplyTrace;
import io.lodestone.engine.type.MemberCollection;
import io.lodestone.engine.type.SortedSetValue;
import io.lodestone.engine.type.TypedValue;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.DoubleFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sorted set commands; expected replies and errors as redis-server 7.0.15 gives them. */
class SortedSetCommandsTest {
    private static final Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err NOT_FLOAT = new Err("ERR value is not a valid float");
    private static final Err SYNTAX = new Err("ERR syntax error");
    private static final Err RANGE_NOT_FLOAT = new Err("ERR min or max is not a float");
    private static final Err RANGE_NOT_LEX = new Err("ERR min or max not valid string range item");

    private final EngineHarness h = new EngineHarness();

    private String encoding(String key) {
        return ((TypedValue) h.engine().keyspace().db(0).peek(Bytes.utf8(key))).encoding();
    }

    private boolean exists(String key) {
        return h.engine().keyspace().db(0).exists(Bytes.utf8(key));
    }

    private String trace(int protocol, String... args) {
        return ReplyTrace.trace(h, protocol, args);
    }

    /** ZADD key with n members m0..m(n-1), scores 0..n-1. */
    private void fill(String key, int n) {
        List<String> args = new ArrayList<>(List.of("ZADD", key));
        for (int i = 0; i < n; i++) {
            args.add(Integer.toString(i));
            args.add("m" + i);
        }
        assertEquals((long) n, h.exec(args.toArray(new String[0])));
    }

    private static List<String> list(String... items) {
        return Arrays.asList(items);
    }

    /** A plain set for the set-operation inputs; the set type itself lives elsewhere. */
    private static final class PlainSet implements TypedValue, MemberCollection {
        private final Set<String> members = new LinkedHashSet<>();

        PlainSet(String... members) {
            this.members.addAll(List.of(members));
        }

        @Override public String typeName() { return "set"; }
        @Override public String encoding() { return "hashtable"; }
        @Override public TypedValue copy() { return new PlainSet(members.toArray(new String[0])); }
        @Override public boolean isEmpty() { return members.isEmpty(); }
        @Override public int size() { return members.size(); }
        @Override public boolean contains(byte[] member) {
            return members.contains(new String(member, StandardCharsets.UTF_8));
        }
        @Override public void forEachMember(Consumer<byte[]> action) {
            for (String m : members) {
                action.accept(Bytes.utf8(m));
            }
        }
    }

    // ---- ZADD --------------------------------------------------------------------------------

    @Test
    void zaddCountsNewMembersAndUpdatesScores() {
        assertEquals(3L, h.exec("ZADD", "z", "1", "a", "2", "b", "3.5", "c"));
        assertEquals(1L, h.exec("ZADD", "z", "10", "a", "4", "d"));
        assertEquals(List.of("b", "c", "d", "a"), h.exec("ZRANGE", "z", "0", "-1"));
        assertEquals(1L, h.exec("ZADD", "z", "1", "x", "1", "x", "2", "x"));
        assertEquals(2.0, h.exec("ZSCORE", "z", "x")); // the last pair for a member wins
        assertEquals(0L, h.exec("ZADD", "z", "2", "x")); // same score: nothing to do
        assertEquals(List.of(List.of("ZADD", "z", "1", "a", "2", "b", "3.5", "c"), List.of("ZADD", "z", "10", "a", "4", "d"),
                List.of("ZADD", "z", "1", "x", "1", "x", "2", "x")), h.stream());
    }

    @Test
    void zaddOptions() {
        h.exec("ZADD", "z", "1", "a", "2", "b");
        assertEquals(1L, h.exec("ZADD", "z", "XX", "CH", "5", "a", "6", "c")); // c is not added
        assertEquals(Arrays.asList(5.0, null), h.exec("ZMSCORE", "z", "a", "c"));
        assertEquals(1L, h.exec("ZADD", "z", "nx", "9", "a", "7", "c"));
        assertEquals(5.0, h.exec("ZSCORE", "z", "a"));
        assertEquals(1L, h.exec("ZADD", "z", "GT", "CH", "1", "a", "9", "b"));
        assertEquals(List.of(5.0, 9.0), h.exec("ZMSCORE", "z", "a", "b"));
        assertEquals(1L, h.exec("ZADD", "z", "LT", "CH", "1", "a", "10", "b"));
        assertEquals(List.of(1.0, 9.0), h.exec("ZMSCORE", "z", "a", "b"));
        // GT and LT only gate updates: new members are added
        assertEquals(1L, h.exec("ZADD", "z", "GT", "-5", "new"));
        assertEquals(1L, h.exec("ZADD", "z", "XX", "GT", "CH", "2", "a"));
        assertEquals(2.0, h.exec("ZSCORE", "z", "a"));
    }

    @Test
    void zaddIncrRepliesWithTheScoreOrNull() {
        assertEquals(1.5, h.exec("ZADD", "z", "INCR", "1.5", "a"));
        assertEquals(2.5, h.exec("ZADD", "z", "incr", "1", "a"));
        assertNull(h.exec("ZADD", "z", "NX", "INCR", "1", "a"));
        assertNull(h.exec("ZADD", "z", "XX", "INCR", "1", "zz"));
        assertNull(h.exec("ZADD", "z", "GT", "INCR", "-1", "a"));
        assertEquals(1.5, h.exec("ZADD", "z", "LT", "INCR", "-1", "a"));
        // an increment of 0 replies but changes nothing, so nothing is propagated
        h.clearStream();
        assertEquals(1.5, h.exec("ZADD", "z", "INCR", "0", "a"));
        assertEquals(List.of(), h.stream());
        assertEquals("$-1", trace(2, "ZADD", "z", "NX", "INCR", "1", "a"));
        assertEquals("_", trace(3, "ZADD", "z", "NX", "INCR", "1", "a"));
        assertEquals("$1.1000000000000001", trace(2, "ZADD", "q", "INCR", "1.1", "m"));
        assertEquals(",2.2000000000000002", trace(3, "ZADD", "q", "INCR", "1.1", "m"));
    }

    @Test
    void zaddWithXxOnAMissingKeyCreatesNothing() {
        assertEquals(0L, h.exec("ZADD", "z", "XX", "1", "a"));
        assertNull(h.exec("ZADD", "z", "XX", "INCR", "1", "a"));
        assertFalse(exists("z"));
        assertEquals(List.of(), h.stream());
    }

    @Test
    void zaddErrors() {
        assertEquals(new Err("ERR wrong number of arguments for 'zadd' command"), h.exec("ZADD", "z", "1"));
        assertEquals(new Err("ERR wrong number of arguments for 'zadd' command"), h.exec("ZADD", "z", "gt"));
        assertEquals(SYNTAX, h.exec("ZADD", "z", "1", "a", "2"));
        assertEquals(SYNTAX, h.exec("ZADD", "z", "GT", "CH")); // options only: no pairs
        assertEquals(SYNTAX, h.exec("ZADD", "z", "NX", "1", "a", "2")); // the pair count comes first
        assertEquals(new Err("ERR XX and NX options at the same time are not compatible"),
                h.exec("ZADD", "z", "XX", "NX", "1", "a"));
        assertEquals(new Err("ERR XX and NX options at the same time are not compatible"),
                h.exec("ZADD", "z", "LT", "NX", "XX", "1", "a"));
        Err gtLtNx = new Err("ERR GT, LT, and/or NX options at the same time are not compatible");
        assertEquals(gtLtNx, h.exec("ZADD", "z", "GT", "LT", "1", "a"));
        assertEquals(gtLtNx, h.exec("ZADD", "z", "NX", "GT", "1", "a"));
        assertEquals(gtLtNx, h.exec("ZADD", "z", "LT", "NX", "1", "a"));
        assertEquals(new Err("ERR INCR option supports a single increment-element pair"),
                h.exec("ZADD", "z", "INCR", "1", "a", "2", "b"));
        for (String bad : new String[] {"nan", "abc", "", " 1", "1 ", "1e400", "-1e400", "1e-400", "1e", "0x"}) {
            assertEquals(NOT_FLOAT, h.exec("ZADD", "z", bad, "a"), bad);
        }
        // a bad score is reported before anything is added
        assertEquals(NOT_FLOAT, h.exec("ZADD", "z", "1", "a", "x", "b"));
        assertFalse(exists("z"));
        h.exec("SET", "s", "x");
        assertEquals(WRONGTYPE, h.exec("ZADD", "s", "1", "a"));
        assertEquals(NOT_FLOAT, h.exec("ZADD", "s", "abc", "a")); // scores are parsed before the lookup
    }

    @Test
    void scoresAcceptWhatStrtodAccepts() {
        String[][] cases = {
            {"inf", "inf"}, {"+inf", "inf"}, {"-inf", "-inf"}, {"Infinity", "inf"}, {"-INFINITY", "-inf"},
            {"0x10", "16"}, {"0x1.8p1", "3"}, {".5", "0.5"}, {"5.", "5"}, {"+5", "5"}, {"1e3", "1000"},
            {"1E-2", "0.01"}, {"1e-320", "9.9998886718268301e-321"}, {"3.0", "3"}, {"0.1", "0.10000000000000001"},
            {"1e-5", "1.0000000000000001e-05"}, {"123456789012345678", "1.2345678901234568e+17"},
            {"1.7976931348623157e308", "1.7976931348623157e+308"}, {"-0", "0"},
        };
        for (String[] c : cases) {
            h.exec("DEL", "z");
            assertEquals(1L, h.exec("ZADD", "z", c[0], "m"), c[0]);
            assertEquals("$" + c[1], trace(2, "ZSCORE", "z", "m"), c[0]);
        }
    }

    @Test
    void scoreFormattingMatchesRedis() {
        // what ZSCORE, ZRANGE WITHSCORES... send in RESP2 (%.17g) and RESP3 (a double)
        assertEquals("0.10000000000000001", DoubleFormat.g17(0.1));
        assertEquals("1.0000000000000001e-05", DoubleFormat.g17(1e-5));
        assertEquals("inf", DoubleFormat.g17(Double.POSITIVE_INFINITY));
        assertEquals("-inf", DoubleFormat.g17(Double.NEGATIVE_INFINITY));
        assertEquals("3", DoubleFormat.g17(3.0));
        assertEquals("-0", DoubleFormat.g17(-0.0));
        h.exec("ZADD", "z", "0.1", "a", "1e-5", "b", "inf", "c", "3.0", "d", "-inf", "e");
        assertEquals("*10 $e $-inf $b $1.0000000000000001e-05 $a $0.10000000000000001 $d $3 $c $inf",
                trace(2, "ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals("*5 *2 $e ,-inf *2 $b ,1.0000000000000001e-05 *2 $a ,0.10000000000000001 *2 $d ,3 *2 $c ,inf",
                trace(3, "ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void negativeZeroSurvivesOnlyInTheLargeEncoding() {
        h.exec("ZADD", "small", "-0", "m");
        assertEquals("$0", trace(2, "ZSCORE", "small", "m"));
        EngineConfig config = EngineConfig.defaults();
        config.setZsetMaxListpackEntries(0);
        EngineHarness large = new EngineHarness(config);
        large.exec("ZADD", "big", "-0", "m");
        assertEquals("$-0", ReplyTrace.trace(large, 2, "ZSCORE", "big", "m"));
        assertEquals(List.of("0", List.of("m", "-0")), large.exec("ZSCAN", "big", "0"));
    }

    // ---- ZINCRBY -----------------------------------------------------------------------------

    @Test
    void zincrbyAddsAndPropagatesAsIs() {
        assertEquals(1.5, h.exec("ZINCRBY", "z", "1.5", "a"));
        assertEquals(-1.0, h.exec("ZINCRBY", "z", "-2.5", "a"));
        assertEquals(Double.POSITIVE_INFINITY, h.exec("ZINCRBY", "z", "inf", "a"));
        assertEquals(Double.POSITIVE_INFINITY, h.exec("ZINCRBY", "z", "1", "a"));
        assertEquals(List.of(List.of("ZINCRBY", "z", "1.5", "a"), List.of("ZINCRBY", "z", "-2.5", "a"),
                List.of("ZINCRBY", "z", "inf", "a")), h.stream()); // inf + 1 changed nothing
        h.exec("ZADD", "big", "1e308", "b");
        assertEquals(Double.POSITIVE_INFINITY, h.exec("ZINCRBY", "big", "1e308", "b")); // overflow to inf is allowed
    }

    @Test
    void zincrbyErrors() {
        h.exec("ZADD", "z", "inf", "a");
        Err nan = new Err("ERR resulting score is not a number (NaN)");
        assertEquals(nan, h.exec("ZINCRBY", "z", "-inf", "a"));
        assertEquals(nan, h.exec("ZADD", "z", "INCR", "-inf", "a"));
        assertEquals(Double.POSITIVE_INFINITY, h.exec("ZSCORE", "z", "a"));
        assertEquals(NOT_FLOAT, h.exec("ZINCRBY", "z", "nan", "a"));
        assertEquals(NOT_FLOAT, h.exec("ZINCRBY", "z", "abc", "a"));
        // ZINCRBY is ZADD INCR: a first argument that names an option is taken as one
        assertEquals(SYNTAX, h.exec("ZINCRBY", "z", "nx", "a"));
        assertEquals(SYNTAX, h.exec("ZINCRBY", "z", "GT", "5"));
        assertEquals(new Err("ERR wrong number of arguments for 'zincrby' command"), h.exec("ZINCRBY", "z", "1"));
        h.exec("SET", "s", "x");
        assertEquals(WRONGTYPE, h.exec("ZINCRBY", "s", "1", "a"));
    }

    // ---- ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ---------------------------------------------

    @Test
    void zremRemovesMembersAndTheKeyWithTheLast() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals(0L, h.exec("ZREM", "z", "zz"));
        assertEquals(2L, h.exec("ZREM", "z", "a", "b", "a"));
        assertEquals(1L, h.exec("ZCARD", "z"));
        assertEquals(1L, h.exec("ZREM", "z", "c", "zz"));
        assertFalse(exists("z"));
        assertEquals(0L, h.exec("ZREM", "z", "c"));
        assertEquals(0L, h.exec("ZCARD", "z"));
        assertEquals(List.of(List.of("ZADD", "z", "1", "a", "2", "b", "3", "c"), List.of("ZREM", "z", "a", "b", "a"),
                List.of("ZREM", "z", "c", "zz")), h.stream());
    }

    @Test
    void pointReads() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3.5", "c");
        assertEquals(3.5, h.exec("ZSCORE", "z", "c"));
        assertNull(h.exec("ZSCORE", "z", "zz"));
        assertNull(h.exec("ZSCORE", "nokey", "a"));
        assertEquals(Arrays.asList(1.0, null, 3.5), h.exec("ZMSCORE", "z", "a", "zz", "c"));
        assertEquals(Arrays.asList(null, null), h.exec("ZMSCORE", "nokey", "a", "b"));
        assertEquals(0L, h.exec("ZRANK", "z", "a"));
        assertEquals(2L, h.exec("ZRANK", "z", "c"));
        assertEquals(0L, h.exec("ZREVRANK", "z", "c"));
        assertEquals(2L, h.exec("ZREVRANK", "z", "a"));
        assertNull(h.exec("ZRANK", "z", "zz"));
        assertNull(h.exec("ZREVRANK", "nokey", "a"));
        assertEquals("_", trace(3, "ZRANK", "z", "zz"));
        assertEquals("$-1", trace(2, "ZRANK", "z", "zz"));
        assertEquals("*3 ,1 _ ,3.5", trace(3, "ZMSCORE", "z", "a", "zz", "c"));
        assertEquals("*3 $1 $-1 $3.5", trace(2, "ZMSCORE", "z", "a", "zz", "c"));
        assertEquals(",3.5", trace(3, "ZSCORE", "z", "c"));
        // WITHSCORE came with 7.2: 7.0 has fixed arities
        assertEquals(new Err("ERR wrong number of arguments for 'zrank' command"), h.exec("ZRANK", "z", "a", "WITHSCORE"));
        assertEquals(new Err("ERR wrong number of arguments for 'zrevrank' command"),
                h.exec("ZREVRANK", "z", "a", "WITHSCORE"));
    }

    @Test
    void everyCommandRejectsOtherTypes() {
        h.exec("SET", "s", "x");
        h.exec("ZADD", "z", "1", "a");
        String[][] commands = {
            {"ZADD", "s", "1", "a"}, {"ZINCRBY", "s", "1", "a"}, {"ZREM", "s", "a"}, {"ZCARD", "s"},
            {"ZCOUNT", "s", "0", "1"}, {"ZLEXCOUNT", "s", "-", "+"}, {"ZSCORE", "s", "a"}, {"ZMSCORE", "s", "a"},
            {"ZRANK", "s", "a"}, {"ZREVRANK", "s", "a"}, {"ZRANGE", "s", "0", "1"}, {"ZRANGESTORE", "d", "s", "0", "1"},
            {"ZRANGEBYSCORE", "s", "0", "1"}, {"ZREVRANGEBYSCORE", "s", "1", "0"}, {"ZRANGEBYLEX", "s", "-", "+"},
            {"ZREVRANGEBYLEX", "s", "+", "-"}, {"ZREVRANGE", "s", "0", "1"}, {"ZREMRANGEBYRANK", "s", "0", "1"},
            {"ZREMRANGEBYSCORE", "s", "0", "1"}, {"ZREMRANGEBYLEX", "s", "-", "+"}, {"ZPOPMIN", "s"},
            {"ZPOPMAX", "s", "0"}, {"ZMPOP", "1", "s", "MIN"}, {"ZMPOP", "2", "nokey", "s", "MAX"},
            {"ZRANDMEMBER", "s"}, {"ZRANDMEMBER", "s", "0"}, {"ZUNION", "2", "z", "s"}, {"ZINTER", "2", "nokey", "s"},
            {"ZDIFF", "2", "s", "z"}, {"ZUNIONSTORE", "d", "2", "z", "s"}, {"ZINTERSTORE", "d", "1", "s"},
            {"ZDIFFSTORE", "d", "1", "s"}, {"ZINTERCARD", "2", "z", "s"}, {"ZSCAN", "s", "0"},
            // the inputs are checked before the options are read
            {"ZUNION", "2", "z", "s", "WEIGHTS", "x"},
        };
        for (String[] c : commands) {
            assertEquals(WRONGTYPE, h.exec(c), String.join(" ", c));
        }
        assertEquals("x", h.exec("GET", "s"));
        assertFalse(exists("d"));
        // ZMPOP stops at the first sorted set and never looks at the string
        assertEquals(List.of("z", List.of(List.of("a", 1.0))), h.exec("ZMPOP", "2", "z", "s", "MIN"));
    }

    @Test
    void typeAndEncodings() {
        h.exec("ZADD", "z", "1", "a");
        assertEquals("zset", h.exec("TYPE", "z"));
        assertEquals("listpack", h.exec("OBJECT", "ENCODING", "z"));
        fill("big", 129);
        assertEquals("skiplist", h.exec("OBJECT", "ENCODING", "big"));
        h.exec("ZADD", "long", "1", "x".repeat(65));
        assertEquals("skiplist", encoding("long"));
        h.exec("ZADD", "edge", "1", "x".repeat(64));
        assertEquals("listpack", encoding("edge"));
        fill("f", 128);
        assertEquals("listpack", encoding("f"));
        h.exec("ZADD", "f", "5", "m0");
        assertEquals("listpack", encoding("f"));
        h.exec("ZADD", "f", "5", "m128");
        assertEquals("skiplist", encoding("f"));
        h.exec("ZREMRANGEBYRANK", "f", "0", "100");
        assertEquals("skiplist", encoding("f")); // never back
        // COPY keeps the encoding and the contents
        assertEquals(1L, h.exec("COPY", "big", "big2"));
        assertEquals(h.exec("ZRANGE", "big", "0", "-1", "WITHSCORES"), h.exec("ZRANGE", "big2", "0", "-1", "WITHSCORES"));
    }

    @Test
    void configuredLimitsDecideTheEncoding() {
        EngineConfig config = EngineConfig.defaults();
        config.setZsetMaxListpackEntries(3);
        config.setZsetMaxListpackValue(2);
        EngineHarness small = new EngineHarness(config);
        small.exec("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals("listpack", small.exec("OBJECT", "ENCODING", "z"));
        small.exec("ZADD", "z", "4", "d");
        assertEquals("skiplist", small.exec("OBJECT", "ENCODING", "z"));
        small.exec("ZADD", "y", "1", "abc");
        assertEquals("skiplist", small.exec("OBJECT", "ENCODING", "y"));
    }

    // ---- ZCOUNT ZLEXCOUNT --------------------------------------------------------------------

    @Test
    void zcountWithOpenAndClosedBounds() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(5L, h.exec("ZCOUNT", "z", "-inf", "+inf"));
        assertEquals(3L, h.exec("ZCOUNT", "z", "2", "4"));
        assertEquals(1L, h.exec("ZCOUNT", "z", "(2", "(4"));
        assertEquals(0L, h.exec("ZCOUNT", "z", "4", "2"));
        assertEquals(0L, h.exec("ZCOUNT", "z", "(3", "3"));
        assertEquals(1L, h.exec("ZCOUNT", "z", "3", "3"));
        assertEquals(0L, h.exec("ZCOUNT", "nokey", "0", "1"));
        // strtod reads the bound: spaces before it, hexadecimal, overflow to infinity; "" and "(" read as 0
        assertEquals(4L, h.exec("ZCOUNT", "z", " 2", "5"));
        assertEquals(5L, h.exec("ZCOUNT", "z", "0x1", "5"));
        assertEquals(5L, h.exec("ZCOUNT", "z", "-1e400", "1e400"));
        assertEquals(5L, h.exec("ZCOUNT", "z", "", "5"));
        assertEquals(5L, h.exec("ZCOUNT", "z", "(", "5"));
        assertEquals(0L, h.exec("ZCOUNT", "z", "-inf", "("));
        assertEquals(1L, h.exec("ZCOUNT", "z", new String(new byte[] {'1', 0, 'x'}, StandardCharsets.UTF_8), "1"));
        for (String bad : new String[] {"x", "1 ", "nan", "(nan", "((1", "  ", "1e"}) {
            assertEquals(RANGE_NOT_FLOAT, h.exec("ZCOUNT", "z", bad, "5"), bad);
            assertEquals(RANGE_NOT_FLOAT, h.exec("ZCOUNT", "z", "0", bad), bad);
        }
        assertEquals(RANGE_NOT_FLOAT, h.exec("ZCOUNT", "nokey", "x", "2")); // parsed before the lookup
    }

    @Test
    void zlexcount() {
        h.exec("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e");
        assertEquals(5L, h.exec("ZLEXCOUNT", "z", "-", "+"));
        assertEquals(3L, h.exec("ZLEXCOUNT", "z", "[b", "[d"));
        assertEquals(1L, h.exec("ZLEXCOUNT", "z", "(b", "(d"));
        assertEquals(5L, h.exec("ZLEXCOUNT", "z", "(", "+")); // "(" is the empty string, excluded
        assertEquals(5L, h.exec("ZLEXCOUNT", "z", "[", "+"));
        assertEquals(0L, h.exec("ZLEXCOUNT", "z", "+", "-"));
        assertEquals(0L, h.exec("ZLEXCOUNT", "z", "-", "-"));
        assertEquals(0L, h.exec("ZLEXCOUNT", "z", "[c", "(c"));
        assertEquals(1L, h.exec("ZLEXCOUNT", "z", "[c", "[c"));
        assertEquals(0L, h.exec("ZLEXCOUNT", "nokey", "-", "+"));
        for (String bad : new String[] {"a", "", "+x", "-x"}) {
            assertEquals(RANGE_NOT_LEX, h.exec("ZLEXCOUNT", "z", bad, "+"), bad);
        }
        assertEquals(RANGE_NOT_LEX, h.exec("ZLEXCOUNT", "nokey", "x", "+"));
    }

    @Test
    void compactLexRangesFollowRedisListpackWalksWithMixedScores() {
        // checked against redis-server 7.0.15: ZADD lx 0 b 5 a 0 c 1 z 0 d
        h.exec("ZADD", "lx", "0", "b", "5", "a", "0", "c", "1", "z", "0", "d");
        assertEquals(List.of("b", "c", "d", "z", "a"), h.exec("ZRANGEBYLEX", "lx", "-", "+"));
        assertEquals(List.of("b", "c", "d", "z", "a"), h.exec("ZRANGEBYLEX", "lx", "[a", "+"));
        assertEquals(List.of(), h.exec("ZRANGEBYLEX", "lx", "[b", "[d"));
        assertEquals(0L, h.exec("ZLEXCOUNT", "lx", "[b", "[d"));
        assertEquals(List.of("a", "z", "d", "c", "b"), h.exec("ZREVRANGEBYLEX", "lx", "[z", "[a"));
        assertEquals(List.of("b"), h.exec("ZRANGEBYLEX", "lx", "-", "[b"));
        assertEquals(List.of("c", "d"), h.exec("ZRANGEBYLEX", "lx", "-", "+", "LIMIT", "1", "2"));
        assertEquals(0L, h.exec("ZREMRANGEBYLEX", "lx", "[c", "[z"));
    }

    // ---- ZRANGE and friends ------------------------------------------------------------------

    @Test
    void zrangeByRank() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(List.of("a", "b", "c", "d", "e"), h.exec("ZRANGE", "z", "0", "-1"));
        assertEquals(List.of("b", "c"), h.exec("ZRANGE", "z", "1", "2"));
        assertEquals(List.of("d", "e"), h.exec("ZRANGE", "z", "-2", "100"));
        assertEquals(List.of("a", "b", "c", "d", "e"), h.exec("ZRANGE", "z", "-100", "100"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "2", "1"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "5", "10"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "3", "-4"));
        assertEquals(List.of("e", "d"), h.exec("ZRANGE", "z", "0", "1", "REV"));
        assertEquals(List.of("e", 5.0, "d", 4.0), h.exec("ZREVRANGE", "z", "0", "1", "WITHSCORES"));
        assertEquals(List.of("a", 1.0, "b", 2.0), h.exec("ZRANGE", "z", "0", "1", "WITHSCORES", "WITHSCORES"));
        assertEquals(List.of(), h.exec("ZRANGE", "nokey", "0", "-1"));
        // an explicit LIMIT count of -1 passes the check and is ignored, offset and all
        assertEquals(List.of("a", "b", "c", "d", "e"), h.exec("ZRANGE", "z", "0", "-1", "LIMIT", "5", "-1"));
    }

    @Test
    void zrangeByScore() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(List.of("a", "b", "c"), h.exec("ZRANGE", "z", "1", "3", "BYSCORE"));
        assertEquals(List.of("b", "c"), h.exec("ZRANGE", "z", "(1", "3", "BYSCORE"));
        assertEquals(List.of("c", "b", "a"), h.exec("ZRANGE", "z", "3", "1", "BYSCORE", "REV"));
        assertEquals(List.of("b", 2.0), h.exec("ZRANGE", "z", "(3", "(1", "BYSCORE", "REV", "WITHSCORES"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "0", "-1", "BYSCORE"));
        assertEquals(List.of("b", "c", "d", "e"), h.exec("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "5", "2"));
        assertEquals(List.of(), h.exec("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"));
        assertEquals(List.of("c"), h.exec("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "1"));
        assertEquals(List.of("a", 1.0, "b", 2.0), h.exec("ZRANGEBYSCORE", "z", "1", "3", "WITHSCORES", "LIMIT", "0", "2"));
        assertEquals(List.of("a", 1.0, "b", 2.0), h.exec("ZRANGEBYSCORE", "z", "1", "3", "LIMIT", "0", "2", "WITHSCORES"));
        assertEquals(List.of("c", "b", "a"), h.exec("ZREVRANGEBYSCORE", "z", "3", "1"));
        assertEquals(List.of(), h.exec("ZREVRANGEBYSCORE", "z", "1", "3"));
        assertEquals(List.of("b", 2.0), h.exec("ZREVRANGEBYSCORE", "z", "3", "1", "LIMIT", "1", "1", "WITHSCORES"));
        assertEquals(List.of("d", "c", "b"), h.exec("ZREVRANGEBYSCORE", "z", "(5", "(1"));
        assertEquals(List.of("c", "b", "a"), h.exec("ZREVRANGEBYSCORE", "z", "3", "-inf", "LIMIT", "0", "-5"));
    }

    @Test
    void zrangeByLex() {
        h.exec("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e");
        assertEquals(List.of("a", "b", "c", "d", "e"), h.exec("ZRANGE", "z", "-", "+", "BYLEX"));
        assertEquals(List.of("b", "c"), h.exec("ZRANGE", "z", "[b", "(d", "BYLEX"));
        assertEquals(List.of("e", "d", "c", "b", "a"), h.exec("ZRANGE", "z", "+", "-", "BYLEX", "REV"));
        assertEquals(List.of("c", "b", "a"), h.exec("ZRANGE", "z", "[c", "[a", "BYLEX", "REV"));
        assertEquals(List.of("b", "a"), h.exec("ZRANGE", "z", "(c", "-", "BYLEX", "REV", "LIMIT", "0", "5"));
        assertEquals(List.of("b"), h.exec("ZRANGE", "z", "[a", "[c", "BYLEX", "LIMIT", "1", "1"));
        assertEquals(List.of("b", "c"), h.exec("ZRANGEBYLEX", "z", "-", "+", "LIMIT", "1", "2"));
        assertEquals(List.of("d", "c"), h.exec("ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", "1", "2"));
        assertEquals(List.of(), h.exec("ZREVRANGEBYLEX", "z", "-", "+"));
        assertEquals(List.of(), h.exec("ZRANGEBYLEX", "z", "-", "+", "LIMIT", "-1", "2"));
        assertEquals(RANGE_NOT_LEX, h.exec("ZRANGE", "z", "0", "-1", "BYLEX"));
    }

    @Test
    void zrangeOptionErrors() {
        h.exec("ZADD", "z", "1", "a", "2", "b");
        assertEquals(new Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"),
                h.exec("ZRANGE", "z", "0", "-1", "LIMIT", "0", "2"));
        assertEquals(new Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"),
                h.exec("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"));
        assertEquals(new Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"),
                h.exec("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"));
        assertEquals(SYNTAX, h.exec("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"));
        assertEquals(SYNTAX, h.exec("ZRANGE", "z", "0", "1", "BYSCORE", "BYSCORE"));
        assertEquals(SYNTAX, h.exec("ZRANGE", "z", "0", "1", "REV", "REV"));
        assertEquals(SYNTAX, h.exec("ZRANGE", "z", "0", "1", "FOO"));
        assertEquals(SYNTAX, h.exec("ZRANGE", "z", "0", "1", "LIMIT", "0"));
        assertEquals(NOT_INTEGER, h.exec("ZRANGE", "z", "0", "1", "LIMIT", "a", "b"));
        assertEquals(NOT_INTEGER, h.exec("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "1", "a"));
        assertEquals(NOT_INTEGER, h.exec("ZRANGE", "z", "a", "b"));
        assertEquals(NOT_INTEGER, h.exec("ZRANGE", "nokey", "x", "y"));
        assertEquals(RANGE_NOT_FLOAT, h.exec("ZRANGE", "z", "x", "1", "BYSCORE"));
        assertEquals(RANGE_NOT_FLOAT, h.exec("ZRANGE", "nokey", "1", "x", "BYSCORE"));
        // the older commands have their range type and direction fixed
        assertEquals(SYNTAX, h.exec("ZRANGEBYSCORE", "z", "1", "3", "REV"));
        assertEquals(SYNTAX, h.exec("ZRANGEBYSCORE", "z", "1", "3", "BYSCORE"));
        assertEquals(SYNTAX, h.exec("ZRANGEBYSCORE", "z", "1", "3", "LIMIT", "1"));
        assertEquals(SYNTAX, h.exec("ZREVRANGE", "z", "0", "1", "FOO"));
        assertEquals(SYNTAX, h.exec("ZREVRANGE", "z", "0", "1", "REV"));
        assertEquals(new Err("ERR wrong number of arguments for 'zrange' command"), h.exec("ZRANGE", "z", "0"));
    }

    @Test
    void rangeRepliesInResp3() {
        h.exec("ZADD", "z", "1", "a", "2.5", "b");
        assertEquals("*2 *2 $a ,1 *2 $b ,2.5", trace(3, "ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals("*4 $a $1 $b $2.5", trace(2, "ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals("*2 $a $b", trace(3, "ZRANGE", "z", "0", "-1"));
        assertEquals("*2 *2 $b ,2.5 *2 $a ,1", trace(3, "ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES"));
        assertEquals("*1 *2 $b ,2.5", trace(3, "ZREVRANGE", "z", "0", "0", "WITHSCORES"));
        assertEquals("*0", trace(3, "ZRANGE", "nokey", "0", "-1", "WITHSCORES"));
    }

    @Test
    void resp3ClientsGetPairsAndDoubles() {
        h.useProtocol(3);
        h.exec("ZADD", "z", "1", "a", "2", "b");
        assertEquals(List.of(List.of("a", 1.0), List.of("b", 2.0)), h.exec("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals(List.of(List.of("b", 2.0)), h.exec("ZRANGEBYSCORE", "z", "(1", "+inf", "WITHSCORES"));
        assertEquals(List.of(List.of("a", 1.0), List.of("b", 2.0)), h.exec("ZUNION", "1", "z", "WITHSCORES"));
        assertEquals(List.of("a", 1.0), h.exec("ZPOPMIN", "z"));
        assertEquals(List.of(List.of("b", 2.0)), h.exec("ZPOPMAX", "z", "5"));
        assertEquals(List.of(), h.exec("ZPOPMAX", "z", "5"));
    }

    @Test
    void zrangestoreStoresTheSelectionAndDeletesOnEmpty() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(2L, h.exec("ZRANGESTORE", "d", "z", "0", "1"));
        assertEquals(List.of("a", 1.0, "b", 2.0), h.exec("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals(3L, h.exec("ZRANGESTORE", "d", "z", "+inf", "(1", "BYSCORE", "REV", "LIMIT", "1", "3"));
        assertEquals(List.of("b", "c", "d"), h.exec("ZRANGE", "d", "0", "-1"));
        assertEquals(2L, h.exec("ZRANGESTORE", "d", "z", "[d", "+", "BYLEX"));
        assertEquals(1L, h.exec("ZRANGESTORE", "d", "z", "0", "0", "REV"));
        assertEquals(List.of("e"), h.exec("ZRANGE", "d", "0", "-1"));
        // the destination is replaced whatever it held, TTL included
        h.exec("SET", "s", "x", "EX", "100");
        assertEquals(5L, h.exec("ZRANGESTORE", "s", "z", "0", "-1"));
        assertEquals("zset", h.exec("TYPE", "s"));
        assertEquals(-1L, h.exec("TTL", "s"));
        // storing into the source itself
        assertEquals(2L, h.exec("ZRANGESTORE", "s", "s", "1", "2"));
        assertEquals(List.of("b", "c"), h.exec("ZRANGE", "s", "0", "-1"));
        h.clearStream();
        assertEquals(0L, h.exec("ZRANGESTORE", "d", "z", "10", "20"));
        assertFalse(exists("d"));
        assertEquals(0L, h.exec("ZRANGESTORE", "d", "nokey", "0", "-1"));
        assertEquals(List.of(List.of("ZRANGESTORE", "d", "z", "10", "20")), h.stream()); // only the deletion
        assertEquals(SYNTAX, h.exec("ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES"));
        assertEquals(new Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"),
                h.exec("ZRANGESTORE", "d", "z", "0", "-1", "LIMIT", "0", "1"));
        assertEquals(new Err("ERR wrong number of arguments for 'zrangestore' command"),
                h.exec("ZRANGESTORE", "d", "z", "0"));
    }

    @Test
    void storedResultsTakeTheEncodingTheirSizeCalls() {
        fill("big", 200);
        assertEquals(10L, h.exec("ZRANGESTORE", "d", "big", "0", "9"));
        assertEquals("listpack", encoding("d"));
        assertEquals(129L, h.exec("ZRANGESTORE", "d", "big", "0", "128"));
        assertEquals("skiplist", encoding("d"));
        assertEquals(128L, h.exec("ZRANGESTORE", "d", "big", "0", "127"));
        assertEquals("listpack", encoding("d"));
        assertEquals(200L, h.exec("ZUNIONSTORE", "d", "1", "big"));
        assertEquals("skiplist", encoding("d"));
        h.exec("ZREMRANGEBYRANK", "d", "10", "-1");
        assertEquals(10L, h.exec("ZUNIONSTORE", "d", "1", "d"));
        assertEquals("listpack", encoding("d"));
        h.exec("ZADD", "long", "1", "x".repeat(65));
        assertEquals(1L, h.exec("ZUNIONSTORE", "d", "1", "long"));
        assertEquals("skiplist", encoding("d"));
    }

    // ---- range removal -----------------------------------------------------------------------

    @Test
    void zremrangebyrank() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(2L, h.exec("ZREMRANGEBYRANK", "z", "-2", "-1"));
        assertEquals(List.of("a", "b", "c"), h.exec("ZRANGE", "z", "0", "-1"));
        assertEquals(0L, h.exec("ZREMRANGEBYRANK", "z", "2", "1"));
        assertEquals(0L, h.exec("ZREMRANGEBYRANK", "z", "5", "6"));
        assertEquals(1L, h.exec("ZREMRANGEBYRANK", "z", "-100", "0"));
        assertEquals(2L, h.exec("ZREMRANGEBYRANK", "z", "0", "100"));
        assertFalse(exists("z"));
        assertEquals(0L, h.exec("ZREMRANGEBYRANK", "z", "0", "-1"));
        assertEquals(NOT_INTEGER, h.exec("ZREMRANGEBYRANK", "z", "x", "1"));
        assertEquals(List.of(List.of("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"),
                List.of("ZREMRANGEBYRANK", "z", "-2", "-1"), List.of("ZREMRANGEBYRANK", "z", "-100", "0"),
                List.of("ZREMRANGEBYRANK", "z", "0", "100")), h.stream());
    }

    @Test
    void zremrangebyscoreAndBylex() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(1L, h.exec("ZREMRANGEBYSCORE", "z", "1", "1"));
        assertEquals(2L, h.exec("ZREMRANGEBYSCORE", "z", "(2", "(5"));
        assertEquals(List.of("b", "e"), h.exec("ZRANGE", "z", "0", "-1"));
        assertEquals(0L, h.exec("ZREMRANGEBYSCORE", "z", "10", "20"));
        assertEquals(RANGE_NOT_FLOAT, h.exec("ZREMRANGEBYSCORE", "nokey", "x", "1"));
        h.exec("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d");
        assertEquals(2L, h.exec("ZREMRANGEBYLEX", "l", "(a", "[c"));
        assertEquals(List.of("a", "d"), h.exec("ZRANGE", "l", "0", "-1"));
        assertEquals(2L, h.exec("ZREMRANGEBYLEX", "l", "-", "+"));
        assertFalse(exists("l"));
        assertEquals(RANGE_NOT_LEX, h.exec("ZREMRANGEBYLEX", "nokey", "x", "1"));
    }

    @Test
    void rangeRemovalOnALargeSet() {
        fill("z", 1000);
        assertEquals("skiplist", encoding("z"));
        assertEquals(100L, h.exec("ZREMRANGEBYSCORE", "z", "100", "(200"));
        assertEquals(100L, h.exec("ZREMRANGEBYRANK", "z", "0", "99"));
        assertEquals(800L, h.exec("ZCARD", "z"));
        assertEquals(List.of("m200", "m201"), h.exec("ZRANGE", "z", "0", "1"));
        assertEquals(800L, h.exec("ZREMRANGEBYRANK", "z", "0", "-1"));
        assertFalse(exists("z"));
    }

    // ---- pops --------------------------------------------------------------------------------

    @Test
    void zpopminAndZpopmax() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(List.of("a", 1.0), h.exec("ZPOPMIN", "z"));
        assertEquals(List.of("e", 5.0, "d", 4.0), h.exec("ZPOPMAX", "z", "2"));
        assertEquals(List.of(), h.exec("ZPOPMAX", "z", "0"));
        assertEquals(List.of("b", 2.0, "c", 3.0), h.exec("ZPOPMIN", "z", "10"));
        assertFalse(exists("z"));
        assertEquals(List.of(), h.exec("ZPOPMIN", "z"));
        assertEquals(List.of(), h.exec("ZPOPMIN", "z", "3"));
        assertEquals(List.of(List.of("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"),
                List.of("ZPOPMIN", "z"), List.of("ZPOPMAX", "z", "2"), List.of("ZPOPMIN", "z", "10")), h.stream());
        Err positive = new Err("ERR value is out of range, must be positive");
        assertEquals(positive, h.exec("ZPOPMIN", "z", "-1"));
        assertEquals(positive, h.exec("ZPOPMIN", "z", "x"));
        assertEquals(SYNTAX, h.exec("ZPOPMIN", "z", "1", "2"));
    }

    @Test
    void popRepliesInResp3() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals("*2 $a ,1", trace(3, "ZPOPMIN", "z")); // the single pop stays flat
        assertEquals("*1 *2 $c ,3", trace(3, "ZPOPMAX", "z", "1"));
        assertEquals("*2 $b $2", trace(2, "ZPOPMIN", "z", "1"));
        assertEquals("*0", trace(3, "ZPOPMIN", "nokey"));
        assertEquals("*0", trace(3, "ZPOPMIN", "nokey", "2"));
        h.exec("ZADD", "z", "1", "a", "2", "b");
        assertEquals("*2 $z *1 *2 $a ,1", trace(3, "ZMPOP", "1", "z", "MIN"));
        assertEquals("*2 $z *1 *2 $b $2", trace(2, "ZMPOP", "1", "z", "MIN")); // nested in RESP2 too
        assertEquals("_", trace(3, "ZMPOP", "1", "nokey", "MIN"));
        assertEquals("*-1", trace(2, "ZMPOP", "1", "nokey", "MIN"));
    }

    @Test
    void zmpopPopsFromTheFirstNonEmptyKeyAndPropagatesAsZpop() {
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        h.exec("ZADD", "y", "1", "x");
        h.clearStream();
        assertEquals(List.of("z", List.of(List.of("a", 1.0))), h.exec("ZMPOP", "2", "nokey", "z", "MIN"));
        assertEquals(List.of("z", List.of(List.of("e", 5.0), List.of("d", 4.0))),
                h.exec("ZMPOP", "2", "z", "y", "max", "COUNT", "2"));
        assertEquals(List.of("z", List.of(List.of("b", 2.0), List.of("c", 3.0))),
                h.exec("ZMPOP", "1", "z", "MIN", "count", "10"));
        assertFalse(exists("z"));
        assertEquals(List.of("y", List.of(List.of("x", 1.0))), h.exec("ZMPOP", "2", "z", "y", "MIN"));
        assertNull(h.exec("ZMPOP", "2", "z", "y", "MIN"));
        // propagated as ZPOPMIN/ZPOPMAX with the number actually popped
        assertEquals(List.of(List.of("ZPOPMIN", "z", "1"), List.of("ZPOPMAX", "z", "2"), List.of("ZPOPMIN", "z", "2"),
                List.of("ZPOPMIN", "y", "1")), h.stream());
    }

    @Test
    void zmpopErrors() {
        h.exec("ZADD", "z", "1", "a");
        assertEquals(new Err("ERR wrong number of arguments for 'zmpop' command"), h.exec("ZMPOP", "1", "z"));
        Err numkeys = new Err("ERR numkeys should be greater than 0");
        assertEquals(numkeys, h.exec("ZMPOP", "0", "z", "MIN"));
        assertEquals(numkeys, h.exec("ZMPOP", "-1", "z", "MIN"));
        assertEquals(numkeys, h.exec("ZMPOP", "x", "z", "MIN"));
        assertEquals(SYNTAX, h.exec("ZMPOP", "2", "z", "MIN"));
        assertEquals(SYNTAX, h.exec("ZMPOP", "9223372036854775807", "z", "MIN"));
        assertEquals(SYNTAX, h.exec("ZMPOP", "1", "z", "MID"));
        Err count = new Err("ERR count should be greater than 0");
        assertEquals(count, h.exec("ZMPOP", "1", "z", "MIN", "COUNT", "0"));
        assertEquals(count, h.exec("ZMPOP", "1", "z", "MIN", "COUNT", "-1"));
        assertEquals(count, h.exec("ZMPOP", "1", "z", "MIN", "COUNT", "x"));
        assertEquals(SYNTAX, h.exec("ZMPOP", "1", "z", "MIN", "COUNT"));
        assertEquals(SYNTAX, h.exec("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "2"));
        assertEquals(SYNTAX, h.exec("ZMPOP", "1", "z", "MIN", "FOO", "1"));
        assertEquals(1L, h.exec("ZCARD", "z"));
    }

    /** The pop worker as BZPOPMIN will call it: key first, flat, propagated as ZPOPMIN key. */
    @Test
    void popWorkerServesTheBlockingForms() {
        CommandSpec bzpopmin = CommandSpec.builder("testbzpopmin").arity(-2).flags(CommandFlag.WRITE)
                .key(KeySpec.range(1, -1, 1, "RW", "ACCESS", "DELETE")).group("sorted-set")
                .handler((ctx, argv, out) -> {
                    if (!SortedSetCommands.popFirstExisting(ctx, argv, 1, argv.length - 1, false, -1, true, false, true,
                            out)) {
                        out.nullArray(); // where the real command blocks
                    }
                }).build();
        Engine engine = new Engine(EngineConfig.defaults(), new FakeClock(), List.of(bzpopmin));
        CommandContext ctx = new CommandContext(engine, 1, true);
        List<String> stream = new ArrayList<>();
        engine.writeStream().subscribe((offset, db, argv) -> {
            for (byte[] a : argv) {
                stream.add(new String(a, StandardCharsets.UTF_8));
            }
        });
        Function<String[], Object> run = args -> {
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                argv[i] = Bytes.utf8(args[i]);
            }
            ReplyRecorder out = new ReplyRecorder(2);
            engine.lock().lock();
            try {
                engine.dispatcher().execute(ctx, argv, out);
            } finally {
                engine.lock().unlock();
            }
            return out.take();
        };
        run.apply(new String[] {"ZADD", "z", "1", "a", "2", "b"});
        stream.clear();
        assertEquals(List.of("z", "a", 1.0), run.apply(new String[] {"TESTBZPOPMIN", "nokey", "z"}));
        assertEquals(List.of("ZPOPMIN", "z"), stream);
        assertNull(run.apply(new String[] {"TESTBZPOPMIN", "nokey"}));
    }

    @Test
    void popsFromALargeSet() {
        fill("z", 300);
        assertEquals(List.of("m0", 0.0, "m1", 1.0), h.exec("ZPOPMIN", "z", "2"));
        assertEquals(List.of("m299", 299.0), h.exec("ZPOPMAX", "z"));
        assertEquals(297L, h.exec("ZCARD", "z"));
        assertEquals(2L, h.exec("ZRANK", "z", "m4"));
        List<?> all = (List<?>) h.exec("ZPOPMAX", "z", "1000");
        assertEquals(594, all.size());
        assertEquals("m298", all.get(0));
        assertFalse(exists("z"));
    }

    // ---- ZRANDMEMBER -------------------------------------------------------------------------

    @Test
    void zrandmember() {
        assertNull(h.exec("ZRANDMEMBER", "nokey"));
        assertEquals(List.of(), h.exec("ZRANDMEMBER", "nokey", "3"));
        assertEquals(List.of(), h.exec("ZRANDMEMBER", "nokey", "0"));
        h.exec("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertTrue(Set.of("a", "b", "c").contains((String) h.exec("ZRANDMEMBER", "z")));
        assertEquals(List.of(), h.exec("ZRANDMEMBER", "z", "0"));
        assertEquals(List.of(), h.exec("ZRANDMEMBER", "z", "0", "WITHSCORES"));
        List<?> distinct = (List<?>) h.exec("ZRANDMEMBER", "z", "2");
        assertEquals(2, new HashSet<>(distinct).size());
        assertEquals(Set.of("a", "b", "c"), new HashSet<>((List<?>) h.exec("ZRANDMEMBER", "z", "10")));
        List<?> repeats = (List<?>) h.exec("ZRANDMEMBER", "z", "-10");
        assertEquals(10, repeats.size());
        assertTrue(Set.of("a", "b", "c").containsAll(repeats));
        List<?> withScores = (List<?>) h.exec("ZRANDMEMBER", "z", "-4", "WITHSCORES");
        assertEquals(8, withScores.size());
        for (int i = 0; i < withScores.size(); i += 2) {
            assertEquals(h.exec("ZSCORE", "z", (String) withScores.get(i)), withScores.get(i + 1));
        }
        assertTrue(trace(3, "ZRANDMEMBER", "z", "1", "WITHSCORES").matches("\\*1 \\*2 \\$[abc] ,[123]"));
        assertTrue(trace(2, "ZRANDMEMBER", "z", "1", "WITHSCORES").matches("\\*2 \\$[abc] \\$[123]"));
        assertEquals("_", trace(3, "ZRANDMEMBER", "nokey"));
        assertEquals(List.of(List.of("ZADD", "z", "1", "a", "2", "b", "3", "c")), h.stream()); // read-only
    }

    @Test
    void zrandmemberOnALargeSet() {
        fill("z", 1000);
        for (String count : new String[] {"10", "400", "999", "1000", "5000"}) {
            List<?> got = (List<?>) h.exec("ZRANDMEMBER", "z", count, "WITHSCORES");
            Map<String, Double> pairs = new HashMap<>();
            for (int i = 0; i < got.size(); i += 2) {
                assertNull(pairs.put((String) got.get(i), (Double) got.get(i + 1)), "distinct members");
            }
            assertEquals(Math.min(1000, Integer.parseInt(count)), pairs.size());
            for (Map.Entry<String, Double> e : pairs.entrySet()) {
                assertEquals(Double.parseDouble(e.getKey().substring(1)), e.getValue());
            }
        }
        assertEquals(3000, ((List<?>) h.exec("ZRANDMEMBER", "z", "-3000")).size());
    }

    @Test
    void zrandmemberErrors() {
        h.exec("ZADD", "z", "1", "a");
        assertEquals(NOT_INTEGER, h.exec("ZRANDMEMBER", "z", "x"));
        assertEquals(NOT_INTEGER, h.exec("ZRANDMEMBER", "nokey", "x"));
        assertEquals(SYNTAX, h.exec("ZRANDMEMBER", "z", "1", "foo"));
        assertEquals(SYNTAX, h.exec("ZRANDMEMBER", "z", "1", "WITHSCORES", "x"));
        assertEquals(new Err("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
                h.exec("ZRANDMEMBER", "z", "-9223372036854775808"));
        Err range = new Err("ERR value is out of range");
        assertEquals(range, h.exec("ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"));
        assertEquals(range, h.exec("ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"));
        assertEquals(List.of("a", 1.0), h.exec("ZRANDMEMBER", "z", "4611686018427387903", "WITHSCORES"));
    }

    // ---- ZUNION ZINTER ZDIFF ------------------------------------------------------------------

    @Test
    void unionInterDiff() {
        h.exec("ZADD", "k", "1", "a", "2", "b", "3", "c");
        h.exec("ZADD", "k2", "10", "b", "20", "c", "30", "d");
        assertEquals(List.of("a", 1.0, "b", 12.0, "c", 23.0, "d", 30.0), h.exec("ZUNION", "2", "k", "k2", "WITHSCORES"));
        assertEquals(List.of("a", "b", "c", "d"), h.exec("ZUNION", "2", "k", "k2"));
        assertEquals(List.of("a", 2.0, "b", 30.0, "c", 60.0, "d", 90.0),
                h.exec("ZUNION", "2", "k", "k2", "WEIGHTS", "2", "3", "AGGREGATE", "MAX", "WITHSCORES"));
        assertEquals(List.of("b", 2.0, "c", 3.0),
                h.exec("ZINTER", "2", "k", "k2", "AGGREGATE", "min", "WITHSCORES"));
        assertEquals(List.of("b", 12.0, "c", 23.0), h.exec("ZINTER", "2", "k", "k2", "WITHSCORES", "WITHSCORES"));
        assertEquals(List.of("a", 1.0), h.exec("ZDIFF", "2", "k", "k2", "WITHSCORES"));
        assertEquals(List.of("d"), h.exec("ZDIFF", "2", "k2", "k"));
        assertEquals(List.of(), h.exec("ZINTER", "2", "k", "nokey"));
        assertEquals(List.of("a", "b", "c"), h.exec("ZUNION", "2", "k", "nokey"));
        assertEquals(List.of(), h.exec("ZDIFF", "2", "nokey", "k"));
        assertEquals(List.of(), h.exec("ZUNION", "1", "nokey", "WITHSCORES"));
        // the same key twice
        assertEquals(List.of("a", 2.0, "b", 4.0, "c", 6.0), h.exec("ZINTER", "2", "k", "k", "WITHSCORES"));
        assertEquals(List.of(), h.exec("ZDIFF", "2", "k", "k"));
        assertEquals("*4 *2 $a ,1 *2 $b ,12 *2 $c ,23 *2 $d ,30", trace(3, "ZUNION", "2", "k", "k2", "WITHSCORES"));
        assertEquals("*2 *2 $b ,12 *2 $c ,23", trace(3, "ZINTER", "2", "k", "k2", "WITHSCORES"));
        assertEquals(List.of(List.of("ZADD", "k", "1", "a", "2", "b", "3", "c"),
                List.of("ZADD", "k2", "10", "b", "20", "c", "30", "d")), h.stream()); // reads propagate nothing
    }

    @Test
    void plainSetsCountWithScoreOne() {
        h.exec("ZADD", "k", "1", "a", "2", "b", "3", "c");
        h.engine().keyspace().db(0).set(Bytes.utf8("s"), new PlainSet("a", "b", "x"));
        assertEquals(List.of("x", 1.0, "a", 2.0, "b", 3.0, "c", 3.0), h.exec("ZUNION", "2", "k", "s", "WITHSCORES"));
        assertEquals(List.of("a", 1.0, "b", 1.0), h.exec("ZINTER", "2", "k", "s", "AGGREGATE", "MIN", "WITHSCORES"));
        assertEquals(List.of("x", 1.0), h.exec("ZDIFF", "2", "s", "k", "WITHSCORES"));
        assertEquals(2L, h.exec("ZINTERCARD", "2", "s", "k"));
        assertEquals(2L, h.exec("ZINTERSTORE", "d", "2", "k", "s", "WEIGHTS", "1", "10"));
        assertEquals(List.of("a", 11.0, "b", 12.0), h.exec("ZRANGE", "d", "0", "-1", "WITHSCORES"));
    }

    @Test
    void weightsAndAggregatesFollowRedisNanRules() {
        h.exec("ZADD", "k", "0", "a", "1", "b");
        h.exec("ZADD", "k2", "1", "a");
        // weight * score = NaN (0 * inf) counts as 0; a sum inf + -inf is 0; MIN and MAX skip nothing
        assertEquals(List.of("a", Double.NEGATIVE_INFINITY, "b", Double.POSITIVE_INFINITY),
                h.exec("ZUNION", "2", "k", "k2", "WEIGHTS", "inf", "-inf", "WITHSCORES"));
        assertEquals(List.of("a", 0.0), h.exec("ZINTER", "2", "k", "k2", "WEIGHTS", "inf", "-inf", "WITHSCORES"));
        assertEquals(List.of("a", 0.0, "b", Double.POSITIVE_INFINITY),
                h.exec("ZUNION", "2", "k", "k2", "WEIGHTS", "inf", "-inf", "AGGREGATE", "MAX", "WITHSCORES"));
        h.exec("ZADD", "k3", "inf", "x");
        h.exec("ZADD", "k4", "-inf", "x");
        assertEquals(List.of("x", 0.0), h.exec("ZUNION", "2", "k3", "k4", "WITHSCORES"));
        assertEquals(List.of("x", Double.NEGATIVE_INFINITY),
                h.exec("ZUNION", "2", "k3", "k4", "AGGREGATE", "MIN", "WITHSCORES"));
        // a negative weight gives -0 in the reply; the stored listpack says 0
        assertEquals("*4 $b $-1 $a $-0", trace(2, "ZUNION", "1", "k", "WEIGHTS", "-1", "WITHSCORES"));
        h.exec("ZUNIONSTORE", "d", "1", "k", "WEIGHTS", "-1");
        assertEquals("$0", trace(2, "ZSCORE", "d", "a"));
    }

    @Test
    void inputsAreCombinedFromTheSmallestSetUp() {
        // checked on redis-server 7.0.15: the order of the float additions follows the cardinalities,
        // equal ones keeping their argument order (1e16 + 1 + 1 is 1e16, 1 + 1 + 1e16 is 1e16 + 2)
        h.exec("ZADD", "A", "1e16", "x", "1", "p", "2", "q");
        h.exec("ZADD", "B", "1", "x");
        h.exec("ZADD", "C", "1", "x", "5", "r");
        assertEquals("$10000000000000002", lastScore("ZUNION", "3", "A", "B", "C"));
        assertEquals("$10000000000000002", lastScore("ZINTER", "3", "A", "B", "C"));
        h.exec("ZADD", "P", "1e16", "x", "0", "a");
        h.exec("ZADD", "Q", "1", "x", "0", "b");
        h.exec("ZADD", "R", "1", "x", "0", "c");
        assertEquals("$10000000000000000", lastScore("ZUNION", "3", "P", "Q", "R"));
        assertEquals("$10000000000000002", lastScore("ZUNION", "3", "Q", "R", "P"));
        assertEquals("$10000000000000000", lastScore("ZINTER", "3", "P", "Q", "R"));
        assertEquals("$10000000000000002", lastScore("ZINTER", "3", "Q", "R", "P"));
        assertEquals("$10000000000000000", lastScore("ZUNION", "4", "Q", "P", "nokey", "R"));
    }

    /** The last score of a WITHSCORES reply, as RESP2 text. */
    private String lastScore(String... command) {
        String[] args = Arrays.copyOf(command, command.length + 1);
        args[command.length] = "WITHSCORES";
        String t = trace(2, args);
        return t.substring(t.lastIndexOf(' ') + 1);
    }

    @Test
    void storeFormsReplaceOrDeleteTheDestination() {
        h.exec("ZADD", "k", "1", "a", "2", "b", "3", "c");
        h.exec("ZADD", "k2", "10", "b", "20", "c", "30", "d");
        h.exec("SET", "d", "x", "EX", "100");
        assertEquals(4L, h.exec("ZUNIONSTORE", "d", "2", "k", "k2"));
        assertEquals(List.of("a", 1.0, "b", 12.0, "c", 23.0, "d", 30.0), h.exec("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals(-1L, h.exec("TTL", "d"));
        assertEquals(2L, h.exec("ZINTERSTORE", "d", "2", "k", "k2", "AGGREGATE", "MAX"));
        assertEquals(List.of("b", 10.0, "c", 20.0), h.exec("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        assertEquals(1L, h.exec("ZDIFFSTORE", "d", "2", "k", "k2"));
        assertEquals(List.of("a"), h.exec("ZRANGE", "d", "0", "-1"));
        assertEquals(2L, h.exec("ZDIFFSTORE", "k", "2", "k", "d")); // a source as the destination
        assertEquals(List.of("b", "c"), h.exec("ZRANGE", "k", "0", "-1"));
        h.clearStream();
        assertEquals(0L, h.exec("ZDIFFSTORE", "d", "2", "k", "k"));
        assertFalse(exists("d"));
        assertEquals(0L, h.exec("ZUNIONSTORE", "d", "1", "nokey"));
        assertEquals(0L, h.exec("ZINTERSTORE", "d", "2", "k", "nokey"));
        // an empty result deletes an existing destination (propagated), and changes nothing otherwise
        assertEquals(List.of(List.of("ZDIFFSTORE", "d", "2", "k", "k")), h.stream());
    }

    @Test
    void setOperationErrors() {
        h.exec("ZADD", "k", "1", "a");
        assertEquals(new Err("ERR at least 1 input key is needed for 'zunion' command"), h.exec("ZUNION", "0", "k"));
        assertEquals(new Err("ERR at least 1 input key is needed for 'zinter' command"), h.exec("ZINTER", "-1", "k"));
        assertEquals(new Err("ERR at least 1 input key is needed for 'zinterstore' command"),
                h.exec("ZINTERSTORE", "d", "0", "k"));
        assertEquals(new Err("ERR at least 1 input key is needed for 'zintercard' command"), h.exec("ZINTERCARD", "0", "k"));
        assertEquals(NOT_INTEGER, h.exec("ZINTER", "x", "k"));
        assertEquals(NOT_INTEGER, h.exec("ZUNIONSTORE", "d", "x", "k"));
        assertEquals(SYNTAX, h.exec("ZINTER", "3", "k", "k"));
        assertEquals(SYNTAX, h.exec("ZUNION", "9223372036854775807", "k"));
        assertEquals(SYNTAX, h.exec("ZINTER", "2", "k", "k", "WEIGHTS", "1"));
        assertEquals(SYNTAX, h.exec("ZINTER", "2", "k", "k", "WEIGHTS", "1", "2", "3"));
        Err weight = new Err("ERR weight value is not a float");
        assertEquals(weight, h.exec("ZINTER", "2", "k", "k", "WEIGHTS", "1", "x"));
        assertEquals(weight, h.exec("ZUNION", "1", "k", "WEIGHTS", "nan"));
        assertEquals(weight, h.exec("ZUNION", "1", "k", "WEIGHTS", "1e400"));
        assertEquals(weight, h.exec("ZUNION", "1", "k", "WEIGHTS", " 1"));
        assertEquals(SYNTAX, h.exec("ZINTER", "1", "k", "AGGREGATE", "avg"));
        assertEquals(SYNTAX, h.exec("ZINTER", "1", "k", "AGGREGATE"));
        assertEquals(SYNTAX, h.exec("ZINTER", "1", "k", "FOO"));
        assertEquals(SYNTAX, h.exec("ZUNION", "1", "k", "LIMIT", "1"));
        assertEquals(SYNTAX, h.exec("ZDIFF", "1", "k", "WEIGHTS", "2"));
        assertEquals(SYNTAX, h.exec("ZDIFF", "1", "k", "AGGREGATE", "SUM"));
        assertEquals(SYNTAX, h.exec("ZUNIONSTORE", "d", "1", "k", "WITHSCORES"));
        assertEquals(SYNTAX, h.exec("ZDIFFSTORE", "d", "1", "k", "WITHSCORES"));
        // repeated options are allowed; the last one counts
        assertEquals(List.of("a", 3.0), h.exec("ZUNION", "1", "k", "WEIGHTS", "2", "WEIGHTS", "3", "WITHSCORES"));
        assertEquals(new Err("ERR wrong number of arguments for 'zunionstore' command"), h.exec("ZUNIONSTORE", "d", "1"));
        assertFalse(exists("d"));
    }

    @Test
    void zintercard() {
        h.exec("ZADD", "k", "1", "a", "2", "b", "3", "c");
        h.exec("ZADD", "k2", "1", "b", "2", "c", "3", "d");
        assertEquals(2L, h.exec("ZINTERCARD", "2", "k", "k2"));
        assertEquals(1L, h.exec("ZINTERCARD", "2", "k", "k2", "LIMIT", "1"));
        assertEquals(2L, h.exec("ZINTERCARD", "2", "k", "k2", "LIMIT", "0"));
        assertEquals(2L, h.exec("ZINTERCARD", "2", "k", "k2", "LIMIT", "2", "LIMIT", "3"));
        assertEquals(0L, h.exec("ZINTERCARD", "2", "k", "nokey"));
        assertEquals(3L, h.exec("ZINTERCARD", "1", "k"));
        Err negative = new Err("ERR LIMIT can't be negative");
        assertEquals(negative, h.exec("ZINTERCARD", "1", "k", "LIMIT", "-1"));
        assertEquals(negative, h.exec("ZINTERCARD", "1", "k", "LIMIT", "x"));
        assertEquals(SYNTAX, h.exec("ZINTERCARD", "2", "k"));
        assertEquals(SYNTAX, h.exec("ZINTERCARD", "1", "k", "LIMIT"));
        assertEquals(SYNTAX, h.exec("ZINTERCARD", "1", "k", "WEIGHTS", "2"));
        assertEquals(SYNTAX, h.exec("ZINTERCARD", "1", "k", "AGGREGATE", "MAX"));
        assertEquals(SYNTAX, h.exec("ZINTERCARD", "1", "k", "WITHSCORES"));
        assertEquals(NOT_INTEGER, h.exec("ZINTERCARD", "x", "k"));
    }

    @Test
    void setOperationsOnLargeSets() {
        fill("a", 2000);
        List<String> args = new ArrayList<>(List.of("ZADD", "b"));
        for (int i = 1000; i < 3000; i++) {
            args.add("1");
            args.add("m" + i);
        }
        h.exec(args.toArray(new String[0]));
        assertEquals(3000L, h.exec("ZUNIONSTORE", "u", "2", "a", "b"));
        assertEquals(1000L, h.exec("ZINTERSTORE", "i", "2", "a", "b"));
        assertEquals(1000L, h.exec("ZDIFFSTORE", "d", "2", "a", "b"));
        assertEquals(1000L, h.exec("ZINTERCARD", "2", "a", "b"));
        assertEquals(10L, h.exec("ZINTERCARD", "2", "a", "b", "LIMIT", "10"));
        assertEquals(List.of("m1000", 1001.0), h.exec("ZRANGE", "i", "0", "0", "WITHSCORES"));
        assertEquals(List.of("m999", 999.0), h.exec("ZRANGE", "d", "-1", "-1", "WITHSCORES"));
        assertEquals("skiplist", encoding("u"));
    }

    // ---- ZSCAN -------------------------------------------------------------------------------

    @Test
    void zscanOfACompactSetReturnsEverythingAtOnce() {
        h.exec("ZADD", "z", "1", "a", "2.5", "b", "123456789012345678", "c", "5e18", "d", "inf", "e", "1e-5", "f");
        assertEquals(List.of("0", List.of("f", "1.0000000000000001e-05", "a", "1", "b", "2.5", "c",
                "123456789012345680", "d", "5e+18", "e", "inf")), h.exec("ZSCAN", "z", "0", "COUNT", "1"));
        assertEquals(List.of("0", List.of("a", "1")), h.exec("ZSCAN", "z", "0", "MATCH", "a*"));
        assertEquals(List.of("0", List.of()), h.exec("ZSCAN", "nokey", "0"));
        // options are read after the key: a missing key ignores them
        assertEquals(List.of("0", List.of()), h.exec("ZSCAN", "nokey", "0", "COUNT", "0"));
        assertEquals("*2 $0 *2 $a $1", trace(3, "ZSCAN", "z", "0", "MATCH", "a"));
    }

    @Test
    void zscanOfALargeSetIteratesWithACursor() {
        fill("z", 1000);
        h.exec("ZADD", "z", "123456789012345678", "big");
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int steps = 0;
        do {
            List<?> reply = (List<?>) h.exec("ZSCAN", "z", cursor, "COUNT", "50");
            cursor = (String) reply.get(0);
            List<?> items = (List<?>) reply.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                seen.put((String) items.get(i), (String) items.get(i + 1));
            }
            steps++;
        } while (!cursor.equals("0"));
        assertTrue(steps > 5);
        assertEquals(1001, seen.size());
        assertEquals("742", seen.get("m742"));
        assertEquals("1.2345678901234568e+17", seen.get("big")); // %.17g in the large encoding
        List<?> matched = (List<?>) ((List<?>) h.exec("ZSCAN", "z", "0", "MATCH", "m99*", "COUNT", "100000")).get(1);
        assertEquals(22, matched.size());
    }

    @Test
    void zscanErrors() {
        h.exec("ZADD", "z", "1", "a");
        Err cursor = new Err("ERR invalid cursor");
        assertEquals(cursor, h.exec("ZSCAN", "z", "x"));
        assertEquals(cursor, h.exec("ZSCAN", "z", "18446744073709551616"));
        h.exec("SET", "s", "x");
        assertEquals(cursor, h.exec("ZSCAN", "s", "x")); // the cursor is read before the key
        assertEquals(SYNTAX, h.exec("ZSCAN", "z", "0", "COUNT", "0"));
        assertEquals(SYNTAX, h.exec("ZSCAN", "z", "0", "MATCH"));
        assertEquals(SYNTAX, h.exec("ZSCAN", "z", "0", "NOVALUES"));
        assertEquals(NOT_INTEGER, h.exec("ZSCAN", "z", "0", "COUNT", "x"));
        assertEquals(List.of("0", List.of("a", "1")), h.exec("ZSCAN", "z", "18446744073709551615"));
        assertEquals(List.of("0", List.of("a", "1")), h.exec("ZSCAN", "z", "-1"));
        assertEquals(List.of("0", List.of("a", "1")), h.exec("ZSCAN", "z", ""));
    }

    // ---- the command table ---------------------------------------------------------------------

    /** Arity, flags, first/last/step and ACL categories as COMMAND INFO prints them on redis 7.0.15. */
    @Test
    void metadataMatchesRedis() {
        String[] expected = {
            "zadd -4 [write, denyoom, fast] 1 1 1 [@write, @sortedset, @fast]",
            "zincrby 4 [write, denyoom, fast] 1 1 1 [@write, @sortedset, @fast]",
            "zrem -3 [write, fast] 1 1 1 [@write, @sortedset, @fast]",
            "zcard 2 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zcount 4 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zlexcount 4 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zscore 3 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zmscore -3 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zrank 3 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zrevrank 3 [readonly, fast] 1 1 1 [@read, @sortedset, @fast]",
            "zrange -4 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zrangestore -5 [write, denyoom] 1 2 1 [@write, @sortedset, @slow]",
            "zrangebyscore -4 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zrevrangebyscore -4 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zrangebylex -4 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zrevrangebylex -4 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zrevrange -4 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zremrangebyrank 4 [write] 1 1 1 [@write, @sortedset, @slow]",
            "zremrangebyscore 4 [write] 1 1 1 [@write, @sortedset, @slow]",
            "zremrangebylex 4 [write] 1 1 1 [@write, @sortedset, @slow]",
            "zpopmin -2 [write, fast] 1 1 1 [@write, @sortedset, @fast]",
            "zpopmax -2 [write, fast] 1 1 1 [@write, @sortedset, @fast]",
            "zmpop -4 [write, movablekeys] 0 0 0 [@write, @sortedset, @slow]",
            "zrandmember -2 [readonly] 1 1 1 [@read, @sortedset, @slow]",
            "zunion -3 [readonly, movablekeys] 0 0 0 [@read, @sortedset, @slow]",
            "zinter -3 [readonly, movablekeys] 0 0 0 [@read, @sortedset, @slow]",
            "zdiff -3 [readonly, movablekeys] 0 0 0 [@read, @sortedset, @slow]",
            "zunionstore -4 [write, denyoom, movablekeys] 1 1 1 [@write, @sortedset, @slow]",
            "zinterstore -4 [write, denyoom, movablekeys] 1 1 1 [@write, @sortedset, @slow]",
            "zdiffstore -4 [write, denyoom, movablekeys] 1 1 1 [@write, @sortedset, @slow]",
            "zintercard -3 [readonly, movablekeys] 0 0 0 [@read, @sortedset, @slow]",
            "zscan -3 [readonly] 1 1 1 [@read, @sortedset, @slow]",
        };
        CommandTable table = h.engine().commands();
        for (String line : expected) {
            String name = line.substring(0, line.indexOf(' '));
            CommandSpec spec = table.lookup(name);
            assertNotNull(spec, name);
            assertEquals(line, CommandInfoLine.describe(spec));
            assertEquals("sorted-set", spec.group(), name);
        }
        assertEquals(List.of("nondeterministic_output"), table.lookup("zrandmember").tips());
        assertEquals(List.of("nondeterministic_output"), table.lookup("zscan").tips());
        assertEquals(List.of(), table.lookup("zpopmin").tips());
    }

    @Test
    void keySpecsMatchRedis() {
        CommandTable table = h.engine().commands();
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "UPDATE")), table.lookup("zadd").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE")), table.lookup("zincrby").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "DELETE")), table.lookup("zremrangebylex").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RO")), table.lookup("zcard").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE")), table.lookup("zpopmax").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "OW", "UPDATE"), KeySpec.range(2, 0, 1, "RO", "ACCESS")),
                table.lookup("zrangestore").keySpecs());
        assertEquals(List.of(KeySpec.keyNum(1, 0, 1, 1, "RW", "ACCESS", "DELETE")), table.lookup("zmpop").keySpecs());
        for (String name : new String[] {"zunion", "zinter", "zdiff", "zintercard"}) {
            assertEquals(List.of(KeySpec.keyNum(1, 0, 1, 1, "RO", "ACCESS")), table.lookup(name).keySpecs(), name);
        }
        for (String name : new String[] {"zunionstore", "zinterstore", "zdiffstore"}) {
            assertEquals(List.of(KeySpec.range(1, 0, 1, "OW", "UPDATE"), KeySpec.keyNum(2, 0, 1, 1, "RO", "ACCESS")),
                    table.lookup(name).keySpecs(), name);
        }
        assertEquals("1.0.5", table.lookup("zrangebyscore").since());
        assertEquals("7.0.0", table.lookup("zintercard").since());
        assertEquals("2.8.9", table.lookup("zremrangebylex").since());
    }

    @Test
    void plainSetsCountAsMembersWithScoreOne() {
        h.exec("SADD", "s", "a", "b", "1");
        h.exec("ZADD", "z", "5", "a");
        assertEquals(List.of("1", "b", "a"), h.exec("ZUNION", "2", "s", "z"));
        assertEquals(List.of("a", 6.0), h.exec("ZINTER", "2", "s", "z", "WITHSCORES"));
        assertEquals(2L, h.exec("ZDIFFSTORE", "d", "2", "s", "z"));
        assertEquals(List.of("1", "b"), h.exec("ZRANGE", "d", "0", "-1"));
    }

    @Test
    void bzpopminServesAtOnceOrWhenAMemberArrives() {
        h.exec("ZADD", "z1", "1", "a", "2", "b");
        assertEquals(List.of("z1", "a", 1.0), h.exec("BZPOPMIN", "z0", "z1", "0"));
        var waiter = h.newClient();
        assertNull(h.exec(waiter, "BZPOPMAX", "w", "0"), "blocks: no reply yet");
        h.exec("SET", "other", "x");
        assertTrue(waiter.isBlocked());
        h.exec("ZADD", "w", "5", "m");
        assertFalse(waiter.isBlocked());
        assertEquals(List.of(List.of("w", "m", 5.0)), waiter.asyncReplies());
        assertEquals(0L, h.exec("EXISTS", "w"));
    }

    @Test
    void bzmpopTimesOutWithANullArray() {
        var waiter = h.newClient();
        assertNull(h.exec(waiter, "BZMPOP", "1", "1", "nokey", "MIN"));
        h.clock().advance(1000);
        h.cron();
        assertFalse(waiter.isBlocked());
        assertEquals(java.util.Collections.singletonList(null), waiter.asyncReplies());
        assertEquals(new io.lodestone.engine.testing.ReplyRecorder.Err("ERR timeout is negative"),
                h.exec("BZPOPMIN", "k", "-1"));
    }
}
