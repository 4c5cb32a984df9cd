package io.lodestone.jcache.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultCodecTest {
    private final DefaultCodec codec = new DefaultCodec();

    private Object roundTrip(Object value) {
        byte[] encoded = codec.encode(value, 3);
        return codec.decode(encoded, 3, getClass().getClassLoader());
    }

    @Test
    void commonTypesRoundTrip() {
        for (Object v : List.of("", "héllo", 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0L, Long.MAX_VALUE,
                Long.MIN_VALUE, -10L, new BigDecimal("1.50"), List.of(1, "two"))) {
            assertEquals(v, roundTrip(v), String.valueOf(v));
        }
        byte[] bytes = {0, -1, 127};
        byte[] back = (byte[]) roundTrip(bytes);
        assertArrayEquals(bytes, back);
        assertNotSame(bytes, back);
    }

    @Test
    void compactEncodingsAreReadable() {
        assertEquals("i-2147483648", text(codec.encode(Integer.MIN_VALUE, 0)));
        assertEquals("l9223372036854775807", text(codec.encode(Long.MAX_VALUE, 0)));
        assertEquals("sabc", text(codec.encode("abc", 0)));
        assertEquals((byte) 0xAC, codec.encode(new BigDecimal("1"), 0)[0], "Java serialisation for the rest");
    }

    @Test
    void equalKeysEncodeToEqualBytesAndTypesDoNotCollide() {
        assertArrayEquals(codec.encode(12345, 0), codec.encode(Integer.valueOf(12345), 0));
        assertEquals(1, codec.decode(codec.encode(1, 0), 0, null));
        assertEquals(1L, codec.decode(codec.encode(1L, 0), 0, null));
        assertEquals("1", codec.decode(codec.encode("1", 0), 0, null));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
