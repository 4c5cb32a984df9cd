package io.lodestone.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GlobTest {
    private static boolean m(String pattern, String subject) {
        return Glob.matches(Bytes.utf8(pattern), Bytes.utf8(subject));
    }

    private static void yes(String pattern, String... subjects) {
        for (String s : subjects) {
            assertEquals(true, m(pattern, s), pattern + " ~ " + s);
        }
    }

    private static void no(String pattern, String... subjects) {
        for (String s : subjects) {
            assertEquals(false, m(pattern, s), pattern + " !~ " + s);
        }
    }

    @Test
    void literalsAndWildcards() {
        yes("abc", "abc");
        no("abc", "ab", "abcd", "abd", "");
        yes("*", "anything", "x");
        yes("a*", "a", "abc");
        no("a*", "ba");
        yes("*c", "c", "abc");
        yes("a*b*c", "abc", "aXbYc", "abbbc");
        no("a*b*c", "acb");
        yes("h?llo", "hello", "hallo");
        no("h?llo", "hllo");
        yes("**a", "a", "ba");
        yes("a**", "a");
    }

    @Test
    void emptySubjectMatchesNothingButTheEmptyPattern() {
        // Redis's loop never runs for an empty subject, so even "*" fails
        no("*", "");
        no("**", "");
        yes("", "");
        no("", "a");
    }

    @Test
    void classes() {
        yes("h[ae]llo", "hello", "hallo");
        no("h[ae]llo", "hillo");
        yes("h[^e]llo", "hallo");
        no("h[^e]llo", "hello");
        yes("h[a-b]llo", "hallo", "hbllo");
        no("h[a-b]llo", "hcllo");
        yes("[z-a]", "m"); // reversed bounds
        yes("[\\]]", "]");
        yes("[a\\-z]", "-");
        no("[a\\-z]", "b");
        yes("[abc", "a", "c"); // unterminated: the class runs to the end
        no("[abc", "ab");
        no("[]", "]", "a"); // the class closes at once and is empty: nothing matches
    }

    @Test
    void escapes() {
        yes("\\*", "*");
        no("\\*", "a");
        yes("a\\?", "a?");
        no("a\\?", "ab");
        yes("a\\", "a\\"); // a trailing backslash is literal
    }

    @Test
    void pathologicalPatternsStayFast() {
        String subject = "a".repeat(60);
        long start = System.nanoTime();
        no("a*a*a*a*a*a*a*a*a*a*a*a*b", subject);
        assertEquals(true, System.nanoTime() - start < 1_000_000_000L);
    }
}
