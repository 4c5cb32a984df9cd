package io.lodestone.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    private static boolean m(String pattern, String subject) {
        return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), subject.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void literalsAndWildcards() {
        assertTrue(m("abc", "abc"));
        assertFalse(m("abc", "abd"));
        assertFalse(m("abc", "ab"));
        assertFalse(m("ab", "abc"));
        assertTrue(m("a?c", "abc"));
        assertFalse(m("a?c", "ac"));
        assertTrue(m("a*", "a"));
        assertTrue(m("a*", "abcdef"));
        assertTrue(m("*c", "abc"));
        assertTrue(m("a*c*e", "abcde"));
        assertFalse(m("a*c*e", "abcdf"));
        assertTrue(m("h*llo", "heeeello"));
        assertTrue(m("*", "x"));
        assertTrue(m("***", "xyz"));
    }

    @Test
    void emptySubjectMatchesOnlyTheEmptyPattern() {
        // Redis's loop never runs on an empty subject: '*' alone does not match "" (KEYS special-cases '*')
        assertTrue(m("", ""));
        assertFalse(m("*", ""));
        assertFalse(m("**", ""));
        assertFalse(m("", "a"));
    }

    @Test
    void classes() {
        assertTrue(m("h[ae]llo", "hello"));
        assertFalse(m("h[ae]llo", "hillo"));
        assertTrue(m("h[^e]llo", "hallo"));
        assertFalse(m("h[^e]llo", "hello"));
        assertTrue(m("h[a-b]llo", "hbllo"));
        assertTrue(m("[z-a]", "m"), "a range may be written backwards");
        assertFalse(m("[]", "a"), "an empty class matches nothing");
        assertFalse(m("[]", "]"));
        assertTrue(m("[^]", "x"), "a negated empty class matches anything");
        // unlike POSIX, a ']' right after '[' closes the class: "[]a]" is an empty class then "a]"
        assertFalse(m("[]a]", "a"));
        assertFalse(m("[]a]", "]a]"));
        assertTrue(m("[^]a]", "xa]"));
    }

    @Test
    void unterminatedClassTakesTheRestOfThePattern() {
        assertTrue(m("[abc", "b"));
        assertFalse(m("[abc", "bc"));
        assertTrue(m("[^", "x"));
        assertFalse(m("[", "x"));
        assertTrue(m("[a-]", "]"), "']' ends the range a-] (93..97) and the class stays open");
        assertTrue(m("[a-]", "_"));
        assertFalse(m("[a-]", "b"));
    }

    @Test
    void escapes() {
        assertTrue(m("\\*", "*"));
        assertFalse(m("\\*", "a"));
        assertTrue(m("\\?", "?"));
        assertTrue(m("a\\", "a\\"), "a trailing backslash is literal");
        assertTrue(m("[\\]]", "]"));
        assertTrue(m("[\\", "\\"), "a backslash last in an open class is literal");
        assertTrue(m("\\a", "a"));
    }

    @Test
    void bytesCompareSigned() {
        // C's char is signed on x86: 0xe9 is -23, below 'a'; so [a-\xe9] is the range -23..97
        assertTrue(m("[a-\u00e9]", "0"));
        assertFalse(m("[a-\u00e9]", "b"));
        assertTrue(m("[\u0080-a]", "\u00e9"));
    }

    @Test
    void backtrackingIsNotExponential() {
        String subject = "a".repeat(5000);
        String pattern = "*a".repeat(30) + "*b";
        long start = System.nanoTime();
        assertFalse(m(pattern, subject));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void starRecursionIsLimitedAsInRedis() {
        String subject = "x".repeat(1500);
        assertTrue(m("*x".repeat(1000), subject));
        assertTrue(m("*x".repeat(1000) + "*", subject), "a trailing star does not recurse");
        assertFalse(m("*x".repeat(1001), subject));
        assertTrue(m("x*".repeat(1001), subject));
        assertFalse(m("x*".repeat(1001) + "x", subject));
    }

    @Test
    void subRanges() {
        byte[] pattern = "xa*cx".getBytes(StandardCharsets.US_ASCII);
        byte[] subject = "yabcy".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Glob.matches(pattern, 1, 4, subject, 1, 4));
        assertFalse(Glob.matches(pattern, 0, 4, subject, 1, 4));
    }

    /** Thousands of pattern/subject pairs whose answers were recorded from redis-server 7.0. */
    @Test
    void agreesWithRedisOnRecordedVectors() throws IOException {
        List<byte[]> subjects = new ArrayList<>();
        int checked = 0;
        try (InputStream in = GlobTest.class.getResourceAsStream("glob-vectors.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("K ")) {
                    String hex = line.substring(2);
                    subjects.add(hex.equals("-") ? new byte[0] : HexFormat.of().parseHex(hex));
                } else if (line.startsWith("P ")) {
                    String[] parts = line.split(" ");
                    byte[] pattern = HexFormat.of().parseHex(parts[1]);
                    for (int i = 0; i < subjects.size(); i++) {
                        boolean expected = parts[2].charAt(i) == '1';
                        assertEquals(expected, Glob.matches(pattern, subjects.get(i)), () -> "pattern "
                                + new String(pattern, StandardCharsets.ISO_8859_1));
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 50_000, "vectors read: " + checked);
    }
}
