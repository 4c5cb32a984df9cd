package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseCommandsTest {
    private static final Err OUT_OF_RANGE = new Err("ERR DB index is out of range");
    private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    private static final Err NOT_INT32 =
            new Err("ERR value is out of range, value must between -2147483648 and 2147483647");
    private static final Err SYNTAX = new Err("ERR syntax error");

    private final EngineHarness h = new EngineHarness();
    /** The write stream as "db: words", to see which database each entry applies to. */
    private final List<String> stream = new ArrayList<>();

    @BeforeEach
    void recordStreamWithDatabases() {
        h.engine().writeStream().subscribe((offset, db, argv) -> {
            StringBuilder sb = new StringBuilder().append(db).append(':');
            for (byte[] a : argv) {
                sb.append(' ').append(new String(a, StandardCharsets.UTF_8));
            }
            stream.add(sb.toString());
        });
    }

    // ---- SELECT --------------------------------------------------------------------------------

    @Test
    void selectSwitchesTheClientsDatabase() {
        h.exec("SET", "k", "zero");
        assertEquals("OK", h.exec("SELECT", "5"));
        assertEquals(5, h.context().dbIndex());
        assertNull(h.exec("GET", "k"));
        h.exec("SET", "k", "five");
        assertEquals("OK", h.exec("SELECT", "0"));
        assertEquals("zero", h.exec("GET", "k"));
        assertEquals("OK", h.exec("SELECT", "15"));
        assertNull(h.exec("GET", "k"));
        assertEquals(List.of("0: SET k zero", "5: SET k five"), stream, "SELECT itself is not propagated");
    }

    @Test
    void selectErrors() {
        assertEquals(OUT_OF_RANGE, h.exec("SELECT", "16"));
        assertEquals(OUT_OF_RANGE, h.exec("SELECT", "-1"));
        assertEquals(OUT_OF_RANGE, h.exec("SELECT", "2147483647"));
        assertEquals(NOT_INTEGER, h.exec("SELECT", "a"));
        assertEquals(NOT_INTEGER, h.exec("SELECT", "1.5"));
        assertEquals(NOT_INTEGER, h.exec("SELECT", " 1"));
        assertEquals(NOT_INTEGER, h.exec("SELECT", "99999999999999999999"));
        assertEquals(NOT_INT32, h.exec("SELECT", "2147483648"));
        assertEquals(NOT_INT32, h.exec("SELECT", "-2147483649"));
        assertEquals(new Err("ERR wrong number of arguments for 'select' command"), h.exec("SELECT"));
        assertEquals(0, h.context().dbIndex());
    }

    // ---- DBSIZE --------------------------------------------------------------------------------

    @Test
    void dbsizeCountsKeysOfTheSelectedDatabaseIncludingNotYetRemovedExpiredOnes() {
        assertEquals(0L, h.exec("DBSIZE"));
        h.exec("SET", "a", "1");
        h.exec("SET", "b", "1", "PX", "10");
        assertEquals(2L, h.exec("DBSIZE"));
        h.clock().advance(10);
        assertEquals(2L, h.exec("DBSIZE"), "as Redis: the dict size");
        h.exec("GET", "b");
        assertEquals(1L, h.exec("DBSIZE"));
        h.exec("SELECT", "1");
        assertEquals(0L, h.exec("DBSIZE"));
    }

    // ---- FLUSHDB, FLUSHALL ---------------------------------------------------------------------

    @Test
    void flushdbClearsOnlyTheSelectedDatabase() {
        h.exec("SET", "a", "1");
        h.exec("SELECT", "1");
        h.exec("SET", "b", "1");
        stream.clear();
        assertEquals("OK", h.exec("FLUSHDB"));
        assertEquals(0L, h.exec("DBSIZE"));
        h.exec("SELECT", "0");
        assertEquals(1L, h.exec("DBSIZE"));
        assertEquals("OK", h.exec("flushdb", "async"));
        assertEquals("OK", h.exec("FLUSHDB", "SYNC"));
        assertEquals(0L, h.exec("DBSIZE"));
        assertEquals(List.of("1: FLUSHDB", "0: flushdb async", "0: FLUSHDB SYNC"), stream,
                "propagated even when the database was already empty");
    }

    @Test
    void flushallClearsEveryDatabase() {
        h.exec("SET", "a", "1");
        h.exec("SELECT", "7");
        h.exec("SET", "b", "1", "EX", "10");
        stream.clear();
        long dirtyBefore = h.engine().stats().dirty;
        assertEquals("OK", h.exec("FLUSHALL"));
        assertEquals(3L, h.engine().stats().dirty - dirtyBefore, "two keys plus the flush itself");
        assertEquals(0L, h.engine().keyspace().totalKeys());
        assertEquals("OK", h.exec("FLUSHALL", "ASYNC"));
        assertEquals("OK", h.exec("FLUSHALL", "sync"));
        assertEquals(List.of("7: FLUSHALL", "7: FLUSHALL ASYNC", "7: FLUSHALL sync"), stream);
        h.clock().advance(20_000);
        h.cron();
        assertEquals(3, stream.size(), "no expiry survives a flush");
    }

    @Test
    void flushErrors() {
        h.exec("SET", "a", "1");
        assertEquals(SYNTAX, h.exec("FLUSHDB", "foo"));
        assertEquals(SYNTAX, h.exec("FLUSHDB", "ASYNC", "SYNC"));
        assertEquals(SYNTAX, h.exec("FLUSHALL", "foo"));
        assertEquals(SYNTAX, h.exec("FLUSHALL", "sync", "x"));
        assertEquals(1L, h.exec("DBSIZE"));
    }

    // ---- SWAPDB --------------------------------------------------------------------------------

    @Test
    void swapdbExchangesContentsUnderTheClientsFeet() {
        h.exec("SET", "k", "zero");
        h.exec("SET", "t", "v", "EX", "100");
        h.exec("SELECT", "1");
        h.exec("SET", "k", "one");
        stream.clear();
        assertEquals("OK", h.exec("SWAPDB", "0", "1"));
        assertEquals(1, h.context().dbIndex());
        assertEquals("zero", h.exec("GET", "k"));
        assertEquals(100L, h.exec("TTL", "t"));
        assertEquals(2L, h.exec("DBSIZE"));
        h.exec("SELECT", "0");
        assertEquals("one", h.exec("GET", "k"));
        assertEquals("OK", h.exec("SWAPDB", "3", "3"));
        assertEquals(List.of("1: SWAPDB 0 1", "0: SWAPDB 3 3"), stream);
        // expiry follows the keys to their new database
        h.clock().advance(100_000);
        h.cron();
        assertEquals(List.of("1: DEL t"), stream.subList(2, stream.size()));
    }

    @Test
    void swapdbErrors() {
        assertEquals(new Err("ERR invalid first DB index"), h.exec("SWAPDB", "a", "1"));
        assertEquals(new Err("ERR invalid first DB index"), h.exec("SWAPDB", "2147483648", "1"));
        assertEquals(new Err("ERR invalid second DB index"), h.exec("SWAPDB", "1", "a"));
        assertEquals(new Err("ERR invalid second DB index"), h.exec("SWAPDB", "0", "-2147483649"));
        assertEquals(new Err("ERR invalid first DB index"), h.exec("SWAPDB", "x", "y"), "first checked first");
        assertEquals(OUT_OF_RANGE, h.exec("SWAPDB", "-1", "0"));
        assertEquals(OUT_OF_RANGE, h.exec("SWAPDB", "0", "16"));
        assertEquals(new Err("ERR wrong number of arguments for 'swapdb' command"), h.exec("SWAPDB", "0"));
        assertEquals(List.of(), stream);
    }

    // ---- MOVE ----------------------------------------------------------------------------------

    @Test
    void moveTakesValueAndTtlToTheOtherDatabase() {
        h.exec("SET", "k", "v", "PX", "5000");
        long deadline = h.clock().millis() + 5000;
        stream.clear();
        assertEquals(1L, h.exec("MOVE", "k", "2"));
        assertEquals(0L, h.exec("EXISTS", "k"));
        h.exec("SELECT", "2");
        assertEquals("v", h.exec("GET", "k"));
        assertEquals(deadline, h.exec("PEXPIRETIME", "k"));
        assertEquals(List.of("0: MOVE k 2"), stream);
        h.clock().advance(5000);
        h.cron();
        assertEquals(List.of("0: MOVE k 2", "2: DEL k"), stream);
    }

    @Test
    void moveReturnsZeroWhenNothingToMoveOrTargetTaken() {
        h.exec("SET", "k", "here");
        h.exec("SELECT", "1");
        h.exec("SET", "k", "there");
        h.exec("SELECT", "0");
        stream.clear();
        assertEquals(0L, h.exec("MOVE", "k", "1"));
        assertEquals("here", h.exec("GET", "k"));
        assertEquals(0L, h.exec("MOVE", "nope", "1"));
        assertEquals(List.of(), stream);
    }

    @Test
    void moveErrors() {
        h.exec("SET", "k", "v");
        assertEquals(new Err("ERR source and destination objects are the same"), h.exec("MOVE", "k", "0"));
        assertEquals(new Err("ERR source and destination objects are the same"), h.exec("MOVE", "nope", "0"));
        assertEquals(OUT_OF_RANGE, h.exec("MOVE", "k", "16"));
        assertEquals(OUT_OF_RANGE, h.exec("MOVE", "k", "-1"));
        assertEquals(NOT_INTEGER, h.exec("MOVE", "k", "abc"));
        assertEquals(NOT_INT32, h.exec("MOVE", "k", "99999999999"));
        assertEquals(new Err("ERR wrong number of arguments for 'move' command"), h.exec("MOVE", "k"));
        assertEquals(1L, h.exec("EXISTS", "k"));
    }
}
