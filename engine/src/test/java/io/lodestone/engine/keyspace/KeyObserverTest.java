package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.testing.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyObserverTest {
    private record Seen(int db, String key, String value, Thread thread, int streamSize) {}

    private final EngineHarness h = new EngineHarness();
    private final List<Seen> seen = new ArrayList<>();

    KeyObserverTest() {
        h.engine().addKeyObserver((db, key, value) -> seen.add(new Seen(db, text(key), text((byte[]) value),
                Thread.currentThread(), h.stream().size())));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void activeExpiryReportsKeyAndValueAfterTheDelIsInTheStream() {
        h.exec("SET", "k", "v1", "PX", "100");
        h.exec("SET", "other", "x");
        h.clearStream();
        h.clock().advance(101);
        h.engine().runCronCycle();

        assertEquals(List.of(new Seen(0, "k", "v1", Thread.currentThread(), 1)), seen);
        assertEquals(List.of(List.of("DEL", "k")), h.stream());
    }

    @Test
    void lazyExpiryReportsOnTheReadersThread() {
        h.exec("SET", "k", "v2", "PX", "50");
        h.clock().advance(50);
        assertNull(h.exec("GET", "k"));

        assertEquals(1, seen.size());
        assertEquals("v2", seen.get(0).value());
        assertSame(Thread.currentThread(), seen.get(0).thread());
    }

    @Test
    void nothingIsReportedBeforeTheDeadlineOrAfterRemoval() {
        h.exec("SET", "k", "v", "PX", "100");
        h.clock().advance(99);
        h.engine().runCronCycle();
        assertEquals("v", h.exec("GET", "k"));
        assertTrue(seen.isEmpty());

        KeyObserver second = (db, key, value) -> seen.add(new Seen(db, "second", "", null, 0));
        h.engine().addKeyObserver(second);
        h.engine().removeKeyObserver(second);
        h.clock().advance(1);
        h.engine().runCronCycle();
        assertEquals(1, seen.size());
        assertArrayEquals(new String[] {"k"}, new String[] {seen.get(0).key()});
    }
}
