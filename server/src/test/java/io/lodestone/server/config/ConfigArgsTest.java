package io.lodestone.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigArgsTest {
    @Test
    void splitsOnBlanks() {
        assertEquals(List.of("port", "6379"), ConfigArgs.split("port 6379"));
        assertEquals(List.of("bind", "127.0.0.1", "::1"), ConfigArgs.split("  bind\t127.0.0.1   ::1  "));
        assertEquals(List.of(), ConfigArgs.split("   "));
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertEquals(List.of("requirepass", "a b"), ConfigArgs.split("requirepass \"a b\""));
        assertEquals(List.of("x", "l1\nl2\r\t\"q\"\\"), ConfigArgs.split("x \"l1\\nl2\\r\\t\\\"q\\\"\\\\\""));
        assertEquals(List.of("x", "AB"), ConfigArgs.split("x \"\\x41\\x42\""));
        assertEquals(List.of("x", "xZZ"), ConfigArgs.split("x \"\\xZZ\"")); // not hex: \x -> x
        assertEquals(List.of("x", ""), ConfigArgs.split("x \"\""));
        assertEquals(List.of("x", "é"), ConfigArgs.split("x \"\\xc3\\xa9\""));
    }

    @Test
    void singleQuotesAreLiteralExceptEscapedQuote() {
        assertEquals(List.of("x", "a\\nb"), ConfigArgs.split("x 'a\\nb'"));
        assertEquals(List.of("x", "it's"), ConfigArgs.split("x 'it\\'s'"));
        assertEquals(List.of("x", ""), ConfigArgs.split("x ''"));
    }

    @Test
    void quotesMayStartInsideAWord() {
        assertEquals(List.of("foobar baz"), ConfigArgs.split("foo\"bar baz\""));
    }

    @Test
    void unbalancedQuotesAreRejected() {
        assertNull(ConfigArgs.split("x \"abc"));
        assertNull(ConfigArgs.split("x 'abc"));
        assertNull(ConfigArgs.split("x \"abc\"def")); // a closing quote must end the argument
        assertNull(ConfigArgs.split("x 'abc'def"));
    }

    @Test
    void quoteIsReadBackUnchanged() {
        for (String s : List.of("", "plain", "a b", "q\"uo'te", "back\\slash", "nl\ncr\rtab\t", "\u0001\u007f", "ünï")) {
            assertEquals(List.of(s), ConfigArgs.split(ConfigArgs.quote(s)), s);
        }
        assertEquals("\"a \\\"b\\\"\\n\\x01\"", ConfigArgs.quote("a \"b\"\n\u0001"));
    }
}
