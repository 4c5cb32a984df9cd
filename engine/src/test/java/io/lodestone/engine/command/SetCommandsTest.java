package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.testing.ReplyRecorder.SetReply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetCommandsTest {
    private static final Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err SYNTAX = new Err("ERR syntax error");
    private static final Err POP_COUNT = new Err("ERR value is out of range, must be positive");

    private final EngineHarness h = new EngineHarness();

    private boolean exists(String key) {
        return (Long) h.exec("EXISTS", key) == 1L;
    }

    private String encoding(String key) {
        return (String) h.exec("OBJECT", "ENCODING", key);
    }

    /** SADD key with the members given. */
    private void sadd(String key, String... members) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        args.addAll(List.of(members));
        h.exec(args.toArray(new String[0]));
    }

    /** SADD key 0..n-1 (or with a prefix: strings). */
    private void fill(String key, String prefix, int n) {
        String[] members = new String[n];
        for (int i = 0; i < n; i++) {
            members[i] = prefix + i;
        }
        sadd(key, members);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> asSet(Object reply) {
        List<String> list = (List<String>) reply;
        Set<String> set = new HashSet<>(list);
        assertEquals(list.size(), set.size(), "duplicates in " + list);
        return set;
    }

    private Set<String> members(String key) {
        return asSet(h.exec("SMEMBERS", key));
    }

    // ---- SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD ------------------------------------------

    @Test
    void saddCountsNewMembersAndSremRemoves() {
        assertEquals(3L, h.exec("SADD", "s", "a", "b", "c"));
        assertEquals(1L, h.exec("SADD", "s", "a", "d", "d"));
        assertEquals(0L, h.exec("SADD", "s", "a"));
        assertEquals(4L, h.exec("SCARD", "s"));
        assertEquals(Set.of("a", "b", "c", "d"), members("s"));
        assertEquals(2L, h.exec("SREM", "s", "a", "zz", "b", "a"));
        assertEquals(0L, h.exec("SREM", "s", "zz"));
        assertEquals(0L, h.exec("SREM", "nokey", "a"));
        assertEquals(Set.of("c", "d"), members("s"));
        // effective writes only reach the stream
        assertEquals(List.of(List.of("SADD", "s", "a", "b", "c"), List.of("SADD", "s", "a", "d", "d"),
                List.of("SREM", "s", "a", "zz", "b", "a")), h.stream());
    }

    @Test
    void sremOfTheLastMemberDeletesTheKey() {
        sadd("s", "1", "2");
        assertEquals(2L, h.exec("SREM", "s", "1", "2", "3"));
        assertFalse(exists("s"));
        assertEquals(0L, h.exec("SCARD", "s"));
        sadd("t", "a");
        assertEquals(1L, h.exec("SREM", "t", "a"));
        assertFalse(exists("t"));
    }

    @Test
    void membershipQueries() {
        sadd("s", "1", "a");
        assertEquals(1L, h.exec("SISMEMBER", "s", "a"));
        assertEquals(1L, h.exec("SISMEMBER", "s", "1"));
        assertEquals(0L, h.exec("SISMEMBER", "s", "01"));
        assertEquals(0L, h.exec("SISMEMBER", "nokey", "a"));
        assertEquals(List.of(1L, 0L, 1L), h.exec("SMISMEMBER", "s", "a", "b", "1"));
        assertEquals(List.of(0L, 0L), h.exec("SMISMEMBER", "nokey", "a", "b"));
        assertEquals(List.of(), h.exec("SMEMBERS", "nokey"));
        assertEquals(0L, h.exec("SCARD", "nokey"));
        assertTrue(h.stream().size() == 1);
    }

    @Test
    void smembersOfAnIntsetIsSortedAscending() {
        sadd("s", "10", "-3", "7", "9223372036854775807", "-9223372036854775808", "0");
        assertEquals(List.of("-9223372036854775808", "-3", "0", "7", "10", "9223372036854775807"),
                h.exec("SMEMBERS", "s"));
        assertEquals("intset", encoding("s"));
    }

    @Test
    void encodingsFollowRedis70() {
        sadd("ints", "1", "2", "3");
        assertEquals("intset", encoding("ints"));
        sadd("strs", "a", "b");
        assertEquals("hashtable", encoding("strs")); // 7.0 has no listpack sets
        sadd("mixed", "1", "a");
        assertEquals("hashtable", encoding("mixed"));
        sadd("padded", "007");
        assertEquals("hashtable", encoding("padded"));
        fill("big", "", 512);
        assertEquals("intset", encoding("big"));
        sadd("big", "512");
        assertEquals("hashtable", encoding("big"));
        h.exec("SREM", "big", "512", "511");
        assertEquals("hashtable", encoding("big")); // never back
        assertEquals(511L, h.exec("SCARD", "big"));
    }

    @Test
    void intsetLimitFollowsTheConfig() {
        h.engine().config().setSetMaxIntsetEntries(4);
        fill("s", "", 4);
        assertEquals("intset", encoding("s"));
        sadd("s", "4");
        assertEquals("hashtable", encoding("s"));
        assertEquals(Set.of("0", "1", "2", "3", "4"), members("s"));
    }

    @Test
    void everyCommandRejectsOtherTypes() {
        h.exec("SET", "str", "x");
        sadd("s", "a");
        String[][] commands = {
            {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"}, {"SISMEMBER", "str", "a"},
            {"SMISMEMBER", "str", "a"}, {"SCARD", "str"}, {"SPOP", "str"}, {"SPOP", "str", "0"}, {"SPOP", "str", "2"},
            {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"}, {"SRANDMEMBER", "str", "-2"},
            {"SMOVE", "str", "s", "a"}, {"SMOVE", "s", "str", "a"}, {"SMOVE", "s", "str", "zz"},
            {"SINTER", "s", "str"}, {"SINTER", "nokey", "str"}, {"SINTERCARD", "2", "nokey", "str"},
            {"SINTERSTORE", "d", "nokey", "str"}, {"SUNION", "s", "str"}, {"SUNIONSTORE", "d", "str"},
            {"SDIFF", "nokey", "str"}, {"SDIFF", "s", "str"}, {"SDIFFSTORE", "d", "s", "str"}, {"SSCAN", "str", "0"},
        };
        for (String[] c : commands) {
            assertEquals(WRONGTYPE, h.exec(c), String.join(" ", c));
        }
        assertEquals("x", h.exec("GET", "str"));
        assertEquals(Set.of("a"), members("s"));
        assertFalse(exists("d"));
        assertEquals(2, h.stream().size());
    }

    @Test
    void arityIsCheckedByTheTable() {
        assertEquals(new Err("ERR wrong number of arguments for 'sadd' command"), h.exec("SADD", "s"));
        assertEquals(new Err("ERR wrong number of arguments for 'smove' command"), h.exec("SMOVE", "a", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'sintercard' command"), h.exec("SINTERCARD", "1"));
        assertEquals(new Err("ERR wrong number of arguments for 'sscan' command"), h.exec("SSCAN", "s"));
    }

    // ---- RESP3 shapes --------------------------------------------------------------------------

    @Test
    void setRepliesAreResp3SetsAndRandomMembersArrays() {
        h.useProtocol(3);
        sadd("s", "1", "2", "3");
        sadd("t", "2", "x");
        assertInstanceOf(SetReply.class, h.exec("SMEMBERS", "s"));
        assertInstanceOf(SetReply.class, h.exec("SMEMBERS", "nokey"));
        assertInstanceOf(SetReply.class, h.exec("SINTER", "s", "t"));
        assertInstanceOf(SetReply.class, h.exec("SINTER", "s", "nokey"));
        assertInstanceOf(SetReply.class, h.exec("SUNION", "s", "t"));
        assertInstanceOf(SetReply.class, h.exec("SDIFF", "s", "t"));
        assertInstanceOf(SetReply.class, h.exec("SPOP", "nokey", "2"));
        assertInstanceOf(SetReply.class, h.exec("SPOP", "s", "0"));
        assertInstanceOf(SetReply.class, h.exec("SPOP", "s", "1"));
        assertInstanceOf(SetReply.class, h.exec("SPOP", "s", "10")); // the whole set
        Object random = h.exec("SRANDMEMBER", "t", "5");
        assertFalse(random instanceof SetReply);
        assertEquals(Set.of("2", "x"), asSet(random));
        assertFalse(h.exec("SRANDMEMBER", "t", "-3") instanceof SetReply);
        assertFalse(h.exec("SRANDMEMBER", "nokey", "3") instanceof SetReply);
        assertFalse(h.exec("SMISMEMBER", "t", "x") instanceof SetReply);
        Object scan = h.exec("SSCAN", "t", "0");
        assertFalse(scan instanceof SetReply);
        assertFalse(((List<?>) scan).get(1) instanceof SetReply);
        assertNull(h.exec("SPOP", "nokey"));
        assertNull(h.exec("SRANDMEMBER", "nokey"));
        // RESP2: plain arrays
        h.useProtocol(2);
        assertFalse(h.exec("SMEMBERS", "t") instanceof SetReply);
    }

    // ---- SMOVE ---------------------------------------------------------------------------------

    @Test
    void smoveMovesOneMember() {
        sadd("src", "a", "b");
        sadd("dst", "c");
        assertEquals(1L, h.exec("SMOVE", "src", "dst", "a"));
        assertEquals(Set.of("b"), members("src"));
        assertEquals(Set.of("a", "c"), members("dst"));
        assertEquals(0L, h.exec("SMOVE", "src", "dst", "zz"));
        assertEquals(0L, h.exec("SMOVE", "nokey", "dst", "a"));
        // a member already in the destination still leaves the source
        sadd("src", "c");
        assertEquals(1L, h.exec("SMOVE", "src", "dst", "c"));
        assertEquals(Set.of("b"), members("src"));
        // the last member: the source goes, a missing destination is created
        assertEquals(1L, h.exec("SMOVE", "src", "fresh", "b"));
        assertFalse(exists("src"));
        assertEquals(Set.of("b"), members("fresh"));
        assertEquals(List.of(List.of("SADD", "src", "a", "b"), List.of("SADD", "dst", "c"),
                List.of("SMOVE", "src", "dst", "a"), List.of("SADD", "src", "c"), List.of("SMOVE", "src", "dst", "c"),
                List.of("SMOVE", "src", "fresh", "b")), h.stream());
    }

    @Test
    void smoveIntoANewKeyPicksTheEncodingOfTheMember() {
        sadd("src", "5", "x");
        h.exec("SMOVE", "src", "ints", "5");
        assertEquals("intset", encoding("ints"));
        h.exec("SMOVE", "src", "strs", "x");
        assertEquals("hashtable", encoding("strs"));
    }

    @Test
    void smoveWithinOneSetOnlyAnswersMembership() {
        sadd("s", "a");
        assertEquals(1L, h.exec("SMOVE", "s", "s", "a"));
        assertEquals(0L, h.exec("SMOVE", "s", "s", "zz"));
        assertEquals(0L, h.exec("SMOVE", "nokey", "nokey", "a"));
        assertEquals(Set.of("a"), members("s"));
        assertEquals(1, h.stream().size()); // nothing propagated
    }

    @Test
    void smoveChecksTypesLikeRedis() {
        h.exec("SET", "str", "x");
        sadd("s", "a");
        assertEquals(0L, h.exec("SMOVE", "nokey", "str", "a")); // a missing source wins
        assertEquals(WRONGTYPE, h.exec("SMOVE", "s", "str", "zz")); // even for a member not there
        assertEquals(WRONGTYPE, h.exec("SMOVE", "str", "str", "a"));
        assertEquals(Set.of("a"), members("s"));
    }

    // ---- SPOP ----------------------------------------------------------------------------------

    @Test
    void spopRemovesARandomMemberAndPropagatesSrem() {
        sadd("s", "a", "b", "c");
        h.clearStream();
        String popped = (String) h.exec("SPOP", "s");
        assertTrue(Set.of("a", "b", "c").contains(popped));
        assertEquals(2L, h.exec("SCARD", "s"));
        assertFalse(members("s").contains(popped));
        assertEquals(List.of(List.of("SREM", "s", popped)), h.stream());
        assertNull(h.exec("SPOP", "nokey"));
        // popping the last member deletes the key, still propagated as SREM
        sadd("one", "7");
        h.clearStream();
        assertEquals("7", h.exec("SPOP", "one"));
        assertFalse(exists("one"));
        assertEquals(List.of(List.of("SREM", "one", "7")), h.stream());
    }

    @Test
    void spopWithACountPropagatesOneSremPerMemberInATransaction() {
        for (String prefix : new String[] {"", "m"}) { // an intset and a hashtable
            String key = "s" + prefix;
            fill(key, prefix, 50);
            Set<String> before = members(key);
            h.clearStream();
            Object reply = h.exec("SPOP", key, "20");
            Set<String> popped = asSet(reply); // distinct
            assertEquals(20, popped.size());
            assertTrue(before.containsAll(popped));
            Set<String> left = members(key);
            assertEquals(30, left.size());
            Set<String> union = new HashSet<>(left);
            union.addAll(popped);
            assertEquals(before, union);

            List<List<String>> stream = h.stream();
            assertEquals(22, stream.size());
            assertEquals(List.of("MULTI"), stream.get(0));
            assertEquals(List.of("EXEC"), stream.get(21));
            List<String> propagated = new ArrayList<>();
            for (List<String> entry : stream.subList(1, 21)) {
                assertEquals(List.of("SREM", key), entry.subList(0, 2));
                assertEquals(3, entry.size());
                propagated.add(entry.get(2));
            }
            assertEquals(reply, propagated); // same members, same order
        }
    }

    @Test
    void spopOfOneWithACountIsASingleSrem() {
        sadd("s", "a", "b");
        h.clearStream();
        List<?> popped = (List<?>) h.exec("SPOP", "s", "1");
        assertEquals(1, popped.size());
        assertEquals(List.of(List.of("SREM", "s", popped.get(0))), h.stream());
    }

    @Test
    void spopOfTheWholeSetPropagatesDel() {
        sadd("s", "3", "1", "2");
        h.clearStream();
        assertEquals(List.of("1", "2", "3"), h.exec("SPOP", "s", "3")); // an intset, in order
        assertFalse(exists("s"));
        assertEquals(List.of(List.of("DEL", "s")), h.stream());
        sadd("t", "a", "b");
        h.clearStream();
        assertEquals(Set.of("a", "b"), asSet(h.exec("SPOP", "t", "9223372036854775807")));
        assertFalse(exists("t"));
        assertEquals(List.of(List.of("DEL", "t")), h.stream());
    }

    @Test
    void spopCountErrorsAndEmptyCases() {
        sadd("s", "a");
        assertEquals(POP_COUNT, h.exec("SPOP", "s", "-1"));
        assertEquals(POP_COUNT, h.exec("SPOP", "s", "abc"));
        assertEquals(POP_COUNT, h.exec("SPOP", "nokey", "-1"));
        h.exec("SET", "str", "x");
        assertEquals(POP_COUNT, h.exec("SPOP", "str", "-1")); // the count is checked before the type
        assertEquals(SYNTAX, h.exec("SPOP", "s", "1", "2"));
        assertEquals(List.of(), h.exec("SPOP", "s", "0"));
        assertEquals(List.of(), h.exec("SPOP", "nokey", "5"));
        assertEquals(Set.of("a"), members("s"));
        assertEquals(2, h.stream().size());
    }

    @Test
    void spopDrainsLargeSetsCompletely() {
        fill("s", "m", 3000);
        Set<String> seen = new HashSet<>();
        while (exists("s")) {
            for (Object m : (List<?>) h.exec("SPOP", "s", "700")) {
                assertTrue(seen.add((String) m), "popped twice: " + m);
            }
        }
        assertEquals(3000, seen.size());
    }

    /** A replica applying the write stream ends with the same sets, whatever SPOP picked. */
    @Test
    void replayingTheStreamReproducesEverySet() {
        java.util.Random random = new java.util.Random(42);
        String[] keys = {"a", "b", "c"};
        for (int i = 0; i < 3000; i++) {
            String key = keys[random.nextInt(keys.length)];
            String other = keys[random.nextInt(keys.length)];
            String member = random.nextBoolean() ? Integer.toString(random.nextInt(700)) : "m" + random.nextInt(50);
            switch (random.nextInt(9)) {
                case 0, 1 -> h.exec("SADD", key, member, Integer.toString(random.nextInt(700)));
                case 2 -> h.exec("SREM", key, member);
                case 3 -> h.exec("SPOP", key);
                case 4 -> h.exec("SPOP", key, Integer.toString(random.nextInt(40)));
                case 5 -> h.exec("SMOVE", key, other, member);
                case 6 -> h.exec("SINTERSTORE", key, other, keys[random.nextInt(keys.length)]);
                case 7 -> h.exec("SUNIONSTORE", key, other, key);
                default -> h.exec("SDIFFSTORE", key, other, keys[random.nextInt(keys.length)]);
            }
        }
        EngineHarness replica = new EngineHarness();
        for (List<String> entry : h.stream()) {
            if (!entry.get(0).equals("MULTI") && !entry.get(0).equals("EXEC")) {
                replica.exec(entry.toArray(new String[0]));
            }
        }
        for (String key : keys) {
            assertEquals(h.exec("TYPE", key), replica.exec("TYPE", key), key);
            if (exists(key)) {
                assertEquals(members(key), asSet(replica.exec("SMEMBERS", key)), key);
            }
        }
    }

    // ---- SRANDMEMBER ---------------------------------------------------------------------------

    @Test
    void srandmemberReturnsMembersWithoutRemovingThem() {
        for (String prefix : new String[] {"", "m"}) {
            String key = "s" + prefix;
            fill(key, prefix, 100);
            Set<String> all = members(key);
            assertTrue(all.contains((String) h.exec("SRANDMEMBER", key)));
            for (int count : new int[] {1, 5, 30, 60, 99, 100}) {
                Set<String> got = asSet(h.exec("SRANDMEMBER", key, Integer.toString(count)));
                assertEquals(count, got.size());
                assertTrue(all.containsAll(got));
            }
            assertEquals(all, asSet(h.exec("SRANDMEMBER", key, "1000")));
            // negative: exactly |count| draws, repeats allowed
            List<?> draws = (List<?>) h.exec("SRANDMEMBER", key, "-500");
            assertEquals(500, draws.size());
            assertTrue(all.containsAll(draws));
            assertTrue(new HashSet<>(draws).size() < 500);
            assertEquals(100L, h.exec("SCARD", key));
        }
        assertEquals(2, h.stream().size());
    }

    @Test
    void srandmemberDistinctPicksCoverTheSet() {
        fill("s", "m", 10);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.addAll(asSet(h.exec("SRANDMEMBER", "s", "2")));
        }
        assertEquals(members("s"), seen);
    }

    @Test
    void srandmemberCountEdgesAndErrors() {
        sadd("s", "a", "b");
        assertEquals(List.of(), h.exec("SRANDMEMBER", "s", "0"));
        assertEquals(List.of(), h.exec("SRANDMEMBER", "nokey", "3"));
        assertEquals(List.of(), h.exec("SRANDMEMBER", "nokey", "-3"));
        assertNull(h.exec("SRANDMEMBER", "nokey"));
        assertEquals(NOT_INTEGER, h.exec("SRANDMEMBER", "s", "abc"));
        assertEquals(NOT_INTEGER, h.exec("SRANDMEMBER", "nokey", "abc"));
        assertEquals(new Err("ERR value is out of range, value must between -9223372036854775807 and"
                + " 9223372036854775807"), h.exec("SRANDMEMBER", "s", "-9223372036854775808"));
        assertEquals(SYNTAX, h.exec("SRANDMEMBER", "s", "1", "2"));
        assertEquals(Set.of("a", "b"), asSet(h.exec("SRANDMEMBER", "s", "9223372036854775807")));
        assertEquals(List.of(), h.exec("SRANDMEMBER", "nokey", "-9223372036854775807"));
    }

    // ---- SINTER SINTERCARD SINTERSTORE ---------------------------------------------------------

    @Test
    void sinterIntersectsEveryKey() {
        sadd("a", "1", "2", "3", "4");
        sadd("b", "3", "4", "5");
        sadd("c", "x", "4", "3");
        assertEquals(List.of("3", "4"), h.exec("SINTER", "a", "b")); // the smallest set is an intset: in order
        assertEquals(Set.of("3", "4"), asSet(h.exec("SINTER", "a", "b", "c")));
        assertEquals(List.of("1", "2", "3", "4"), h.exec("SINTER", "a"));
        assertEquals(List.of("1", "2", "3", "4"), h.exec("SINTER", "a", "a"));
        assertEquals(List.of(), h.exec("SINTER", "a", "nokey"));
        assertEquals(List.of(), h.exec("SINTER", "nokey"));
    }

    @Test
    void sintercardCountsUpToTheLimit() {
        sadd("a", "1", "2", "3", "4");
        sadd("b", "3", "4", "5", "1");
        assertEquals(3L, h.exec("SINTERCARD", "2", "a", "b"));
        assertEquals(1L, h.exec("SINTERCARD", "2", "a", "b", "LIMIT", "1"));
        assertEquals(3L, h.exec("SINTERCARD", "2", "a", "b", "limit", "0"));
        assertEquals(3L, h.exec("SINTERCARD", "2", "a", "b", "LIMIT", "10"));
        assertEquals(2L, h.exec("SINTERCARD", "2", "a", "b", "LIMIT", "5", "LIMIT", "2")); // the last one counts
        assertEquals(4L, h.exec("SINTERCARD", "1", "a"));
        assertEquals(0L, h.exec("SINTERCARD", "2", "a", "nokey"));
    }

    @Test
    void sintercardErrors() {
        sadd("s", "1");
        Err numKeys = new Err("ERR numkeys should be greater than 0");
        Err tooMany = new Err("ERR Number of keys can't be greater than number of args");
        Err negativeLimit = new Err("ERR LIMIT can't be negative");
        assertEquals(numKeys, h.exec("SINTERCARD", "0", "s"));
        assertEquals(numKeys, h.exec("SINTERCARD", "-1", "s"));
        assertEquals(numKeys, h.exec("SINTERCARD", "abc", "s"));
        assertEquals(numKeys, h.exec("SINTERCARD", "99999999999999999999", "s"));
        assertEquals(tooMany, h.exec("SINTERCARD", "2", "s"));
        assertEquals(tooMany, h.exec("SINTERCARD", "9999999999999", "s"));
        assertEquals(negativeLimit, h.exec("SINTERCARD", "1", "s", "LIMIT", "-1"));
        assertEquals(negativeLimit, h.exec("SINTERCARD", "1", "s", "LIMIT", "abc"));
        assertEquals(SYNTAX, h.exec("SINTERCARD", "1", "s", "LIMIT"));
        assertEquals(SYNTAX, h.exec("SINTERCARD", "1", "s", "LIMIT", "1", "2"));
        assertEquals(SYNTAX, h.exec("SINTERCARD", "1", "s", "FOO", "1"));
    }

    @Test
    void sinterstoreReplacesTheDestination() {
        sadd("a", "1", "2", "3", "x");
        sadd("b", "2", "3", "x", "y");
        h.exec("SET", "d", "a string");
        h.exec("EXPIRE", "d", "100");
        assertEquals(3L, h.exec("SINTERSTORE", "d", "a", "b"));
        assertEquals(Set.of("2", "3", "x"), members("d"));
        assertEquals(-1L, h.exec("TTL", "d"));
        assertEquals("hashtable", encoding("d"));
        assertEquals(0L, h.exec("SINTERSTORE", "ints", "a", "b", "nokey"));
        assertFalse(exists("ints"));
        sadd("c", "3", "2", "9");
        assertEquals(2L, h.exec("SINTERSTORE", "ints", "a", "c"));
        assertEquals(List.of("2", "3"), h.exec("SMEMBERS", "ints"));
        assertEquals("intset", encoding("ints")); // a result of integers is an intset again
        assertEquals(List.of("SINTERSTORE", "d", "a", "b"), h.stream().get(4));
    }

    @Test
    void anEmptyStoreResultDeletesTheDestination() {
        sadd("a", "1", "2");
        sadd("b", "3");
        for (String[] command : new String[][] {
            {"SINTERSTORE", "d", "a", "b"}, {"SINTERSTORE", "d", "a", "nokey"}, {"SUNIONSTORE", "d", "nokey"},
            {"SDIFFSTORE", "d", "a", "a"}, {"SDIFFSTORE", "d", "nokey", "a"},
        }) {
            h.exec("SET", "d", "old");
            h.clearStream();
            assertEquals(0L, h.exec(command), String.join(" ", command));
            assertFalse(exists("d"));
            assertEquals(List.of(List.of(command)), h.stream()); // the deletion propagates
            // with nothing to delete, nothing happens and nothing propagates
            h.clearStream();
            assertEquals(0L, h.exec(command));
            assertEquals(List.of(), h.stream());
        }
    }

    // ---- SUNION SUNIONSTORE SDIFF SDIFFSTORE ---------------------------------------------------

    @Test
    void sunionAddsEverySet() {
        sadd("a", "3", "1");
        sadd("b", "2", "3");
        sadd("c", "x", "1");
        assertEquals(List.of("1", "2", "3"), h.exec("SUNION", "a", "b", "nokey")); // an intset result: in order
        assertEquals(Set.of("1", "2", "3", "x"), asSet(h.exec("SUNION", "a", "b", "c")));
        assertEquals(List.of(), h.exec("SUNION", "nokey"));
        assertEquals(4L, h.exec("SUNIONSTORE", "d", "a", "b", "c"));
        assertEquals(Set.of("1", "2", "3", "x"), members("d"));
        assertEquals("hashtable", encoding("d"));
        assertEquals(3L, h.exec("SUNIONSTORE", "a", "a", "b")); // a source may be the destination
        assertEquals(List.of("1", "2", "3"), h.exec("SMEMBERS", "a"));
        assertEquals("intset", encoding("a"));
    }

    @Test
    void sunionstoreOfManyIntegersConvertsLikeSadd() {
        fill("a", "", 300);
        sadd("b", "1000");
        fill("c", "", 600);
        assertEquals(301L, h.exec("SUNIONSTORE", "d", "a", "b"));
        assertEquals("intset", encoding("d"));
        assertEquals(601L, h.exec("SUNIONSTORE", "d", "c", "b"));
        assertEquals("hashtable", encoding("d"));
    }

    @Test
    void sdiffSubtractsTheOtherSets() {
        sadd("a", "1", "2", "3", "4", "x");
        sadd("b", "2", "x");
        sadd("c", "4", "zz");
        assertEquals(Set.of("1", "3"), asSet(h.exec("SDIFF", "a", "b", "c")));
        assertEquals(Set.of("1", "2", "3", "4", "x"), asSet(h.exec("SDIFF", "a", "nokey")));
        assertEquals(List.of(), h.exec("SDIFF", "nokey", "a"));
        assertEquals(List.of(), h.exec("SDIFF", "a", "a"));
        sadd("ints", "5", "1", "9");
        assertEquals(List.of("1", "5", "9"), h.exec("SDIFF", "ints", "b")); // an intset result: in order
        assertEquals(2L, h.exec("SDIFFSTORE", "d", "a", "b", "c"));
        assertEquals(Set.of("1", "3"), members("d"));
        assertEquals("intset", encoding("d"));
        assertEquals(List.of("SDIFFSTORE", "d", "a", "b", "c"), h.stream().get(h.stream().size() - 1));
    }

    @Test
    void sdiffstoreEncodingFollowsRedissChoiceOfAlgorithm() {
        sadd("a", "1", "2", "3", "4", "5", "x");
        sadd("b", "x");
        sadd("c", "x");
        // few sets to check against: each member of a is looked up, the result built from integers
        assertEquals(5L, h.exec("SDIFFSTORE", "d1", "a", "b"));
        assertEquals("intset", encoding("d1"));
        // more lookups than members: a is copied (with "x", so as a hashtable), then b and c removed
        assertEquals(5L, h.exec("SDIFFSTORE", "d2", "a", "b", "c"));
        assertEquals("hashtable", encoding("d2"));
        assertEquals(Set.of("1", "2", "3", "4", "5"), members("d2"));
        assertEquals(5L, h.exec("SDIFFSTORE", "d3", "a", "b", "nokey", "c")); // missing keys do not count
        assertEquals("hashtable", encoding("d3"));
        assertEquals(0L, h.exec("SDIFFSTORE", "d4", "a", "b", "c", "a"));
        assertFalse(exists("d4"));
    }

    // ---- SSCAN ---------------------------------------------------------------------------------

    @Test
    void sscanOfAnIntsetReturnsEverythingAtOnce() {
        sadd("s", "3", "1", "2", "10");
        assertEquals(List.of("0", List.of("1", "2", "3", "10")), h.exec("SSCAN", "s", "0", "COUNT", "1"));
        assertEquals(List.of("0", List.of("1", "2", "3", "10")), h.exec("SSCAN", "s", "5"));
        assertEquals(List.of("0", List.of("1", "10")), h.exec("SSCAN", "s", "18446744073709551615", "MATCH", "1*"));
        assertEquals(List.of("0", List.of()), h.exec("SSCAN", "nokey", "0"));
    }

    @Test
    void sscanOfAHashtableWalksWithACursor() {
        fill("s", "m", 1000);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int steps = 0;
        do {
            List<?> reply = (List<?>) h.exec("SSCAN", "s", cursor, "COUNT", "20");
            cursor = (String) reply.get(0);
            for (Object m : (List<?>) reply.get(1)) {
                seen.add((String) m);
            }
            steps++;
        } while (!cursor.equals("0"));
        assertEquals(members("s"), seen);
        assertTrue(steps > 10, "steps: " + steps);

        Set<String> matched = new HashSet<>();
        cursor = "0";
        do {
            List<?> reply = (List<?>) h.exec("SSCAN", "s", cursor, "MATCH", "m1?", "COUNT", "100");
            cursor = (String) reply.get(0);
            for (Object m : (List<?>) reply.get(1)) {
                matched.add((String) m);
            }
        } while (!cursor.equals("0"));
        assertEquals(Set.of("m10", "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19"), matched);
    }

    @Test
    void sscanErrors() {
        sadd("s", "1");
        assertEquals(new Err("ERR invalid cursor"), h.exec("SSCAN", "s", "abc"));
        assertEquals(new Err("ERR invalid cursor"), h.exec("SSCAN", "nokey", "abc"));
        assertEquals(new Err("ERR invalid cursor"), h.exec("SSCAN", "s", "18446744073709551616"));
        assertEquals(SYNTAX, h.exec("SSCAN", "s", "0", "COUNT", "0"));
        assertEquals(SYNTAX, h.exec("SSCAN", "s", "0", "COUNT", "-1"));
        assertEquals(NOT_INTEGER, h.exec("SSCAN", "s", "0", "COUNT", "abc"));
        assertEquals(SYNTAX, h.exec("SSCAN", "s", "0", "MATCH"));
        assertEquals(SYNTAX, h.exec("SSCAN", "s", "0", "FOO", "bar"));
        // options are not read for a missing key, as in Redis
        assertEquals(List.of("0", List.of()), h.exec("SSCAN", "nokey", "0", "COUNT", "0"));
    }

    // ---- the command table ---------------------------------------------------------------------

    /** Arity, flags, legacy key positions, ACL categories and tips as COMMAND INFO prints them on redis 7.0. */
    @Test
    void metadataMatchesRedis() {
        String[] expected = {
            "sadd -3 [write, denyoom, fast] 1 1 1 [@write, @set, @fast] []",
            "srem -3 [write, fast] 1 1 1 [@write, @set, @fast] []",
            "smembers 2 [readonly] 1 1 1 [@read, @set, @slow] [nondeterministic_output_order]",
            "sismember 3 [readonly, fast] 1 1 1 [@read, @set, @fast] []",
            "smismember -3 [readonly, fast] 1 1 1 [@read, @set, @fast] []",
            "scard 2 [readonly, fast] 1 1 1 [@read, @set, @fast] []",
            "spop -2 [write, fast] 1 1 1 [@write, @set, @fast] [nondeterministic_output]",
            "srandmember -2 [readonly] 1 1 1 [@read, @set, @slow] [nondeterministic_output]",
            "smove 4 [write, fast] 1 2 1 [@write, @set, @fast] []",
            "sinter -2 [readonly] 1 -1 1 [@read, @set, @slow] [nondeterministic_output_order]",
            "sintercard -3 [readonly, movablekeys] 0 0 0 [@read, @set, @slow] []",
            "sinterstore -3 [write, denyoom] 1 -1 1 [@write, @set, @slow] []",
            "sunion -2 [readonly] 1 -1 1 [@read, @set, @slow] [nondeterministic_output_order]",
            "sunionstore -3 [write, denyoom] 1 -1 1 [@write, @set, @slow] []",
            "sdiff -2 [readonly] 1 -1 1 [@read, @set, @slow] [nondeterministic_output_order]",
            "sdiffstore -3 [write, denyoom] 1 -1 1 [@write, @set, @slow] []",
            "sscan -3 [readonly] 1 1 1 [@read, @set, @slow] [nondeterministic_output]",
        };
        CommandTable table = h.engine().commands();
        for (String line : expected) {
            CommandSpec spec = table.lookup(line.substring(0, line.indexOf(' ')));
            assertNotNull(spec, line);
            List<String> flags = new ArrayList<>();
            for (CommandFlag f : spec.flags()) {
                flags.add(f.wireName());
            }
            assertEquals(line, spec.name() + " " + spec.arity() + " " + flags + " " + spec.firstKey() + " "
                    + spec.lastKey() + " " + spec.keyStep() + " " + spec.aclCategories() + " " + spec.tips());
            assertEquals("set", spec.group());
        }
        assertEquals("7.0.0", table.lookup("sintercard").since());
        assertEquals("6.2.0", table.lookup("smismember").since());
        assertEquals("2.8.0", table.lookup("sscan").since());
        assertEquals("1.0.0", table.lookup("smove").since());
    }

    @Test
    void keySpecsMatchRedis() {
        CommandTable table = h.engine().commands();
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "INSERT")), table.lookup("sadd").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "DELETE")), table.lookup("srem").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RO")), table.lookup("sismember").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RO", "ACCESS")), table.lookup("smismember").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE")), table.lookup("spop").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"), KeySpec.range(2, 0, 1, "RW", "INSERT")),
                table.lookup("smove").keySpecs());
        assertEquals(List.of(KeySpec.range(1, -1, 1, "RO", "ACCESS")), table.lookup("sdiff").keySpecs());
        assertEquals(List.of(KeySpec.keyNum(1, 0, 1, 1, "RO", "ACCESS")), table.lookup("sintercard").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "UPDATE"), KeySpec.range(2, -1, 1, "RO", "ACCESS")),
                table.lookup("sinterstore").keySpecs());
        for (String name : new String[] {"sunionstore", "sdiffstore"}) {
            assertEquals(List.of(KeySpec.range(1, 0, 1, "OW", "UPDATE"), KeySpec.range(2, -1, 1, "RO", "ACCESS")),
                    table.lookup(name).keySpecs());
        }
    }

    @Test
    void copyAndTypeSeeSets() {
        sadd("s", "1", "a");
        assertEquals("set", h.exec("TYPE", "s"));
        assertEquals(1L, h.exec("COPY", "s", "t"));
        h.exec("SADD", "t", "b");
        assertEquals(Set.of("1", "a"), members("s"));
        assertEquals(Set.of("1", "a", "b"), members("t"));
        assertEquals(Arrays.asList(1L, 1L, 0L), h.exec("SMISMEMBER", "t", "1", "b", "c"));
    }
}
