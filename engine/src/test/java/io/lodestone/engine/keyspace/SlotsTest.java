package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.engine.util.Crc16;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlotsTest {
    private static int slot(String key) {
        return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void crc16IsXmodem() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, Crc16.crc16(check, 0, check.length)); // the standard check value
    }

    @Test
    void slotsAreRedisClusters() {
        // values from the Redis Cluster specification and CLUSTER KEYSLOT
        assertEquals(12182, slot("foo"));
        assertEquals(11058, slot("somekey"));
        assertEquals(866, slot("hello"));
        assertEquals(0, slot(""));
    }

    @Test
    void hashTagsFollowTheSpecification() {
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        assertEquals(slot("user1000"), slot("{user1000}.followers"));
        assertEquals(slot("bar"), slot("foo{bar}{zap}"), "only the first tag counts");
        assertEquals(slot("{bar"), slot("foo{{bar}}zap"), "the tag starts at the first '{'");
        assertEquals(Crc16.crc16("foo{}{bar}".getBytes(StandardCharsets.UTF_8), 0, 10) & Slots.MASK,
                slot("foo{}{bar}"), "an empty tag hashes the whole key");
        assertEquals(Crc16.crc16("foo{bar".getBytes(StandardCharsets.UTF_8), 0, 7) & Slots.MASK,
                slot("foo{bar"), "an unclosed tag hashes the whole key");
    }
}
