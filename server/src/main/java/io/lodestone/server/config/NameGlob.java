package io.lodestone.server.config;

/**
 * Glob patterns over short names (CONFIG GET's parameter patterns, include's file names), with
 * Redis's syntax: {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, and {@code \} to escape.
 * Not for keys: KEYS and SCAN match bytes with the engine's own matcher.
 */
final class NameGlob {
    private NameGlob() {}

    static boolean hasWildcards(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String name, boolean ignoreCase) {
        int p = 0;
        int s = 0;
        int starP = -1; // where to resume after the latest '*' when a later part fails
        int starS = -1;
        while (s < name.length()) {
            int next = p < pattern.length() ? matchOne(pattern, p, name.charAt(s), ignoreCase) : -1;
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                if (p == pattern.length()) {
                    return true;
                }
                starP = p;
                starS = s;
            } else if (next >= 0) {
                p = next;
                s++;
            } else if (starP >= 0) {
                p = starP;
                s = ++starS;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** If the pattern element at {@code p} (not '*') matches {@code c}, the index after it; else -1. */
    private static int matchOne(String pattern, int p, char c, boolean ignoreCase) {
        char pc = pattern.charAt(p);
        switch (pc) {
            case '*':
                return -1;
            case '?':
                return p + 1;
            case '[': {
                int i = p + 1;
                boolean negate = i < pattern.length() && pattern.charAt(i) == '^';
                if (negate) {
                    i++;
                }
                boolean found = false;
                while (i < pattern.length() && pattern.charAt(i) != ']') {
                    char first = pattern.charAt(i);
                    if (first == '\\' && i + 1 < pattern.length()) {
                        first = pattern.charAt(++i);
                    }
                    if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                        char lo = first;
                        char hi = pattern.charAt(i + 2);
                        if (lo > hi) {
                            char t = lo;
                            lo = hi;
                            hi = t;
                        }
                        if (inRange(c, lo, hi, ignoreCase)) {
                            found = true;
                        }
                        i += 3;
                    } else {
                        if (same(first, c, ignoreCase)) {
                            found = true;
                        }
                        i++;
                    }
                }
                // an unterminated '[' runs to the end of the pattern, as in Redis
                return found != negate ? Math.min(i + 1, pattern.length()) : -1;
            }
            case '\\':
                if (p + 1 < pattern.length()) {
                    return same(pattern.charAt(p + 1), c, ignoreCase) ? p + 2 : -1;
                }
                return same(pc, c, ignoreCase) ? p + 1 : -1;
            default:
                return same(pc, c, ignoreCase) ? p + 1 : -1;
        }
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    private static boolean inRange(char c, char lo, char hi, boolean ignoreCase) {
        if (c >= lo && c <= hi) {
            return true;
        }
        if (ignoreCase) {
            char l = Character.toLowerCase(c);
            char u = Character.toUpperCase(c);
            return (l >= lo && l <= hi) || (u >= lo && u <= hi);
        }
        return false;
    }
}
