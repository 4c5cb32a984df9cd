package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.engine.testing.EngineHarness;
import org.junit.jupiter.api.Test;

/** INFO keyspace's avg_ttl: the mean remaining TTL of keys that have one, sampled on demand. */
class DatabaseAverageTtlTest {
    private final EngineHarness h = new EngineHarness();

    private Database db() {
        return h.engine().keyspace().db(0);
    }

    @Test
    void zeroWithoutTtls() {
        h.exec("SET", "k", "v");
        assertEquals(0, db().averageTtl(100));
    }

    @Test
    void averageOfTheRemainingTimes() {
        h.exec("SET", "a", "v", "PX", "1000");
        h.exec("SET", "b", "v", "PX", "3000");
        h.exec("SET", "c", "v");
        assertEquals(2000, db().averageTtl(100));
        h.clock().advance(500);
        h.engine().keyspace().setNow(h.clock().millis());
        assertEquals(1500, db().averageTtl(100));
    }

    @Test
    void expiredKeysAreLeftOutAndTheSampleIsBounded() {
        for (int i = 0; i < 50; i++) {
            h.exec("SET", "k" + i, "v", "PX", "1000");
        }
        h.exec("SET", "short", "v", "PX", "10");
        h.clock().advance(100);
        h.engine().keyspace().setNow(h.clock().millis());
        assertEquals(900, db().averageTtl(1000));
        assertEquals(900, db().averageTtl(3));
    }
}
