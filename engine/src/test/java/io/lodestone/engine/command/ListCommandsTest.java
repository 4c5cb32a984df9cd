package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The non-blocking list commands, and the blocking ones where they are served at once. */
class ListCommandsTest {
    private static final Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err SYNTAX = new Err("ERR syntax error");
    private static final Err NOT_POSITIVE = new Err("ERR value is out of range, must be positive");

    private final EngineHarness h = new EngineHarness();

    private ListValue list(String key) {
        return (ListValue) h.engine().keyspace().db(0).peek(Bytes.utf8(key));
    }

    private boolean exists(String key) {
        return h.engine().keyspace().db(0).exists(Bytes.utf8(key));
    }

    private Object range(String key) {
        return h.exec("LRANGE", key, "0", "-1");
    }

    /**
     * The reply as the sequence of ReplyWriter calls, so that a null bulk and a null array (both
     * null to the harness) can be told apart: "nullBulk", "nullArray", "*2", "$v", ":3".
     */
    private List<String> shape(String... args) {
        List<String> calls = new ArrayList<>();
        ReplyWriter recorder = new ShapeRecorder(calls);
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = Bytes.utf8(args[i]);
        }
        h.engine().lock().lock();
        try {
            h.engine().dispatcher().execute(h.context(), argv, recorder);
        } finally {
            h.engine().lock().unlock();
        }
        return calls;
    }

    // ---- pushes --------------------------------------------------------------------------------

    @Test
    void pushesAddAtEitherEndAndReplyTheLength() {
        assertEquals(3L, h.exec("RPUSH", "l", "a", "b", "c"));
        assertEquals(5L, h.exec("LPUSH", "l", "x", "y"));
        assertEquals(List.of("y", "x", "a", "b", "c"), range("l"));
        assertEquals(5L, h.exec("LLEN", "l"));
        assertEquals(0L, h.exec("LLEN", "nokey"));
        assertEquals("list", h.exec("TYPE", "l"));
        assertEquals("quicklist", h.exec("OBJECT", "ENCODING", "l"));
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "c"), List.of("LPUSH", "l", "x", "y")), h.stream());
    }

    @Test
    void pushxOnlyPushesOntoAnExistingList() {
        assertEquals(0L, h.exec("LPUSHX", "l", "a"));
        assertEquals(0L, h.exec("RPUSHX", "l", "a", "b"));
        assertFalse(exists("l"));
        assertTrue(h.stream().isEmpty(), "nothing to propagate");
        h.exec("RPUSH", "l", "m");
        assertEquals(3L, h.exec("LPUSHX", "l", "b", "a"));
        assertEquals(5L, h.exec("RPUSHX", "l", "y", "z"));
        assertEquals(List.of("a", "b", "m", "y", "z"), range("l"));
    }

    @Test
    void everyCommandRefusesAKeyOfAnotherType() {
        h.exec("SET", "s", "x");
        for (String[] cmd : new String[][] {
                {"LPUSH", "s", "a"}, {"RPUSH", "s", "a"}, {"LPUSHX", "s", "a"}, {"RPUSHX", "s", "a"},
                {"LPOP", "s"}, {"RPOP", "s"}, {"LPOP", "s", "2"}, {"RPOP", "s", "0"}, {"LLEN", "s"},
                {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "0"}, {"LINDEX", "s", "x"}, {"LSET", "s", "0", "v"},
                {"LSET", "s", "x", "v"}, {"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"},
                {"LTRIM", "s", "0", "1"}, {"LPOS", "s", "a"}, {"LPOS", "s", "a", "COUNT", "1"},
                {"LMOVE", "s", "d", "LEFT", "LEFT"}, {"RPOPLPUSH", "s", "d"}, {"LMPOP", "1", "s", "LEFT"},
                {"BLPOP", "s", "0"}, {"BRPOP", "s", "0"}, {"BLMOVE", "s", "d", "LEFT", "LEFT", "0"},
                {"BRPOPLPUSH", "s", "d", "0"}, {"BLMPOP", "0", "1", "s", "LEFT"}}) {
            assertEquals(WRONGTYPE, h.exec(cmd), String.join(" ", cmd));
        }
        assertEquals("x", h.exec("GET", "s"));
        assertFalse(exists("d"));
        assertEquals(List.of(List.of("SET", "s", "x")), h.stream());
    }

    // ---- LPOP RPOP -----------------------------------------------------------------------------

    @Test
    void popsWithoutCountReplyOneElementOrANullBulk() {
        h.exec("RPUSH", "l", "a", "b", "c");
        assertEquals("a", h.exec("LPOP", "l"));
        assertEquals("c", h.exec("RPOP", "l"));
        assertEquals("b", h.exec("LPOP", "l"));
        assertFalse(exists("l"), "an emptied list is deleted");
        assertEquals(List.of("nullBulk"), shape("LPOP", "l"));
        assertEquals(List.of("nullBulk"), shape("RPOP", "l"));
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "c"), List.of("LPOP", "l"), List.of("RPOP", "l"),
                List.of("LPOP", "l")), h.stream());
    }

    @Test
    void popsWithCountReplyAnArrayInPopOrder() {
        h.exec("RPUSH", "l", "a", "b", "c", "d", "e");
        assertEquals(List.of("a", "b"), h.exec("LPOP", "l", "2"));
        assertEquals(List.of("e", "d"), h.exec("RPOP", "l", "2"));
        assertEquals(List.of("c"), h.exec("RPOP", "l", "9223372036854775807"));
        assertFalse(exists("l"));
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "c", "d", "e"), List.of("LPOP", "l", "2"),
                List.of("RPOP", "l", "2"), List.of("RPOP", "l", "9223372036854775807")), h.stream());
    }

    @Test
    void popWithCountOnAMissingKeyIsANullArrayAndCountZeroAnEmptyOne() {
        assertEquals(List.of("nullArray"), shape("LPOP", "nokey", "2"));
        assertEquals(List.of("nullArray"), shape("RPOP", "nokey", "0"));
        h.exec("RPUSH", "l", "a");
        assertEquals(List.of("*0"), shape("LPOP", "l", "0"));
        assertEquals(List.of("*0"), shape("RPOP", "l", "0"));
        assertEquals(List.of("*1", "$a"), shape("LPOP", "l", "1"));
        assertEquals(2, h.stream().size(), "count 0 changes nothing and is not propagated");
    }

    @Test
    void popCountMustBeANonNegativeInteger() {
        h.exec("SET", "s", "x");
        for (String count : List.of("-1", "abc", "1.5", "", " 1", "9223372036854775808")) {
            assertEquals(NOT_POSITIVE, h.exec("LPOP", "nokey", count), count);
            assertEquals(NOT_POSITIVE, h.exec("RPOP", "s", count), "checked before the type: " + count);
        }
        assertEquals(new Err("ERR wrong number of arguments for 'lpop' command"), h.exec("LPOP", "l", "1", "2"));
    }

    // ---- LRANGE LINDEX -------------------------------------------------------------------------

    @Test
    void lrangeNormalizesItsIndexesAsRedisDoes() {
        h.exec("RPUSH", "l", "a", "b", "c", "d");
        assertEquals(List.of("b", "c"), h.exec("LRANGE", "l", "1", "2"));
        assertEquals(List.of("c", "d"), h.exec("LRANGE", "l", "-2", "-1"));
        assertEquals(List.of("a", "b", "c", "d"), h.exec("LRANGE", "l", "-100", "100"));
        assertEquals(List.of(), h.exec("LRANGE", "l", "2", "1"));
        assertEquals(List.of(), h.exec("LRANGE", "l", "4", "10"));
        assertEquals(List.of("a"), h.exec("LRANGE", "l", "0", "0"));
        assertEquals(List.of("a", "b", "c", "d"), h.exec("LRANGE", "l", "-9223372036854775808", "9223372036854775807"));
        assertEquals(List.of(), h.exec("LRANGE", "l", "2", "-9223372036854775808"));
        assertEquals(List.of(), h.exec("LRANGE", "nokey", "0", "-1"));
        assertEquals(NOT_INTEGER, h.exec("LRANGE", "l", "x", "1"));
        assertEquals(NOT_INTEGER, h.exec("LRANGE", "l", "0", "1e3"));
        assertEquals(NOT_INTEGER, h.exec("LRANGE", "nokey", "0", "9223372036854775808"));
        h.exec("SET", "s", "x");
        assertEquals(NOT_INTEGER, h.exec("LRANGE", "s", "x", "1"), "the indexes are parsed before the type check");
    }

    @Test
    void lindexCountsFromEitherEnd() {
        h.exec("RPUSH", "l", "a", "b", "c");
        assertEquals("a", h.exec("LINDEX", "l", "0"));
        assertEquals("c", h.exec("LINDEX", "l", "-1"));
        assertEquals("a", h.exec("LINDEX", "l", "-3"));
        assertEquals(List.of("nullBulk"), shape("LINDEX", "l", "3"));
        assertEquals(List.of("nullBulk"), shape("LINDEX", "l", "-4"));
        assertNull(h.exec("LINDEX", "l", "-9223372036854775808"));
        assertNull(h.exec("LINDEX", "l", "9223372036854775807"));
        assertNull(h.exec("LINDEX", "nokey", "x"), "a missing key is a null before the index is read");
        assertEquals(NOT_INTEGER, h.exec("LINDEX", "l", "x"));
    }

    // ---- LSET LINSERT LREM LTRIM ---------------------------------------------------------------

    @Test
    void lsetReplacesAnElementOrSaysWhyNot() {
        h.exec("RPUSH", "l", "a", "b", "c");
        assertEquals("OK", h.exec("LSET", "l", "1", "B"));
        assertEquals("OK", h.exec("LSET", "l", "-1", "a longer value"));
        assertEquals(List.of("a", "B", "a longer value"), range("l"));
        assertEquals(new Err("ERR no such key"), h.exec("LSET", "nokey", "0", "v"));
        assertEquals(new Err("ERR no such key"), h.exec("LSET", "nokey", "x", "v"), "the key is checked first");
        assertEquals(new Err("ERR index out of range"), h.exec("LSET", "l", "3", "v"));
        assertEquals(new Err("ERR index out of range"), h.exec("LSET", "l", "-4", "v"));
        assertEquals(new Err("ERR index out of range"), h.exec("LSET", "l", "-9223372036854775808", "v"));
        assertEquals(NOT_INTEGER, h.exec("LSET", "l", "x", "v"));
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "c"), List.of("LSET", "l", "1", "B"),
                List.of("LSET", "l", "-1", "a longer value")), h.stream());
    }

    @Test
    void linsertPutsAnElementNextToTheFirstPivot() {
        h.exec("RPUSH", "l", "a", "b", "a");
        assertEquals(4L, h.exec("LINSERT", "l", "BEFORE", "a", "x"));
        assertEquals(5L, h.exec("LINSERT", "l", "after", "a", "y"));
        assertEquals(List.of("x", "a", "y", "b", "a"), range("l"));
        assertEquals(-1L, h.exec("LINSERT", "l", "before", "zz", "v"));
        assertEquals(0L, h.exec("LINSERT", "nokey", "before", "a", "v"));
        assertEquals(SYNTAX, h.exec("LINSERT", "l", "middle", "a", "v"));
        assertEquals(SYNTAX, h.exec("LINSERT", "nokey", "middle", "a", "v"));
        assertFalse(exists("nokey"));
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "a"), List.of("LINSERT", "l", "BEFORE", "a", "x"),
                List.of("LINSERT", "l", "after", "a", "y")), h.stream());
    }

    @Test
    void lremRemovesFromTheHeadTheTailOrEverywhere() {
        h.exec("RPUSH", "l", "a", "b", "a", "c", "a", "b", "a");
        assertEquals(2L, h.exec("LREM", "l", "2", "a"));
        assertEquals(List.of("b", "c", "a", "b", "a"), range("l"));
        assertEquals(1L, h.exec("LREM", "l", "-1", "a"));
        assertEquals(List.of("b", "c", "a", "b"), range("l"));
        assertEquals(0L, h.exec("LREM", "l", "0", "zz"));
        assertEquals(0L, h.exec("LREM", "nokey", "0", "a"));
        assertEquals(2L, h.exec("LREM", "l", "0", "b"));
        assertEquals(1L, h.exec("LREM", "l", "-9223372036854775808", "c"));
        assertEquals(1L, h.exec("LREM", "l", "0", "a"));
        assertFalse(exists("l"));
        assertEquals(NOT_INTEGER, h.exec("LREM", "l", "x", "a"));
        h.exec("SET", "s", "v");
        assertEquals(NOT_INTEGER, h.exec("LREM", "s", "x", "a"), "the count is parsed before the type check");
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "a", "c", "a", "b", "a"), List.of("LREM", "l", "2", "a"),
                List.of("LREM", "l", "-1", "a"), List.of("LREM", "l", "0", "b"),
                List.of("LREM", "l", "-9223372036854775808", "c"), List.of("LREM", "l", "0", "a"),
                List.of("SET", "s", "v")), h.stream());
    }

    @Test
    void ltrimKeepsARangeAndDeletesAnEmptiedList() {
        h.exec("RPUSH", "l", "a", "b", "c", "d", "e");
        assertEquals("OK", h.exec("LTRIM", "l", "1", "-2"));
        assertEquals(List.of("b", "c", "d"), range("l"));
        assertEquals("OK", h.exec("LTRIM", "l", "0", "-1"));
        assertEquals("OK", h.exec("LTRIM", "l", "-9223372036854775808", "9223372036854775807"));
        assertEquals(List.of("b", "c", "d"), range("l"));
        assertEquals("OK", h.exec("LTRIM", "nokey", "0", "1"));
        assertEquals(NOT_INTEGER, h.exec("LTRIM", "l", "x", "1"));
        assertEquals(NOT_INTEGER, h.exec("LTRIM", "nokey", "0", "x"));
        assertEquals("OK", h.exec("LTRIM", "l", "5", "1"));
        assertFalse(exists("l"));
        // only trims that remove something are propagated
        assertEquals(List.of(List.of("RPUSH", "l", "a", "b", "c", "d", "e"), List.of("LTRIM", "l", "1", "-2"),
                List.of("LTRIM", "l", "5", "1")), h.stream());
    }

    // ---- LPOS ----------------------------------------------------------------------------------

    @Test
    void lposFindsMatchesByRankCountAndMaxlen() {
        h.exec("RPUSH", "l", "a", "b", "c", "1", "2", "3", "a", "b", "c");
        assertEquals(0L, h.exec("LPOS", "l", "a"));
        assertEquals(6L, h.exec("LPOS", "l", "a", "RANK", "2"));
        assertEquals(6L, h.exec("LPOS", "l", "a", "rank", "-1"));
        assertEquals(0L, h.exec("LPOS", "l", "a", "RANK", "-2"));
        assertEquals(List.of("nullBulk"), shape("LPOS", "l", "a", "RANK", "3"));
        assertEquals(List.of(0L, 6L), h.exec("LPOS", "l", "a", "COUNT", "0"));
        assertEquals(List.of(0L), h.exec("LPOS", "l", "a", "COUNT", "1"));
        assertEquals(List.of(6L, 0L), h.exec("LPOS", "l", "a", "COUNT", "0", "RANK", "-1"));
        assertEquals(List.of(0L), h.exec("LPOS", "l", "a", "COUNT", "0", "MAXLEN", "4"));
        assertEquals(8L, h.exec("LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1"));
        assertEquals(List.of(), h.exec("LPOS", "l", "z", "COUNT", "0"));
        assertEquals(6L, h.exec("LPOS", "l", "a", "RANK", "1", "RANK", "2"), "the last option wins");
        assertEquals(List.of(), h.exec("LPOS", "l", "a", "COUNT", "9223372036854775807", "RANK", "9223372036854775807"));
        assertEquals(List.of("*0"), shape("LPOS", "nokey", "a", "COUNT", "1"));
        assertEquals(List.of("nullBulk"), shape("LPOS", "nokey", "a"));
    }

    @Test
    void lposRankOfLongMinValueTakesEveryMatchFromTheTail() {
        // Redis negates the rank and gets it back unchanged: every match then qualifies
        h.exec("RPUSH", "l", "a", "b", "c", "1", "2", "3", "a", "b", "c");
        assertEquals(6L, h.exec("LPOS", "l", "a", "RANK", "-9223372036854775808"));
        assertEquals(List.of(6L, 0L), h.exec("LPOS", "l", "a", "RANK", "-9223372036854775808", "COUNT", "1"));
        assertEquals(List.of(6L, 0L), h.exec("LPOS", "l", "a", "RANK", "-9223372036854775808", "COUNT", "0"));
    }

    @Test
    void lposOptionsAreCheckedInOrderBeforeTheKey() {
        Err rankZero = new Err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second"
                + " ... or use negative to start from the end of the list");
        Err countNegative = new Err("ERR COUNT can't be negative");
        Err maxlenNegative = new Err("ERR MAXLEN can't be negative");
        h.exec("RPUSH", "l", "a");
        h.exec("SET", "s", "x");
        assertEquals(rankZero, h.exec("LPOS", "nokey", "a", "RANK", "0"));
        assertEquals(rankZero, h.exec("LPOS", "s", "a", "RANK", "0", "COUNT", "-1"));
        assertEquals(countNegative, h.exec("LPOS", "l", "a", "COUNT", "-1", "RANK", "0"));
        assertEquals(rankZero, h.exec("LPOS", "l", "a", "RANK", "0", "foo"));
        assertEquals(SYNTAX, h.exec("LPOS", "l", "a", "foo", "RANK", "0"));
        assertEquals(SYNTAX, h.exec("LPOS", "l", "a", "RANK"));
        assertEquals(NOT_INTEGER, h.exec("LPOS", "l", "a", "RANK", "x"));
        assertEquals(countNegative, h.exec("LPOS", "l", "a", "COUNT", "x"));
        assertEquals(maxlenNegative, h.exec("LPOS", "l", "a", "MAXLEN", "-1"));
        assertEquals(maxlenNegative, h.exec("LPOS", "l", "a", "MAXLEN", "x"));
        assertEquals(countNegative, h.exec("LPOS", "s", "a", "COUNT", "-1"));
        assertEquals(WRONGTYPE, h.exec("LPOS", "s", "a", "COUNT", "1"));
    }

    // ---- LMOVE RPOPLPUSH -----------------------------------------------------------------------

    @Test
    void lmoveMovesBetweenAnyEnds() {
        h.exec("RPUSH", "src", "a", "b", "c", "d");
        assertEquals("a", h.exec("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        assertEquals("d", h.exec("LMOVE", "src", "dst", "right", "left"));
        assertEquals("b", h.exec("LMOVE", "src", "dst", "Left", "Left"));
        assertEquals("c", h.exec("RPOPLPUSH", "src", "dst"));
        assertFalse(exists("src"), "the emptied source is deleted");
        assertEquals(List.of("c", "b", "d", "a"), range("dst"));
        assertEquals(List.of("nullBulk"), shape("LMOVE", "src", "dst", "LEFT", "LEFT"));
        assertEquals(List.of("nullBulk"), shape("RPOPLPUSH", "src", "dst"));
        assertEquals(List.of(List.of("RPUSH", "src", "a", "b", "c", "d"), List.of("LMOVE", "src", "dst", "LEFT", "RIGHT"),
                List.of("LMOVE", "src", "dst", "right", "left"), List.of("LMOVE", "src", "dst", "Left", "Left"),
                List.of("RPOPLPUSH", "src", "dst")), h.stream());
    }

    @Test
    void lmoveOntoItselfRotates() {
        h.exec("RPUSH", "l", "a", "b", "c");
        assertEquals("a", h.exec("LMOVE", "l", "l", "LEFT", "RIGHT"));
        assertEquals("a", h.exec("RPOPLPUSH", "l", "l"));
        assertEquals(List.of("a", "b", "c"), range("l"));
        h.exec("RPUSH", "one", "x");
        assertEquals("x", h.exec("LMOVE", "one", "one", "LEFT", "LEFT"));
        assertEquals(List.of("x"), range("one"), "a one-element list survives its own move");
    }

    @Test
    void lmoveChecksBothTypesBeforeMoving() {
        h.exec("RPUSH", "l", "a");
        h.exec("SET", "s", "x");
        assertEquals(WRONGTYPE, h.exec("LMOVE", "l", "s", "LEFT", "LEFT"));
        assertEquals(WRONGTYPE, h.exec("RPOPLPUSH", "l", "s"));
        assertEquals(List.of("a"), range("l"), "nothing was popped");
        assertEquals(List.of("nullBulk"), shape("LMOVE", "nokey", "s", "LEFT", "LEFT"), "the source is checked first");
        assertEquals(SYNTAX, h.exec("LMOVE", "l", "d", "UP", "LEFT"));
        assertEquals(SYNTAX, h.exec("LMOVE", "l", "d", "LEFT", "DOWN"));
    }

    // ---- LMPOP ---------------------------------------------------------------------------------

    @Test
    void lmpopPopsFromTheFirstNonEmptyList() {
        h.exec("RPUSH", "b", "1", "2", "3");
        h.exec("RPUSH", "c", "x");
        assertEquals(List.of("b", List.of("1")), h.exec("LMPOP", "3", "a", "b", "c", "LEFT"));
        assertEquals(List.of("b", List.of("3", "2")), h.exec("LMPOP", "2", "a", "b", "right", "COUNT", "5"));
        assertFalse(exists("b"));
        assertEquals(List.of("c", List.of("x")), h.exec("LMPOP", "3", "a", "b", "c", "left", "count", "1"));
        assertEquals(List.of("nullArray"), shape("LMPOP", "2", "a", "b", "LEFT"));
        // propagated as LPOP/RPOP with the number of elements popped
        assertEquals(List.of(List.of("LPOP", "b", "1"), List.of("RPOP", "b", "2"), List.of("LPOP", "c", "1")),
                h.stream().subList(2, 5));
    }

    @Test
    void lmpopArgumentErrors() {
        Err numkeys = new Err("ERR numkeys should be greater than 0");
        Err count = new Err("ERR count should be greater than 0");
        h.exec("RPUSH", "l", "a");
        h.exec("SET", "s", "x");
        assertEquals(numkeys, h.exec("LMPOP", "0", "l", "LEFT"));
        assertEquals(numkeys, h.exec("LMPOP", "-1", "l", "LEFT"));
        assertEquals(numkeys, h.exec("LMPOP", "x", "l", "LEFT"));
        assertEquals(SYNTAX, h.exec("LMPOP", "2", "l", "LEFT"));
        assertEquals(SYNTAX, h.exec("LMPOP", "9223372036854775807", "l", "LEFT"));
        assertEquals(SYNTAX, h.exec("LMPOP", "1", "l", "MIDDLE"));
        assertEquals(count, h.exec("LMPOP", "1", "l", "LEFT", "COUNT", "0"));
        assertEquals(count, h.exec("LMPOP", "1", "l", "LEFT", "COUNT", "x"));
        assertEquals(SYNTAX, h.exec("LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2"));
        assertEquals(SYNTAX, h.exec("LMPOP", "1", "l", "LEFT", "COUNT"));
        assertEquals(SYNTAX, h.exec("LMPOP", "1", "l", "LEFT", "foo"));
        assertEquals(WRONGTYPE, h.exec("LMPOP", "2", "s", "l", "LEFT"));
        assertEquals(WRONGTYPE, h.exec("LMPOP", "2", "nokey", "s", "LEFT"));
        assertEquals(List.of("l", List.of("a")), h.exec("LMPOP", "2", "l", "s", "LEFT"), "served before reaching s");
    }

    // ---- blocking commands served at once, or unable to wait -----------------------------------

    @Test
    void blockingPopsServeAtOnceAndPropagateAsPops() {
        h.exec("RPUSH", "b", "1", "2");
        h.exec("RPUSH", "c", "x", "y");
        assertEquals(List.of("b", "1"), h.exec("BLPOP", "a", "b", "c", "0"));
        assertEquals(List.of("b", "2"), h.exec("BRPOP", "a", "b", "c", "1.5"));
        assertEquals(List.of("c", "y"), h.exec("BRPOP", "a", "b", "c", "0"));
        assertEquals(List.of("c", List.of("x")), h.exec("BLMPOP", "0", "2", "b", "c", "LEFT", "COUNT", "3"));
        assertEquals(List.of(List.of("LPOP", "b"), List.of("RPOP", "b"), List.of("RPOP", "c"), List.of("LPOP", "c", "1")),
                h.stream().subList(2, 6));
    }

    @Test
    void blockingMovesServeAtOnceAndPropagateWithTheClientsWords() {
        h.exec("RPUSH", "src", "a", "b", "c");
        assertEquals("a", h.exec("BLMOVE", "src", "dst", "LEFT", "Right", "0"));
        assertEquals("c", h.exec("BRPOPLPUSH", "src", "dst", "0"));
        assertEquals(List.of("c", "a"), range("dst"));
        assertEquals(List.of(List.of("LMOVE", "src", "dst", "LEFT", "Right"), List.of("RPOPLPUSH", "src", "dst")),
                h.stream().subList(1, 3));
    }

    @Test
    void aClientThatCannotWaitGetsANullArrayAtOnce() {
        HarnessClient client = h.newClient();
        client.setBlockingAllowed(false); // inside MULTI
        for (String[] cmd : new String[][] {{"BLPOP", "a", "0"}, {"BRPOP", "a", "b", "1"},
                {"BLMOVE", "a", "b", "LEFT", "LEFT", "0"}, {"BRPOPLPUSH", "a", "b", "0"},
                {"BLMPOP", "0", "1", "a", "LEFT"}}) {
            assertEquals(Collections.singletonList(null), Collections.singletonList(h.exec(client, cmd)));
            assertFalse(client.isBlocked());
        }
        assertEquals(List.of("nullArray"), shapeAs(client, "BLPOP", "a", "0"));
        assertEquals(List.of("nullArray"), shapeAs(client, "BLMOVE", "a", "b", "LEFT", "LEFT", "0"));
        assertEquals(List.of("nullArray"), shapeAs(client, "BRPOPLPUSH", "a", "b", "0"));
        assertEquals(List.of("nullArray"), shapeAs(client, "BLMPOP", "0", "1", "a", "LEFT"));
        assertTrue(h.stream().isEmpty());
    }

    private List<String> shapeAs(HarnessClient client, String... args) {
        List<String> calls = new ArrayList<>();
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = Bytes.utf8(args[i]);
        }
        h.engine().lock().lock();
        try {
            h.engine().dispatcher().execute(client, argv, new ShapeRecorder(calls));
        } finally {
            h.engine().lock().unlock();
        }
        return calls;
    }

    @Test
    void timeoutsAreSecondsAsALongDouble() {
        Err notFloat = new Err("ERR timeout is not a float or out of range");
        Err negative = new Err("ERR timeout is negative");
        for (String t : List.of("x", "nan", " 1", "1 ", "", "1e-5000", "0x")) {
            assertEquals(notFloat, h.exec("BLPOP", "a", t), t);
        }
        // ceil(seconds * 1000) converted to a 64-bit integer: infinities and overflows come out negative
        for (String t : List.of("-1", "-0.0011", "inf", "-inf", "1e400", "9223372036854775807", "9223372036854776",
                "9223372036854775.808")) {
            assertEquals(negative, h.exec("BLPOP", "a", t), t);
        }
        h.exec("SET", "s", "x");
        assertEquals(notFloat, h.exec("BLPOP", "s", "x"), "the timeout is parsed before the keys");
        assertEquals(notFloat, h.exec("BLMOVE", "a", "b", "LEFT", "LEFT", "x"));
        assertEquals(SYNTAX, h.exec("BLMOVE", "a", "b", "UP", "LEFT", "x"), "the ends come before the timeout");
        assertEquals(notFloat, h.exec("BRPOPLPUSH", "a", "b", "x"));
        assertEquals(new Err("ERR numkeys should be greater than 0"), h.exec("BLMPOP", "x", "0", "a", "MIDDLE"),
                "BLMPOP reads its other arguments before the timeout");
        assertEquals(SYNTAX, h.exec("BLMPOP", "x", "1", "a", "MIDDLE"));
        assertEquals(notFloat, h.exec("BLMPOP", "x", "1", "a", "LEFT"));
        assertEquals(negative, h.exec("BLMPOP", "-1", "1", "a", "LEFT"));
        assertEquals(new Err("ERR numkeys should be greater than 0"), h.exec("BLMPOP", "0", "0", "a", "LEFT"));
    }

    @Test
    void timeoutValuesBecomeDeadlines() {
        h.clock().advance(1_000_000);
        long now = h.clock().millis();
        // seconds -> deadline in ms, 0 for no deadline
        String[][] cases = {{"0", "0"}, {"1", "1000"}, {"0.5", "500"}, {"0.0001", "1"}, {"1e-400", "1"},
                {"1e-4940", "1"}, {".5e-3", "1"}, {"+1", "1000"}, {"0x10", "16000"}, {"-0", "0"}, {"-0.0009", "0"},
                {"-0.001", "0"}, {"2.0005", "2001"}, {"9223372036854775.807", "never"}, {"9223372036854775", "never"},
                {"922337203685477", "922337203685477000"}};
        for (String[] c : cases) {
            HarnessClient client = h.newClient();
            assertNull(h.exec(client, "BLPOP", "nokey", c[0]), c[0]);
            assertTrue(client.isBlocked(), c[0]);
            long deadline = client.blockState().deadline();
            if (c[1].equals("never") || c[1].equals("0")) {
                assertEquals(0, deadline, c[0]);
            } else {
                assertEquals(now + Long.parseLong(c[1]), deadline, c[0]);
            }
        }
    }

    // ---- RESP shapes ---------------------------------------------------------------------------

    @Test
    void replyShapes() {
        h.exec("RPUSH", "l", "a", "b");
        assertEquals(List.of("*2", "$l", "$a"), shape("BLPOP", "l", "0"));
        assertEquals(List.of("*2", "$l", "*1", "$b"), shape("LMPOP", "1", "l", "LEFT"));
        assertEquals(List.of("*0"), shape("LRANGE", "nokey", "0", "-1"));
        assertEquals(List.of(":0"), shape("LLEN", "nokey"));
    }

    // ---- node size and large lists -------------------------------------------------------------

    @Test
    void listMaxListpackSizeSetsTheNodeSize() {
        EngineConfig config = EngineConfig.defaults();
        config.setListMaxListpackSize(4);
        EngineHarness small = new EngineHarness(config);
        for (int i = 0; i < 10; i++) {
            small.exec("RPUSH", "l", "v" + i);
        }
        ListValue l = (ListValue) small.engine().keyspace().db(0).peek(Bytes.utf8("l"));
        assertEquals(3, l.nodeCount());
        assertEquals(List.of(4, 4, 2), List.of(l.nodeSize(0), l.nodeSize(1), l.nodeSize(2)));
        assertEquals(-2, EngineConfig.defaults().listMaxListpackSize());
        assertEquals(0, EngineConfig.defaults().listCompressDepth());
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, 3})
    void randomCommandsMatchAnArrayList(int fill) {
        EngineConfig config = EngineConfig.defaults();
        config.setListMaxListpackSize(fill);
        EngineHarness e = new EngineHarness(config);
        Random random = new Random(7919 + fill);
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            String v = "e" + random.nextInt(30) + (random.nextInt(10) == 0 ? "-".repeat(random.nextInt(500)) : "");
            int size = model.size();
            long index = size == 0 ? random.nextInt(3) - 1 : random.nextInt(2 * size + 2) - size - 1;
            switch (random.nextInt(12)) {
                case 0 -> {
                    assertEquals((long) size + 1, e.exec("LPUSH", "l", v));
                    model.add(0, v);
                }
                case 1 -> {
                    assertEquals((long) size + 1, e.exec("RPUSH", "l", v));
                    model.add(v);
                }
                case 2 -> assertEquals(size == 0 ? null : model.remove(0), e.exec("LPOP", "l"));
                case 3 -> {
                    int n = random.nextInt(4);
                    List<String> popped = new ArrayList<>();
                    for (int i = 0; i < n && !model.isEmpty(); i++) {
                        popped.add(model.remove(model.size() - 1));
                    }
                    assertEquals(size == 0 ? null : popped, e.exec("RPOP", "l", Integer.toString(n)));
                }
                case 4 -> {
                    long i = index < 0 ? index + size : index;
                    assertEquals(i >= 0 && i < size ? model.get((int) i) : null, e.exec("LINDEX", "l", Long.toString(index)));
                }
                case 5 -> {
                    long i = index < 0 ? index + size : index;
                    Object reply = e.exec("LSET", "l", Long.toString(index), v);
                    if (size == 0) {
                        assertEquals(new Err("ERR no such key"), reply);
                    } else if (i >= 0 && i < size) {
                        assertEquals("OK", reply);
                        model.set((int) i, v);
                    } else {
                        assertEquals(new Err("ERR index out of range"), reply);
                    }
                }
                case 6 -> {
                    String pivot = "e" + random.nextInt(30);
                    boolean after = random.nextBoolean();
                    int at = model.indexOf(pivot);
                    Object reply = e.exec("LINSERT", "l", after ? "AFTER" : "BEFORE", pivot, v);
                    if (size == 0) {
                        assertEquals(0L, reply);
                    } else if (at < 0) {
                        assertEquals(-1L, reply);
                    } else {
                        model.add(after ? at + 1 : at, v);
                        assertEquals((long) model.size(), reply);
                    }
                }
                case 7 -> {
                    int count = random.nextInt(5) - 2;
                    long removed = 0;
                    List<String> copy = new ArrayList<>(model);
                    if (count < 0) {
                        Collections.reverse(copy);
                    }
                    for (int i = 0; i < copy.size() && (count == 0 || removed < Math.abs(count)); i++) {
                        if (copy.get(i).equals(v)) {
                            copy.remove(i--);
                            removed++;
                        }
                    }
                    if (count < 0) {
                        Collections.reverse(copy);
                    }
                    model.clear();
                    model.addAll(copy);
                    assertEquals(removed, e.exec("LREM", "l", Integer.toString(count), v));
                }
                case 8 -> {
                    long start = random.nextInt(size + 3) - 1;
                    long stop = random.nextInt(size + 3) - 2;
                    assertEquals(modelRange(model, start, stop), e.exec("LRANGE", "l", Long.toString(start), Long.toString(stop)));
                }
                case 9 -> {
                    if (random.nextInt(20) == 0) {
                        long start = random.nextInt(size + 2);
                        long stop = size - random.nextInt(size + 2);
                        List<String> kept = new ArrayList<>(modelRange(model, start, stop));
                        assertEquals("OK", e.exec("LTRIM", "l", Long.toString(start), Long.toString(stop)));
                        model.clear();
                        model.addAll(kept);
                    }
                }
                case 10 -> {
                    List<Long> positions = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        if (model.get(i).equals(v)) {
                            positions.add((long) i);
                        }
                    }
                    assertEquals(positions, e.exec("LPOS", "l", v, "COUNT", "0"));
                    Collections.reverse(positions);
                    assertEquals(positions.isEmpty() ? null : positions.get(0), e.exec("LPOS", "l", v, "RANK", "-1"));
                }
                default -> {
                    if (!model.isEmpty()) {
                        String moved = model.remove(model.size() - 1);
                        model.add(0, moved);
                        assertEquals(moved, e.exec("RPOPLPUSH", "l", "l"));
                    }
                }
            }
            assertEquals((long) model.size(), e.exec("LLEN", "l"));
        }
        assertEquals(model, e.exec("LRANGE", "l", "0", "-1"));
    }

    private static List<String> modelRange(List<String> model, long start, long stop) {
        int size = model.size();
        if (start < 0) {
            start += size;
        }
        if (stop < 0) {
            stop += size;
        }
        start = Math.max(start, 0);
        if (start > stop || start >= size) {
            return List.of();
        }
        stop = Math.min(stop, size - 1);
        return model.subList((int) start, (int) stop + 1);
    }

    // ---- a recorder of reply calls -------------------------------------------------------------

    /** Records each ReplyWriter call as a short token. */
    static final class ShapeRecorder implements ReplyWriter {
        private final List<String> calls;

        ShapeRecorder(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public int protocol() {
            return 2;
        }

        @Override
        public void ok() {
            calls.add("+OK");
        }

        @Override
        public void simple(String text) {
            calls.add("+" + text);
        }

        @Override
        public void error(CommandError error) {
            calls.add("-" + error.getMessage());
        }

        @Override
        public void integer(long value) {
            calls.add(":" + value);
        }

        @Override
        public void bulk(byte[] value) {
            calls.add("$" + new String(value, StandardCharsets.UTF_8));
        }

        @Override
        public void bulk(byte[] value, int offset, int length) {
            calls.add("$" + new String(value, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void bulk(String text) {
            calls.add("$" + text);
        }

        @Override
        public void nullBulk() {
            calls.add("nullBulk");
        }

        @Override
        public void nullArray() {
            calls.add("nullArray");
        }

        @Override
        public void arrayHeader(int count) {
            calls.add("*" + count);
        }

        @Override
        public void mapHeader(int count) {
            calls.add("%" + count);
        }

        @Override
        public void setHeader(int count) {
            calls.add("~" + count);
        }

        @Override
        public void pushHeader(int count) {
            calls.add(">" + count);
        }

        @Override
        public void doubleValue(double value) {
            calls.add("," + value);
        }

        @Override
        public void bool(boolean value) {
            calls.add("#" + value);
        }

        @Override
        public void verbatim(String format, String text) {
            calls.add("=" + text);
        }
    }
}
