package io.lodestone.engine.util;

/**
 * Redis's glob-style pattern matching (KEYS, SCAN/HSCAN MATCH, PSUBSCRIBE), byte for byte:
 * {@code *} any run, {@code ?} any one byte, {@code [abc]}, {@code [^abc]}, {@code [a-z]} (bounds in
 * either order), and {@code \} escaping the next byte. Bytes compare as signed values, as C's
 * {@code char} does on x86, which matters only for ranges over bytes above 0x7F. An unterminated
 * {@code [} ends the class at the end of the pattern, as in Redis.
 */
public final class Glob {
    private Glob() {}

    /** True if {@code subject} matches {@code pattern}, case-sensitively. */
    public static boolean matches(byte[] pattern, byte[] subject) {
        return match(pattern, 0, subject, 0, new boolean[1]);
    }

    /**
     * @param giveUp set once a {@code *} found no match for the rest of the pattern anywhere in the
     *               rest of the subject: every earlier {@code *} will fail too, so the search stops
     *               (this keeps patterns like {@code a*a*a*a*b} from taking exponential time).
     */
    private static boolean match(byte[] pattern, int p, byte[] s, int i, boolean[] giveUp) {
        int pEnd = pattern.length;
        int sEnd = s.length;
        while (p < pEnd && i < sEnd) {
            byte c = pattern[p];
            if (c == '*') {
                while (p + 1 < pEnd && pattern[p + 1] == '*') {
                    p++;
                }
                if (p + 1 == pEnd) {
                    return true;
                }
                for (; i < sEnd; i++) {
                    if (match(pattern, p + 1, s, i, giveUp)) {
                        return true;
                    }
                    if (giveUp[0]) {
                        return false;
                    }
                }
                giveUp[0] = true;
                return false;
            } else if (c == '?') {
                i++;
            } else if (c == '[') {
                p++;
                boolean negate = p < pEnd && pattern[p] == '^';
                if (negate) {
                    p++;
                }
                boolean found = false;
                while (true) {
                    if (p >= pEnd) {
                        p--; // unterminated class: stay on its last byte, the step below moves past it
                        break;
                    }
                    byte pc = pattern[p];
                    if (pc == '\\' && pEnd - p >= 2) {
                        p++;
                        if (pattern[p] == s[i]) {
                            found = true;
                        }
                    } else if (pc == ']') {
                        break;
                    } else if (pEnd - p >= 3 && pattern[p + 1] == '-') {
                        int start = pattern[p];
                        int end = pattern[p + 2];
                        if (start > end) {
                            int t = start;
                            start = end;
                            end = t;
                        }
                        p += 2;
                        if (s[i] >= start && s[i] <= end) {
                            found = true;
                        }
                    } else if (pc == s[i]) {
                        found = true;
                    }
                    p++;
                }
                if (found == negate) {
                    return false;
                }
                i++;
            } else {
                if (c == '\\' && pEnd - p >= 2) {
                    p++;
                }
                if (pattern[p] != s[i]) {
                    return false;
                }
                i++;
            }
            p++;
            if (i == sEnd) {
                while (p < pEnd && pattern[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pEnd && i == sEnd;
    }
}
