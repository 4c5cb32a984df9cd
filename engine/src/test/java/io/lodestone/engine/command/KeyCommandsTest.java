package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.testing.CommandInfoLine;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.type.TypedValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KeyCommandsTest {
    private static final Err SYNTAX = new Err("ERR syntax error");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err NO_SUCH_KEY = new Err("ERR no such key");
    private static final Err SAME_OBJECT = new Err("ERR source and destination objects are the same");

    private final EngineHarness h = new EngineHarness();

    /** A stand-in for a collection type, so key commands can be tested before the types exist. */
    static final class FakeList implements TypedValue {
        final List<String> items;

        FakeList(List<String> items) {
            this.items = new ArrayList<>(items);
        }

        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public TypedValue copy() {
            return new FakeList(items);
        }

        @Override
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    private Database db0() {
        return h.engine().keyspace().db(0);
    }

    private void putList(String key, String... items) {
        h.engine().lock().lock();
        try {
            db0().set(key.getBytes(StandardCharsets.UTF_8), new FakeList(List.of(items)));
        } finally {
            h.engine().lock().unlock();
        }
    }

    private long now() {
        return h.clock().millis();
    }

    private static List<List<String>> entries(List<?>... entries) {
        List<List<String>> list = new ArrayList<>();
        for (List<?> e : entries) {
            List<String> words = new ArrayList<>();
            for (Object o : e) {
                words.add(String.valueOf(o));
            }
            list.add(words);
        }
        return list;
    }

    // ---- DEL, UNLINK, EXISTS, TOUCH, TYPE --------------------------------------------------------

    @Test
    void delCountsDeletedKeysAndPropagatesOnlyWhenSomethingWent() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2");
        h.clearStream();
        assertEquals(0L, h.exec("DEL", "nope"));
        assertEquals(List.of(), h.stream());
        assertEquals(2L, h.exec("DEL", "a", "b", "a", "nope"));
        assertEquals(entries(List.of("DEL", "a", "b", "a", "nope")), h.stream());
        assertEquals(0L, h.exec("EXISTS", "a", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'del' command"), h.exec("DEL"));
    }

    @Test
    void unlinkIsDel() {
        h.exec("SET", "a", "1");
        putList("l", "x");
        h.clearStream();
        assertEquals(2L, h.exec("UNLINK", "a", "l", "zz"));
        assertEquals(entries(List.of("UNLINK", "a", "l", "zz")), h.stream());
        assertEquals(0L, h.exec("UNLINK", "a"));
        assertEquals(1, h.stream().size());
    }

    @Test
    void delOfAnExpiredKeyPropagatesTheExpiryOnly() {
        h.exec("SET", "a", "1", "PX", "100");
        h.clearStream();
        h.clock().advance(100);
        assertEquals(0L, h.exec("DEL", "a"));
        assertEquals(entries(List.of("DEL", "a")), h.stream());
    }

    @Test
    void existsCountsRepeatsAndDoesNotTouch() {
        h.exec("SET", "a", "1");
        h.clock().advance(5_000);
        assertEquals(3L, h.exec("EXISTS", "a", "a", "nope", "a"));
        assertEquals(5L, h.exec("OBJECT", "IDLETIME", "a"));
        assertEquals(0L, h.exec("EXISTS", "nope"));
    }

    @Test
    void touchCountsAndResetsIdleTime() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "1");
        h.clock().advance(7_000);
        assertEquals(7L, h.exec("OBJECT", "IDLETIME", "a"));
        assertEquals(3L, h.exec("TOUCH", "a", "b", "a", "nope"));
        assertEquals(0L, h.exec("OBJECT", "IDLETIME", "a"));
        assertEquals(List.of(), h.stream().subList(2, h.stream().size()), "TOUCH is not propagated");
    }

    @Test
    void typeNamesTheValueType() {
        h.exec("SET", "s", "v");
        putList("l", "x");
        assertEquals("string", h.exec("TYPE", "s"));
        assertEquals("list", h.exec("TYPE", "l"));
        assertEquals("none", h.exec("TYPE", "nope"));
        h.exec("SET", "t", "v", "PX", "10");
        h.clock().advance(10);
        assertEquals("none", h.exec("TYPE", "t"));
    }

    @Test
    void readsWithoutTouchStillCountKeyspaceHits() {
        h.exec("SET", "a", "1");
        h.engine().keyspace().resetHitStats();
        h.exec("TYPE", "a");
        h.exec("EXISTS", "a");
        h.exec("TTL", "a");
        h.exec("OBJECT", "ENCODING", "a");
        h.exec("TYPE", "nope");
        assertEquals(4L, h.engine().keyspace().hits());
        assertEquals(1L, h.engine().keyspace().misses());
        h.exec("KEYS", "*");
        h.exec("SCAN", "0");
        h.exec("EXPIRE", "a", "100");
        h.exec("RANDOMKEY");
        assertEquals(4L, h.engine().keyspace().hits(), "iteration and writes do not count");
    }

    // ---- KEYS ----------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Set<String> keys(String pattern) {
        return new TreeSet<>((List<String>) h.exec("KEYS", pattern));
    }

    @Test
    void keysMatchesGlobPatterns() {
        for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "a*b", "")) {
            h.exec("SET", k, "1");
        }
        assertEquals(Set.of("hello", "hallo", "hxllo", "hllo", "heeeello", "a*b", ""), keys("*"));
        assertEquals(Set.of("hello", "hallo", "hxllo"), keys("h?llo"));
        assertEquals(Set.of("hello", "hallo", "hxllo", "hllo", "heeeello"), keys("h*llo"));
        assertEquals(Set.of("hello", "hallo"), keys("h[ae]llo"));
        assertEquals(Set.of("hallo", "hxllo"), keys("h[^e]llo"));
        assertEquals(Set.of("hallo"), keys("h[a-b]llo"));
        assertEquals(Set.of("a*b"), keys("a\\*b"));
        assertEquals(Set.of("hello", "hallo", "hxllo", "hllo", "heeeello", "a*b"), keys("**"),
                "only the exact pattern '*' lists the empty key");
        assertEquals(Set.of(), keys("nomatch*"));
    }

    @Test
    void keysSkipsExpiredKeys() {
        h.exec("SET", "a", "1", "PX", "5");
        h.exec("SET", "b", "1");
        h.clock().advance(5);
        assertEquals(Set.of("b"), keys("*"));
    }

    // ---- SCAN ----------------------------------------------------------------------------------

    @Test
    void scanRepliesCursorAndKeys() {
        h.exec("SET", "a", "1");
        Object reply = h.exec("SCAN", "0");
        assertEquals(List.of("0", List.of("a")), reply);
        assertEquals(List.of("0", List.of()), h.exec("SCAN", "0", "MATCH", "b*"));
    }

    @Test
    void scanRejectsBadCursorsAndOptions() {
        Err invalidCursor = new Err("ERR invalid cursor");
        for (String bad : List.of("abc", "1.5", " 1", "1 ", "+", "-", "0x10", "18446744073709551616",
                "-18446744073709551616", "99999999999999999999")) {
            assertEquals(invalidCursor, h.exec("SCAN", bad), bad);
        }
        assertEquals(invalidCursor, h.exec("SCAN", "abc", "COUNT", "0"), "the cursor is checked first");
        assertEquals(SYNTAX, h.exec("SCAN", "0", "COUNT", "0"));
        assertEquals(SYNTAX, h.exec("SCAN", "0", "COUNT", "-1"));
        assertEquals(NOT_INTEGER, h.exec("SCAN", "0", "COUNT", "abc"));
        assertEquals(SYNTAX, h.exec("SCAN", "0", "MATCH"));
        assertEquals(SYNTAX, h.exec("SCAN", "0", "TYPE"));
        assertEquals(SYNTAX, h.exec("SCAN", "0", "foo"));
        assertEquals(SYNTAX, h.exec("SCAN", "0", "MATCH", "*", "COUNT"));
        assertEquals(new Err("ERR wrong number of arguments for 'scan' command"), h.exec("SCAN"));
    }

    @Test
    void scanAcceptsWhatStrtoulAccepts() {
        h.exec("SET", "a", "1");
        assertEquals(List.of("0", List.of("a")), h.exec("SCAN", ""));
        assertEquals(List.of("0", List.of("a")), h.exec("SCAN", "+0"));
        assertEquals(List.of("0", List.of("a")), h.exec("SCAN", "-0"));
        assertEquals(List.of("0", List.of("a")), h.exec("SCAN", "000"));
        assertEquals(0L, ScanArgs.parseCursor("0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(-1L, ScanArgs.parseCursor("18446744073709551615".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(-1L, ScanArgs.parseCursor("-1".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1L, ScanArgs.parseCursor("-18446744073709551615".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(12L, ScanArgs.parseCursor(new byte[] {'1', '2', 0, 'x'}));
        // a cursor we never handed out just ends the iteration
        assertEquals(List.of("0", List.of()), h.exec("SCAN", "18446744073709551615"));
    }

    @Test
    void scanFiltersByPatternAndType() {
        h.exec("SET", "s1", "v");
        h.exec("SET", "s2", "v");
        putList("l1", "x");
        assertEquals(Set.of("l1"), scanAll("TYPE", "list"));
        assertEquals(Set.of("l1"), scanAll("TYPE", "LIST"));
        assertEquals(Set.of("s1", "s2"), scanAll("TYPE", "string"));
        assertEquals(Set.of(), scanAll("TYPE", "hash"));
        assertEquals(Set.of(), scanAll("TYPE", "nonsense"));
        assertEquals(Set.of("s1", "l1"), scanAll("MATCH", "*1"));
        assertEquals(Set.of("s1"), scanAll("MATCH", "*1", "TYPE", "string", "COUNT", "1"));
        assertEquals(Set.of("s1", "s2", "l1"), scanAll("MATCH", "*"));
    }

    @SuppressWarnings("unchecked")
    private Set<String> scanAll(String... options) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            String[] argv = new String[2 + options.length];
            argv[0] = "SCAN";
            argv[1] = cursor;
            System.arraycopy(options, 0, argv, 2, options.length);
            List<Object> reply = (List<Object>) h.exec(argv);
            cursor = (String) reply.get(0);
            for (String k : (List<String>) reply.get(1)) {
                assertTrue(seen.add(k), "returned twice: " + k);
            }
        } while (!cursor.equals("0"));
        return seen;
    }

    @Test
    @SuppressWarnings("unchecked")
    void scanReturnsEveryStableKeyExactlyOnceWhileTheKeyspaceChanges() {
        Random random = new Random(42);
        Set<String> stable = new HashSet<>();
        Set<String> volatileKeys = new HashSet<>();
        for (int i = 0; i < 6000; i++) {
            String k = "key:" + i;
            h.exec("SET", k, "v");
            if (i % 3 == 0) {
                volatileKeys.add(k); // may be deleted during the scan
            } else {
                stable.add(k);
            }
        }
        Set<String> everExisted = new HashSet<>(stable);
        everExisted.addAll(volatileKeys);
        Map<String, Integer> seen = new HashMap<>();
        String cursor = "0";
        int steps = 0;
        int added = 0;
        do {
            List<Object> reply = (List<Object>) h.exec("SCAN", cursor, "COUNT",
                    Integer.toString(1 + random.nextInt(60)));
            cursor = (String) reply.get(0);
            for (String k : (List<String>) reply.get(1)) {
                seen.merge(k, 1, Integer::sum);
            }
            // churn between steps: delete some volatile keys, add new ones
            for (int j = 0; j < 5 && !volatileKeys.isEmpty(); j++) {
                String victim = volatileKeys.iterator().next();
                volatileKeys.remove(victim);
                h.exec("DEL", victim);
            }
            for (int j = 0; j < 3; j++) {
                String k = "new:" + added++;
                everExisted.add(k);
                h.exec("SET", k, "v");
            }
            steps++;
        } while (!cursor.equals("0"));
        assertTrue(steps > 50, "a real multi-step iteration: " + steps);
        for (String k : stable) {
            assertEquals(1, seen.getOrDefault(k, 0), k);
        }
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
            assertEquals(1, e.getValue(), "returned twice: " + e.getKey());
            assertTrue(everExisted.contains(e.getKey()), e.getKey());
        }
    }

    @Test
    void scanSkipsExpiredKeys() {
        h.exec("SET", "a", "1", "PX", "5");
        h.exec("SET", "b", "1");
        h.clock().advance(5);
        assertEquals(Set.of("b"), scanAll());
    }

    // ---- RANDOMKEY -----------------------------------------------------------------------------

    @Test
    void randomKeyReturnsSomeKeyOrNull() {
        assertNull(h.exec("RANDOMKEY"));
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "1");
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(h.exec("RANDOMKEY"));
        }
        assertEquals(Set.of("a", "b"), seen);
    }

    @Test
    void randomKeyRemovesExpiredKeysItMeets() {
        h.exec("SET", "a", "1", "PX", "5");
        h.clearStream();
        h.clock().advance(5);
        assertNull(h.exec("RANDOMKEY"));
        assertEquals(entries(List.of("DEL", "a")), h.stream());
        assertEquals(0L, h.exec("DBSIZE"));
    }

    // ---- RENAME, RENAMENX ----------------------------------------------------------------------

    @Test
    void renameMovesValueAndTtl() {
        h.exec("SET", "a", "1", "PX", "10000");
        long deadline = now() + 10_000;
        h.clearStream();
        assertEquals("OK", h.exec("RENAME", "a", "b"));
        assertEquals(0L, h.exec("EXISTS", "a"));
        assertEquals("1", h.exec("GET", "b"));
        assertEquals(deadline, h.exec("PEXPIRETIME", "b"));
        assertEquals(entries(List.of("RENAME", "a", "b")), h.stream());
        h.clock().advance(10_000);
        assertNull(h.exec("GET", "b"));
    }

    @Test
    void renameOverwritesTargetAndItsTtl() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2", "EX", "100");
        assertEquals("OK", h.exec("RENAME", "a", "b"));
        assertEquals("1", h.exec("GET", "b"));
        assertEquals(-1L, h.exec("TTL", "b"), "the source had no TTL");
        putList("l", "x");
        assertEquals("OK", h.exec("RENAME", "l", "b"));
        assertEquals("list", h.exec("TYPE", "b"));
    }

    @Test
    void renameErrorsAndSameKey() {
        assertEquals(NO_SUCH_KEY, h.exec("RENAME", "nope", "x"));
        assertEquals(NO_SUCH_KEY, h.exec("RENAME", "nope", "nope"));
        assertEquals(NO_SUCH_KEY, h.exec("RENAMENX", "nope", "x"));
        h.exec("SET", "a", "1", "EX", "100");
        h.clearStream();
        assertEquals("OK", h.exec("RENAME", "a", "a"));
        assertEquals(0L, h.exec("RENAMENX", "a", "a"));
        assertEquals(List.of(), h.stream(), "a rename onto itself changes nothing and is not propagated");
        assertEquals(100L, h.exec("TTL", "a"));
        assertEquals(new Err("ERR wrong number of arguments for 'rename' command"), h.exec("RENAME", "a"));
    }

    @Test
    void renamenxOnlyWhenTargetAbsent() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2");
        h.clearStream();
        assertEquals(0L, h.exec("RENAMENX", "a", "b"));
        assertEquals("2", h.exec("GET", "b"));
        assertEquals(List.of(), h.stream());
        assertEquals(1L, h.exec("RENAMENX", "a", "c"));
        assertEquals("1", h.exec("GET", "c"));
        assertEquals(entries(List.of("RENAMENX", "a", "c")), h.stream());
    }

    @Test
    void renameOntoAnExpiredTargetPropagatesItsDeletionFirst() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2", "PX", "5");
        h.clock().advance(5);
        h.clearStream();
        assertEquals(1L, h.exec("RENAMENX", "a", "b"));
        assertEquals(entries(List.of("DEL", "b"), List.of("RENAMENX", "a", "b")), h.stream());
    }

    // ---- COPY ----------------------------------------------------------------------------------

    @Test
    void copyStringsAndTtl() {
        h.exec("SET", "a", "1", "PX", "5000");
        long deadline = now() + 5000;
        h.clearStream();
        assertEquals(1L, h.exec("COPY", "a", "b"));
        assertEquals("1", h.exec("GET", "b"));
        assertEquals(deadline, h.exec("PEXPIRETIME", "b"));
        assertEquals(entries(List.of("COPY", "a", "b")), h.stream());
        assertEquals(0L, h.exec("COPY", "a", "b"), "the target exists");
        assertEquals(0L, h.exec("COPY", "nope", "c"));
        assertEquals(1, h.stream().size());
    }

    @Test
    void copyReplaceAndOtherDatabase() {
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "2", "EX", "100");
        assertEquals(1L, h.exec("COPY", "a", "b", "REPLACE"));
        assertEquals("1", h.exec("GET", "b"));
        assertEquals(-1L, h.exec("TTL", "b"));
        assertEquals(1L, h.exec("COPY", "a", "a", "DB", "3"));
        assertEquals(0L, h.exec("COPY", "a", "a", "db", "3"));
        assertEquals(1L, h.exec("COPY", "a", "a", "replace", "db", "3"));
        h.exec("SELECT", "3");
        assertEquals("1", h.exec("GET", "a"));
    }

    @Test
    void copyDeepCopiesCollections() {
        putList("l", "x", "y");
        assertEquals(1L, h.exec("COPY", "l", "m"));
        FakeList original = (FakeList) peek("l");
        FakeList copy = (FakeList) peek("m");
        assertNotSame(original, copy);
        assertEquals(original.items, copy.items);
        h.exec("SET", "s", "v");
        assertEquals(1L, h.exec("COPY", "s", "t"));
        assertSame(peek("s"), peek("t"), "immutable strings are shared");
    }

    private Object peek(String key) {
        return db0().peek(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void copyErrors() {
        h.exec("SET", "a", "1");
        assertEquals(SAME_OBJECT, h.exec("COPY", "a", "a"));
        assertEquals(SAME_OBJECT, h.exec("COPY", "a", "a", "DB", "0"));
        assertEquals(SAME_OBJECT, h.exec("COPY", "nope", "nope"), "checked before the lookup");
        assertEquals(new Err("ERR DB index is out of range"), h.exec("COPY", "a", "b", "DB", "16"));
        assertEquals(new Err("ERR DB index is out of range"), h.exec("COPY", "a", "b", "DB", "-1"));
        assertEquals(NOT_INTEGER, h.exec("COPY", "a", "b", "DB", "x"));
        assertEquals(new Err("ERR value is out of range, value must between -2147483648 and 2147483647"),
                h.exec("COPY", "a", "b", "DB", "2147483648"));
        assertEquals(SYNTAX, h.exec("COPY", "a", "b", "DB"));
        assertEquals(SYNTAX, h.exec("COPY", "a", "b", "foo"));
        assertEquals(new Err("ERR wrong number of arguments for 'copy' command"), h.exec("COPY", "a"));
    }

    // ---- EXPIRE family -------------------------------------------------------------------------

    @Test
    void expirePropagatesAbsolutePexpireat() {
        h.exec("SET", "k", "v");
        h.clearStream();
        long t0 = now();
        assertEquals(1L, h.exec("EXPIRE", "k", "100"));
        assertEquals(1L, h.exec("PEXPIRE", "k", "2500"));
        assertEquals(1L, h.exec("EXPIREAT", "k", "4000000000"));
        assertEquals(1L, h.exec("PEXPIREAT", "k", "4000000000123"));
        assertEquals(1L, h.exec("pexpireat", "k", "4000000000124", "xx"));
        assertEquals(1L, h.exec("EXPIRE", "k", "50", "LT"));
        assertEquals(entries(
                List.of("PEXPIREAT", "k", t0 + 100_000),
                List.of("PEXPIREAT", "k", t0 + 2500),
                List.of("PEXPIREAT", "k", 4_000_000_000_000L),
                List.of("PEXPIREAT", "k", "4000000000123"),
                List.of("pexpireat", "k", "4000000000124", "xx"),
                List.of("PEXPIREAT", "k", t0 + 50_000, "LT")), h.stream());
    }

    @Test
    void expireInThePastDeletesAndPropagatesDel() {
        h.exec("SET", "a", "v");
        h.exec("SET", "b", "v");
        h.exec("SET", "c", "v");
        h.exec("SET", "d", "v");
        h.clearStream();
        assertEquals(1L, h.exec("EXPIRE", "a", "0"));
        assertEquals(1L, h.exec("PEXPIRE", "b", "-5"));
        assertEquals(1L, h.exec("EXPIREAT", "c", "1"));
        assertEquals(1L, h.exec("PEXPIREAT", "d", Long.toString(now())));
        assertEquals(0L, h.exec("DBSIZE"));
        assertEquals(entries(List.of("DEL", "a"), List.of("DEL", "b"), List.of("DEL", "c"), List.of("DEL", "d")),
                h.stream());
        assertEquals(0L, h.exec("EXPIRE", "a", "-1"), "no key, nothing to delete");
        assertEquals(4, h.stream().size());
    }

    @Test
    void expireOnMissingKeyIsZero() {
        assertEquals(0L, h.exec("EXPIRE", "nope", "10"));
        assertEquals(0L, h.exec("PEXPIREAT", "nope", "1"));
        assertEquals(List.of(), h.stream());
    }

    @Test
    void expireConditions() {
        h.exec("SET", "k", "v");
        h.clearStream();
        assertEquals(0L, h.exec("EXPIRE", "k", "10", "XX"), "no TTL yet");
        assertEquals(0L, h.exec("EXPIRE", "k", "10", "GT"), "no TTL counts as infinite");
        assertEquals(1L, h.exec("EXPIRE", "k", "10", "NX"));
        assertEquals(0L, h.exec("EXPIRE", "k", "20", "NX"));
        assertEquals(0L, h.exec("EXPIRE", "k", "5", "GT"));
        assertEquals(0L, h.exec("EXPIRE", "k", "10", "GT"), "equal is not greater");
        assertEquals(1L, h.exec("EXPIRE", "k", "50", "GT"));
        assertEquals(0L, h.exec("EXPIRE", "k", "100", "LT"));
        assertEquals(0L, h.exec("EXPIRE", "k", "50", "LT"), "equal is not less");
        assertEquals(1L, h.exec("EXPIRE", "k", "30", "LT", "XX"));
        assertEquals(1L, h.exec("EXPIRE", "k", "40", "gt", "gt"));
        assertEquals(40L, h.exec("TTL", "k"));
        assertEquals(1L, h.exec("PERSIST", "k"));
        assertEquals(1L, h.exec("EXPIRE", "k", "10", "LT"), "any TTL is less than none");
        assertEquals(5, h.stream().stream().filter(e -> e.get(0).equals("PEXPIREAT")).count());
        // a condition that fails stops even a past deadline from deleting
        assertEquals(0L, h.exec("EXPIRE", "k", "-1", "GT"));
        assertEquals(1L, h.exec("EXISTS", "k"));
        assertEquals(1L, h.exec("EXPIRE", "k", "-1", "LT"));
        assertEquals(0L, h.exec("EXISTS", "k"));
    }

    @Test
    void expireErrors() {
        h.exec("SET", "k", "v");
        Err nxAndOthers = new Err("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertEquals(nxAndOthers, h.exec("EXPIRE", "k", "10", "NX", "XX"));
        assertEquals(nxAndOthers, h.exec("EXPIRE", "k", "10", "NX", "GT"));
        assertEquals(nxAndOthers, h.exec("PEXPIRE", "k", "10", "LT", "NX"));
        assertEquals(new Err("ERR GT and LT options at the same time are not compatible"),
                h.exec("EXPIRE", "k", "10", "GT", "LT"));
        assertEquals(new Err("ERR Unsupported option foo"), h.exec("EXPIRE", "k", "10", "foo"));
        assertEquals(new Err("ERR Unsupported option foo"), h.exec("EXPIRE", "k", "abc", "foo"),
                "options are parsed before the time");
        assertEquals(NOT_INTEGER, h.exec("EXPIRE", "k", "abc"));
        assertEquals(NOT_INTEGER, h.exec("EXPIRE", "nope", "1.5"));
        assertEquals(new Err("ERR invalid expire time in 'expire' command"),
                h.exec("EXPIRE", "k", "9223372036854775807"));
        assertEquals(new Err("ERR invalid expire time in 'expire' command"),
                h.exec("EXPIRE", "k", "9223372036854775"), "fits in ms, overflows when now is added");
        assertEquals(new Err("ERR invalid expire time in 'expire' command"),
                h.exec("EXPIRE", "k", "-9223372036854775808"));
        assertEquals(new Err("ERR invalid expire time in 'pexpire' command"),
                h.exec("PEXPIRE", "k", "9223372036854775000"));
        assertEquals(new Err("ERR invalid expire time in 'expireat' command"),
                h.exec("EXPIREAT", "k", "9223372036854776"));
        assertEquals(new Err("ERR invalid expire time in 'expire' command"),
                h.exec("EXPIRE", "nope", "9223372036854775807"), "checked before the key");
        assertEquals(new Err("ERR wrong number of arguments for 'expire' command"), h.exec("EXPIRE", "k"));
        assertEquals(-1L, h.exec("TTL", "k"), "no error changed anything");
        assertEquals(1L, h.exec("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(9223372036854775807L, h.exec("PEXPIRETIME", "k"));
        assertEquals(9223372036854776L, h.exec("EXPIRETIME", "k"), "rounded without overflow");
        assertEquals(1L, h.exec("PEXPIRE", "k", "-9223372036854775808"), "a huge negative is just the past");
        assertEquals(0L, h.exec("EXISTS", "k"));
    }

    @Test
    void keysExpireLazilyAndPropagateDel() {
        h.exec("SET", "k", "v");
        h.exec("PEXPIRE", "k", "1000");
        h.clearStream();
        h.clock().advance(999);
        assertEquals(1L, h.exec("PTTL", "k"));
        assertEquals("v", h.exec("GET", "k"));
        h.clock().advance(1);
        assertEquals(-2L, h.exec("TTL", "k"));
        assertEquals(entries(List.of("DEL", "k")), h.stream());
        assertNull(h.exec("GET", "k"));
        assertEquals(1, h.stream().size(), "deleted once");
    }

    @Test
    void activeExpiryRemovesKeysNobodyReads() {
        for (int i = 0; i < 500; i++) {
            h.exec("SET", "tmp:" + i, "v", "PX", Integer.toString(100 + i));
        }
        h.exec("SET", "keep", "v");
        h.exec("SET", "later", "v", "EX", "3600");
        h.clearStream();
        h.clock().advance(100 + 499);
        assertEquals(502L, h.exec("DBSIZE"), "expired keys count until they are removed");
        h.cron();
        assertEquals(2L, h.exec("DBSIZE"));
        assertEquals(500, h.stream().size());
        assertTrue(h.stream().stream().allMatch(e -> e.size() == 2 && e.get(0).equals("DEL")
                && e.get(1).startsWith("tmp:")));
        assertEquals(Set.of("keep", "later"), keys("*"));
    }

    @Test
    void replicaKeepsPastDeadlinesButReportsKeysMissing() {
        h.exec("SET", "k", "v");
        h.engine().keyspace().setReplica(true);
        h.clearStream();
        assertEquals(1L, h.exec("PEXPIREAT", "k", "1"));
        assertEquals(1L, h.engine().keyspace().db(0).size(), "a replica waits for its master's DEL");
        assertEquals(0L, h.exec("EXISTS", "k"));
        assertEquals(entries(List.of("PEXPIREAT", "k", "1")), h.stream());
    }

    // ---- TTL family, PERSIST -------------------------------------------------------------------

    @Test
    void ttlFamily() {
        assertEquals(-2L, h.exec("TTL", "nope"));
        assertEquals(-2L, h.exec("PTTL", "nope"));
        assertEquals(-2L, h.exec("EXPIRETIME", "nope"));
        assertEquals(-2L, h.exec("PEXPIRETIME", "nope"));
        h.exec("SET", "k", "v");
        assertEquals(-1L, h.exec("TTL", "k"));
        assertEquals(-1L, h.exec("PTTL", "k"));
        assertEquals(-1L, h.exec("EXPIRETIME", "k"));
        assertEquals(-1L, h.exec("PEXPIRETIME", "k"));
        h.exec("PEXPIRE", "k", "10499");
        long deadline = now() + 10_499;
        assertEquals(10L, h.exec("TTL", "k"), "seconds round to nearest");
        assertEquals(10_499L, h.exec("PTTL", "k"));
        assertEquals(deadline, h.exec("PEXPIRETIME", "k"));
        assertEquals((deadline + 500) / 1000, h.exec("EXPIRETIME", "k"));
        h.exec("PEXPIRE", "k", "10500");
        assertEquals(11L, h.exec("TTL", "k"));
        h.clock().advance(10_000);
        assertEquals(500L, h.exec("PTTL", "k"));
        assertEquals(1L, h.exec("TTL", "k"));
        h.clock().advance(1);
        assertEquals(0L, h.exec("TTL", "k"));
        assertEquals(new Err("ERR wrong number of arguments for 'ttl' command"), h.exec("TTL", "a", "b"));
    }

    @Test
    void persistRemovesTtl() {
        h.exec("SET", "k", "v", "EX", "100");
        h.clearStream();
        assertEquals(1L, h.exec("PERSIST", "k"));
        assertEquals(-1L, h.exec("TTL", "k"));
        assertEquals(0L, h.exec("PERSIST", "k"));
        assertEquals(0L, h.exec("PERSIST", "nope"));
        assertEquals(entries(List.of("PERSIST", "k")), h.stream());
        h.clock().advance(200_000);
        assertEquals("v", h.exec("GET", "k"));
    }

    // ---- OBJECT --------------------------------------------------------------------------------

    @Test
    void objectEncodingOfStrings() {
        Map<String, String> cases = new HashMap<>();
        cases.put("123", "int");
        cases.put("-1", "int");
        cases.put("9223372036854775807", "int");
        cases.put("-9223372036854775808", "int");
        cases.put("9223372036854775808", "embstr");
        cases.put("01", "embstr");
        cases.put("+1", "embstr");
        cases.put("1 ", "embstr");
        cases.put("v", "embstr");
        cases.put("x".repeat(44), "embstr");
        cases.put("x".repeat(45), "raw");
        cases.put("1".repeat(45), "raw");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            h.exec("SET", "k", c.getKey());
            assertEquals(c.getValue(), h.exec("OBJECT", "ENCODING", "k"), c.getKey());
        }
        putList("l", "x");
        assertEquals("listpack", h.exec("object", "encoding", "l"));
        assertNull(h.exec("OBJECT", "ENCODING", "nope"));
    }

    @Test
    void objectRefcount() {
        h.exec("SET", "k", "123");
        assertEquals(2147483647L, h.exec("OBJECT", "REFCOUNT", "k"));
        h.exec("SET", "k", "0");
        assertEquals(2147483647L, h.exec("OBJECT", "REFCOUNT", "k"));
        h.exec("SET", "k", "9999");
        assertEquals(2147483647L, h.exec("OBJECT", "REFCOUNT", "k"));
        h.exec("SET", "k", "10000");
        assertEquals(1L, h.exec("OBJECT", "REFCOUNT", "k"));
        h.exec("SET", "k", "-1");
        assertEquals(1L, h.exec("OBJECT", "REFCOUNT", "k"));
        h.exec("SET", "k", "007");
        assertEquals(1L, h.exec("OBJECT", "REFCOUNT", "k"));
        h.exec("SET", "k", "v");
        assertEquals(1L, h.exec("OBJECT", "REFCOUNT", "k"));
        assertNull(h.exec("OBJECT", "REFCOUNT", "nope"));
    }

    @Test
    void objectIdletimeAndFreq() {
        h.exec("SET", "k", "v");
        h.clock().advance(3_000);
        assertEquals(3L, h.exec("OBJECT", "IDLETIME", "k"));
        assertEquals(3L, h.exec("OBJECT", "IDLETIME", "k"), "OBJECT does not touch");
        h.exec("GET", "k");
        assertEquals(0L, h.exec("OBJECT", "IDLETIME", "k"));
        assertNull(h.exec("OBJECT", "IDLETIME", "nope"));
        assertEquals(new Err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please"
                + " note that when switching between policies at runtime LRU and LFU data will take some time to"
                + " adjust."), h.exec("OBJECT", "FREQ", "k"));
        assertNull(h.exec("OBJECT", "FREQ", "nope"), "a missing key is checked first");
    }

    @Test
    void objectHelpAndErrors() {
        Object help = h.exec("OBJECT", "HELP");
        assertEquals(15, ((List<?>) help).size());
        assertEquals("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", ((List<?>) help).get(0));
        assertEquals("    Prints this help.", ((List<?>) help).get(14));
        assertEquals(new Err("ERR unknown subcommand 'foo'. Try OBJECT HELP."), h.exec("OBJECT", "foo"));
        assertEquals(new Err("ERR wrong number of arguments for 'object' command"), h.exec("OBJECT"));
        assertEquals(new Err("ERR wrong number of arguments for 'object|encoding' command"),
                h.exec("OBJECT", "ENCODING"));
        assertEquals(new Err("ERR wrong number of arguments for 'object|encoding' command"),
                h.exec("OBJECT", "ENCODING", "a", "b"));
        assertEquals(new Err("ERR wrong number of arguments for 'object|help' command"),
                h.exec("OBJECT", "HELP", "x"));
    }

    @Test
    void repliesAreTheSameShapeInResp3() {
        h.useProtocol(3);
        h.exec("SET", "a", "1");
        assertEquals(List.of("0", List.of("a")), h.exec("SCAN", "0"));
        assertNull(h.exec("OBJECT", "ENCODING", "nope"));
        assertEquals("string", h.exec("TYPE", "a"));
        assertEquals(1L, h.exec("EXISTS", "a"));
        assertEquals(15, ((List<?>) h.exec("OBJECT", "HELP")).size());
    }

    // ---- the command table ---------------------------------------------------------------------

    /** Arity, flags, legacy key positions and ACL categories as COMMAND INFO prints them on redis 7.0. */
    @Test
    void metadataMatchesRedis() {
        String[] expected = {
            "del -2 [write] 1 -1 1 [@keyspace, @write, @slow]",
            "unlink -2 [write, fast] 1 -1 1 [@keyspace, @write, @fast]",
            "exists -2 [readonly, fast] 1 -1 1 [@keyspace, @read, @fast]",
            "keys 2 [readonly] 0 0 0 [@keyspace, @read, @slow, @dangerous]",
            "scan -2 [readonly] 0 0 0 [@keyspace, @read, @slow]",
            "type 2 [readonly, fast] 1 1 1 [@keyspace, @read, @fast]",
            "rename 3 [write] 1 2 1 [@keyspace, @write, @slow]",
            "renamenx 3 [write, fast] 1 2 1 [@keyspace, @write, @fast]",
            "expire -3 [write, fast] 1 1 1 [@keyspace, @write, @fast]",
            "pexpire -3 [write, fast] 1 1 1 [@keyspace, @write, @fast]",
            "expireat -3 [write, fast] 1 1 1 [@keyspace, @write, @fast]",
            "pexpireat -3 [write, fast] 1 1 1 [@keyspace, @write, @fast]",
            "ttl 2 [readonly, fast] 1 1 1 [@keyspace, @read, @fast]",
            "pttl 2 [readonly, fast] 1 1 1 [@keyspace, @read, @fast]",
            "expiretime 2 [readonly, fast] 1 1 1 [@keyspace, @read, @fast]",
            "pexpiretime 2 [readonly, fast] 1 1 1 [@keyspace, @read, @fast]",
            "persist 2 [write, fast] 1 1 1 [@keyspace, @write, @fast]",
            "randomkey 1 [readonly] 0 0 0 [@keyspace, @read, @slow]",
            "touch -2 [readonly, fast] 1 -1 1 [@keyspace, @read, @fast]",
            "copy -3 [write, denyoom] 1 2 1 [@keyspace, @write, @slow]",
            "object -2 [] 0 0 0 [@slow]",
            "object|idletime 3 [readonly] 2 2 1 [@keyspace, @read, @slow]",
            "object|freq 3 [readonly] 2 2 1 [@keyspace, @read, @slow]",
            "object|encoding 3 [readonly] 2 2 1 [@keyspace, @read, @slow]",
            "object|help 2 [loading, stale] 0 0 0 [@keyspace, @slow]",
            "object|refcount 3 [readonly] 2 2 1 [@keyspace, @read, @slow]",
            "select 2 [loading, stale, fast] 0 0 0 [@fast, @connection]",
            "dbsize 1 [readonly, fast] 0 0 0 [@keyspace, @read, @fast]",
            "flushdb -1 [write] 0 0 0 [@keyspace, @write, @slow, @dangerous]",
            "flushall -1 [write] 0 0 0 [@keyspace, @write, @slow, @dangerous]",
            "swapdb 3 [write, fast] 0 0 0 [@keyspace, @write, @fast, @dangerous]",
            "move 3 [write, fast] 1 1 1 [@keyspace, @write, @fast]",
        };
        CommandTable table = h.engine().commands();
        for (String line : expected) {
            String name = line.substring(0, line.indexOf(' '));
            CommandSpec spec;
            if (name.contains("|")) {
                String[] parts = name.split("\\|");
                spec = table.lookup(parts[0]).subcommand(parts[1].getBytes(StandardCharsets.US_ASCII));
            } else {
                spec = table.lookup(name);
            }
            assertNotNull(spec, name);
            assertEquals(line, CommandInfoLine.describe(spec));
        }
    }

    @Test
    void keySpecsMatchRedis() {
        CommandTable table = h.engine().commands();
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"), KeySpec.range(2, 0, 1, "OW", "UPDATE")),
                table.lookup("rename").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"), KeySpec.range(2, 0, 1, "OW", "INSERT")),
                table.lookup("renamenx").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RO", "ACCESS"), KeySpec.range(2, 0, 1, "OW", "UPDATE")),
                table.lookup("copy").keySpecs());
        assertEquals(List.of(KeySpec.range(1, -1, 1, "RM", "DELETE")), table.lookup("del").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RO", "ACCESS")), table.lookup("ttl").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "UPDATE")), table.lookup("pexpireat").keySpecs());
        assertEquals(List.of(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE")), table.lookup("move").keySpecs());
        assertEquals(List.of(), table.lookup("keys").keySpecs());
        assertEquals("generic", table.lookup("object").subcommand("freq".getBytes(StandardCharsets.US_ASCII)).group());
        assertEquals("connection", table.lookup("select").group());
        assertEquals("server", table.lookup("swapdb").group());
        assertEquals("7.0.0", table.lookup("expiretime").since());
    }

    @Test
    void objectEncodingOfAStringFollowsHowItWasMade() {
        h.exec("SET", "n", "123");
        assertEquals("int", h.exec("OBJECT", "ENCODING", "n"));
        h.exec("APPEND", "n", "4");
        assertEquals("raw", h.exec("OBJECT", "ENCODING", "n"), "APPEND leaves a raw string");
        h.exec("SETRANGE", "r", "0", "ab");
        assertEquals("raw", h.exec("OBJECT", "ENCODING", "r"), "SETRANGE makes a raw string");
        h.exec("SET", "f", "1");
        h.exec("INCRBYFLOAT", "f", "1");
        assertEquals("2", h.exec("GET", "f"));
        assertEquals("embstr", h.exec("OBJECT", "ENCODING", "f"), "a float result is never int");
        h.exec("RENAME", "r", "r2");
        assertEquals("raw", h.exec("OBJECT", "ENCODING", "r2"), "RENAME keeps the encoding");
        h.exec("COPY", "r2", "r3");
        assertEquals("raw", h.exec("OBJECT", "ENCODING", "r3"), "COPY keeps the encoding");
        h.exec("SET", "r3", "ab");
        assertEquals("embstr", h.exec("OBJECT", "ENCODING", "r3"), "a new value forgets how the old was made");
        h.exec("APPEND", "fresh", "12");
        assertEquals("int", h.exec("OBJECT", "ENCODING", "fresh"), "APPEND creating a key encodes it like SET");
    }
}
