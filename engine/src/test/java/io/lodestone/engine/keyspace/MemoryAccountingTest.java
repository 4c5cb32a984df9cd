package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.util.HeapSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The memory estimate kept incrementally by every write path equals a recount from scratch. */
class MemoryAccountingTest {
    private final EngineHarness h = new EngineHarness();
    private final Keyspace keyspace = h.engine().keyspace();

    /** Asserts that each database's running estimate and the keyspace's total equal a recount. */
    private void assertConsistent(String after) {
        long total = 0;
        for (int d = 0; d < keyspace.databaseCount(); d++) {
            Database db = keyspace.db(d);
            assertEquals(db.recountMemoryBytes(), db.memoryBytes(), "db" + d + " after " + after);
            total += db.memoryBytes();
        }
        assertEquals(total, keyspace.datasetBytes(), "keyspace total after " + after);
        assertEquals(MemoryManager.STARTUP_BYTES + total, h.engine().memory().usedMemory());
    }

    @Test
    void emptyKeyspaceCostsNothingAndReturnsToNothing() {
        assertConsistent("start");
        assertEquals(0, keyspace.datasetBytes());
        h.exec("SET", "a", "1");
        h.exec("HSET", "h", "f", "v");
        h.exec("SADD", "s", "x", "1");
        h.exec("SET", "t", "v", "EX", "100");
        assertConsistent("writes");
        h.exec("DEL", "a", "h", "s", "t");
        assertEquals(0, keyspace.datasetBytes());
    }

    @Test
    void aStringEntryCostsItsEntryKeyAndValue() {
        h.exec("SET", "k", "v");
        long expected = Database.SLOT_TABLE_BYTES + Database.ENTRY_BYTES + HeapSize.byteArray(1) * 2;
        assertEquals(expected, keyspace.datasetBytes());
        h.exec("EXPIRE", "k", "100");
        assertEquals(expected + Database.EXPIRE_BYTES, keyspace.datasetBytes());
        h.exec("PERSIST", "k");
        assertEquals(expected, keyspace.datasetBytes());
        h.exec("APPEND", "k", "x".repeat(100)); // a longer value
        assertEquals(expected - HeapSize.byteArray(1) + HeapSize.byteArray(101), keyspace.datasetBytes());
    }

    @Test
    void valuesChangedInPlaceAreMeasuredAgain() {
        h.exec("HSET", "h", "f", "v");
        long small = keyspace.datasetBytes();
        h.exec("HSET", "h", "f2", "x".repeat(40));
        assertConsistent("HSET growing a listpack");
        h.exec("HSET", "h", "big", "y".repeat(200)); // converts to a hashtable
        assertConsistent("HSET converting");
        h.exec("HDEL", "h", "big", "f2");
        assertConsistent("HDEL");
        h.exec("SADD", "s", "1", "2", "3");
        h.exec("SADD", "s", "100000"); // widens the intset
        h.exec("SADD", "s", "member");
        assertConsistent("SADD converting");
        h.exec("SMOVE", "s", "s2", "member"); // creates s2 and then adds to it
        assertConsistent("SMOVE to a new set");
        h.exec("HDEL", "h", "f");
        h.exec("SREM", "s2", "member"); // both keys leave as they become empty
        assertConsistent("removals to empty");
        h.exec("HSET", "h", "f", "v");
        assertEquals(small + keyspace.db(0).memoryUsage("s".getBytes()) + Database.SLOT_TABLE_BYTES,
                keyspace.datasetBytes(), "h as small as it was, s in its own slot");
    }

    @Test
    void flushSwapAndMoveKeepTheTotals() {
        h.exec("SET", "a", "1");
        h.exec("HSET", "h", "f", "v");
        h.exec("SELECT", "1");
        h.exec("SADD", "s", "x");
        h.exec("SET", "b", "2", "EX", "50");
        assertConsistent("two databases");
        h.exec("SWAPDB", "0", "1");
        assertConsistent("SWAPDB");
        h.exec("MOVE", "a", "0");
        h.exec("COPY", "h", "h2", "DB", "0");
        assertConsistent("MOVE and COPY");
        h.exec("FLUSHDB");
        assertConsistent("FLUSHDB");
        h.exec("FLUSHALL");
        assertConsistent("FLUSHALL");
        assertEquals(0, keyspace.datasetBytes());
    }

    /** Random writes, deletions, expiries and conversions over every type: the estimate never drifts. */
    @Test
    void randomWorkloadMatchesARecountAfterEveryCommand() {
        Random random = new Random(42);
        for (int step = 0; step < 4000; step++) {
            List<String> command = randomCommand(random);
            h.exec(command.toArray(new String[0]));
            if (random.nextInt(50) == 0) {
                h.clock().advance(random.nextInt(3000));
                h.cron(); // active expiry
            }
            assertConsistent(command.toString());
        }
    }

    private static List<String> randomCommand(Random r) {
        String key = "k" + r.nextInt(30);
        String other = "k" + r.nextInt(30);
        String field = "f" + r.nextInt(12);
        String value = r.nextInt(10) == 0 ? "v".repeat(70 + r.nextInt(100)) : "v" + r.nextInt(1000);
        String member = r.nextBoolean() ? Integer.toString(r.nextInt(700) - 100) : "m" + r.nextInt(20);
        List<String> c = new ArrayList<>();
        switch (r.nextInt(24)) {
            case 0 -> c.addAll(List.of("SET", key, value));
            case 1 -> c.addAll(List.of("SET", key, value, "PX", Integer.toString(1 + r.nextInt(4000))));
            case 2 -> c.addAll(List.of("APPEND", key, value));
            case 3 -> c.addAll(List.of("SETRANGE", key, Integer.toString(r.nextInt(20)), value));
            case 4 -> c.addAll(List.of("DEL", key, other));
            case 5 -> c.addAll(List.of("HSET", key, field, value, "f" + r.nextInt(12), "x"));
            case 6 -> c.addAll(List.of("HDEL", key, field, "f" + r.nextInt(12)));
            case 7 -> c.addAll(List.of("HINCRBY", key, field, Integer.toString(r.nextInt(100))));
            case 8 -> c.addAll(List.of("SADD", key, member, Integer.toString(r.nextInt(600))));
            case 9 -> c.addAll(List.of("SREM", key, member));
            case 10 -> c.addAll(List.of("SPOP", key));
            case 11 -> c.addAll(List.of("SMOVE", key, other, member));
            case 12 -> c.addAll(List.of("SINTERSTORE", key, other, "k" + r.nextInt(30)));
            case 13 -> c.addAll(List.of("SUNIONSTORE", key, other, key));
            case 14 -> c.addAll(List.of("EXPIRE", key, Integer.toString(r.nextInt(5))));
            case 15 -> c.addAll(List.of("PERSIST", key));
            case 16 -> c.addAll(List.of("RENAME", key, other));
            case 17 -> c.addAll(List.of("COPY", key, other, "REPLACE"));
            case 18 -> c.addAll(List.of("GETDEL", key));
            case 19 -> c.addAll(List.of("INCR", key));
            case 20 -> c.addAll(List.of("HSETNX", key, field, value));
            case 21 -> c.addAll(List.of("MOVE", key, "1"));
            case 22 -> c.addAll(List.of("SPOP", key, Integer.toString(r.nextInt(4))));
            default -> c.addAll(r.nextInt(40) == 0 ? List.of("FLUSHDB") : List.of("GET", key));
        }
        return c;
    }
}
