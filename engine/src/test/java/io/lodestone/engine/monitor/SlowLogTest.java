package io.lodestone.engine.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slow log's trimming and ring, as Redis's slowlog.c behaves. */
class SlowLogTest {
    private static byte[][] argv(int n) {
        byte[][] a = new byte[n][];
        for (int i = 0; i < n; i++) {
            a[i] = ("a" + i).getBytes(StandardCharsets.US_ASCII);
        }
        return a;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void thirtyTwoArgumentsAreKeptAsTheyAre() {
        byte[][] kept = SlowLog.trim(argv(32));
        assertEquals(32, kept.length);
        assertEquals("a31", text(kept[31]));
    }

    @Test
    void beyondThirtyTwoTheLastKeptSlotCountsTheRest() {
        byte[][] kept = SlowLog.trim(argv(33));
        assertEquals(32, kept.length);
        assertEquals("a30", text(kept[30]));
        assertEquals("... (2 more arguments)", text(kept[31]));
    }

    @Test
    void argumentsAreCutAt128BytesAndCopied() {
        byte[] exact = "x".repeat(128).getBytes(StandardCharsets.US_ASCII);
        byte[] longer = "y".repeat(129).getBytes(StandardCharsets.US_ASCII);
        byte[][] kept = SlowLog.trim(new byte[][] {exact, longer, SlowLog.REDACTED});
        assertArrayEquals(exact, kept[0]);
        assertNotSame(exact, kept[0], "a copy: the request's arrays may become stored values");
        assertEquals("y".repeat(128) + "... (1 more bytes)", text(kept[1]));
        assertEquals("(redacted)", text(kept[2]));
    }

    @Test
    void newestFirstBoundedAndIdsKeepCounting() {
        SlowLog log = new SlowLog();
        for (int i = 0; i < 5; i++) {
            log.add(argv(1), i, 1_000_000, "127.0.0.1:1", "", 3);
        }
        List<SlowLog.Entry> entries = log.newest(-1);
        assertEquals(List.of(4L, 3L, 2L), entries.stream().map(SlowLog.Entry::id).toList());
        assertEquals(1000, entries.get(0).unixSeconds());
        assertEquals(2, log.newest(2).size());
        log.reset();
        assertEquals(0, log.size());
        log.add(argv(1), 0, 0, "", "", 3);
        assertEquals(5L, log.newest(1).get(0).id());
        log.add(argv(1), 0, 0, "", "", 0);
        assertEquals(0, log.size(), "a max length of 0 empties it");
    }
}
