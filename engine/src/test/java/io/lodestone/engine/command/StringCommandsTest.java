package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringCommandsTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void setThenGet() {
        assertEquals("OK", h.exec("SET", "k", "v"));
        assertEquals("v", h.exec("GET", "k"));
        assertNull(h.exec("GET", "missing"));
    }

    @Test
    void setNxXx() {
        assertNull(h.exec("SET", "k", "v", "XX"));
        assertEquals("OK", h.exec("SET", "k", "v", "NX"));
        assertNull(h.exec("SET", "k", "w", "NX"));
        assertEquals("OK", h.exec("SET", "k", "w", "XX"));
        assertEquals("w", h.exec("GET", "k"));
        assertEquals(new Err("ERR syntax error"), h.exec("SET", "k", "v", "NX", "XX"));
    }

    @Test
    void setExpiresAndPropagatesAbsoluteTime() {
        long now = h.clock().millis();
        assertEquals("OK", h.exec("SET", "k", "v", "EX", "10"));
        assertEquals(List.of(List.of("SET", "k", "v", "PXAT", Long.toString(now + 10_000))), h.stream());
        h.clock().advance(9_999);
        assertEquals("v", h.exec("GET", "k"));
        h.clock().advance(1);
        assertNull(h.exec("GET", "k"));
        assertEquals(List.of("DEL", "k"), h.stream().get(1));
    }

    @Test
    void setRejectsBadExpire() {
        assertEquals(new Err("ERR invalid expire time in 'set' command"), h.exec("SET", "k", "v", "EX", "0"));
        assertEquals(new Err("ERR value is not an integer or out of range"), h.exec("SET", "k", "v", "PX", "x"));
        assertEquals(new Err("ERR syntax error"), h.exec("SET", "k", "v", "EX", "1", "PX", "1"));
    }

    @Test
    void arityAndUnknownCommandsGetRedisErrors() {
        assertEquals(new Err("ERR wrong number of arguments for 'get' command"), h.exec("GET"));
        assertEquals(new Err("ERR unknown command 'nope', with args beginning with: 'a' 'b' "),
                h.exec("nope", "a", "b"));
    }
}
