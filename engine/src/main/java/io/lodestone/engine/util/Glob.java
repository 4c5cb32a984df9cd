package io.lodestone.engine.util;

/**
 * Glob-style matching of byte strings with Redis's semantics (KEYS, SCAN MATCH, and later PSUBSCRIBE,
 * CONFIG GET...): {@code *} any run of bytes, {@code ?} one byte, {@code [abc]} {@code [^a]}
 * {@code [a-z]} one byte of a class, {@code \x} a literal x. Case-sensitive, allocation-free.
 *
 * <p>Redis's quirks are kept on purpose, because clients see them:
 * <ul>
 *   <li>an empty subject matches only an empty pattern (so {@code *} alone does not match an empty
 *       key; KEYS and SCAN special-case the pattern {@code *} themselves);</li>
 *   <li>{@code []} matches nothing and {@code [^]} any byte; a range may be written backwards
 *       ({@code [z-a]}); a class left open ({@code [abc}) takes the rest of the pattern;</li>
 *   <li>bytes compare as signed values, as C's {@code char} does on the platforms Redis runs on,
 *       which matters for ranges with bytes above 0x7f;</li>
 *   <li>a pattern whose match would need more than {@value #MAX_NESTED_STARS} nested {@code *}
 *       (separate runs of stars before a non-star) does not match, as Redis limits its recursion.</li>
 * </ul>
 *
 * <p>Redis matches recursively; this matcher is iterative and keeps only the latest star as a
 * backtracking point. That gives the same answers: once the part after the latest star fails at
 * every later position of the subject, no longer match of an earlier star can help (Redis
 * short-circuits the same way), and it keeps the work linear-times-stars instead of exponential.
 */
public final class Glob {
    /** Redis stops matching (no match) past this depth of star recursion. */
    static final int MAX_NESTED_STARS = 1000;

    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] subject) {
        return matches(pattern, 0, pattern.length, subject, 0, subject.length);
    }

    /** Matches {@code subject[soff, send)} against {@code pattern[poff, pend)}. */
    public static boolean matches(byte[] pattern, int poff, int pend, byte[] subject, int soff, int send) {
        if (poff == pend || soff == send) {
            return poff == pend && soff == send;
        }
        int p = poff;
        int s = soff;
        int resumePattern = -1; // pattern index just after the latest star run
        int resumeSubject = -1; // where the latest star's match currently ends
        int stars = 0;          // star runs entered, Redis's recursion depth (backtracking never lowers it)
        while (true) {
            // invariant: p < pend and s < send
            if (pattern[p] == '*') {
                while (p + 1 < pend && pattern[p + 1] == '*') {
                    p++;
                }
                if (p + 1 == pend) {
                    return true; // a trailing star takes whatever is left (at least one byte here)
                }
                if (++stars > MAX_NESTED_STARS) {
                    return false;
                }
                resumePattern = p + 1;
                resumeSubject = s;
                p = resumePattern;
                continue;
            }
            int next = matchOne(pattern, p, pend, subject[s]);
            if (next >= 0) {
                p = next;
                s++;
                if (s == send) {
                    // subject used up: only stars may remain in the pattern
                    while (p < pend && pattern[p] == '*') {
                        p++;
                    }
                    if (p == pend) {
                        return true;
                    }
                } else if (p < pend) {
                    continue;
                }
            }
            // mismatch: let the latest star take one more byte and retry what follows it
            if (resumePattern < 0 || ++resumeSubject == send) {
                return false;
            }
            p = resumePattern;
            s = resumeSubject;
        }
    }

    /**
     * Matches one byte against the pattern element at {@code p} (not a star): returns the index of
     * the next element, or -1 if the byte does not match.
     */
    private static int matchOne(byte[] pattern, int p, int pend, byte c) {
        byte e = pattern[p];
        if (e == '?') {
            return p + 1;
        }
        if (e == '[') {
            return matchClass(pattern, p + 1, pend, c);
        }
        if (e == '\\' && pend - p >= 2) {
            return pattern[p + 1] == c ? p + 2 : -1;
        }
        return e == c ? p + 1 : -1; // a lone trailing backslash is a literal one
    }

    /** A {@code [...]} class whose body starts at {@code p}; returns the index after it, or -1. */
    private static int matchClass(byte[] pattern, int p, int pend, byte c) {
        boolean negated = p < pend && pattern[p] == '^';
        if (negated) {
            p++;
        }
        boolean found = false;
        while (true) {
            if (p == pend) {
                break; // unterminated: the class took the rest of the pattern
            }
            byte e = pattern[p];
            if (e == '\\' && pend - p >= 2) {
                found |= pattern[p + 1] == c;
                p += 2;
            } else if (e == ']') {
                p++;
                break;
            } else if (pend - p >= 3 && pattern[p + 1] == '-') {
                // the range's end may be any byte, even ']' (which then does not close the class)
                int low = Math.min(e, pattern[p + 2]);
                int high = Math.max(e, pattern[p + 2]);
                found |= c >= low && c <= high;
                p += 3;
            } else {
                found |= e == c;
                p++;
            }
        }
        return found != negated ? p : -1;
    }
}
