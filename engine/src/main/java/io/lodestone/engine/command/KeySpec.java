package io.lodestone.engine.command;

import java.util.List;

/**
 * Where a command's keys are, in Redis 7's two-part model: where the search begins (an argument
 * index, the argument after a keyword, or unknown) and how keys are found from there (a range, a
 * key count, or unknown). Read by dispatch, cluster routing, COMMAND INFO and COMMAND GETKEYS
 * alike ({@link KeyFinder}).
 *
 * @param begin       how the search begins
 * @param beginIndex  INDEX: the argv index the search starts at; KEYWORD: where the keyword search
 *                    starts (negative counts from the end and searches backwards)
 * @param keyword     KEYWORD: the keyword after which the keys begin (e.g. {@code STREAMS}), else null
 * @param find        how keys are found from the beginning
 * @param lastKey     RANGE: index of the last key relative to the begin (-1 = last argument,
 *                    -2 = the one before it...)
 * @param step        distance between keys
 * @param limit       RANGE: with a negative lastKey, use 1/limit of the remaining arguments (0 = all)
 * @param keyNumIndex KEYNUM: index (relative to begin) of the argument holding the key count, else -1
 * @param firstKey    KEYNUM: index (relative to begin) of the first key
 * @param flags       access flags as Redis names them: RW RO OW RM ACCESS UPDATE INSERT DELETE NOT_KEY
 *                    INCOMPLETE VARIABLE_FLAGS (any letter case)
 * @param notes       a remark shown by COMMAND INFO (why a flag or an unknown search), or null
 */
public record KeySpec(BeginSearch begin, int beginIndex, String keyword, FindKeys find, int lastKey, int step,
                      int limit, int keyNumIndex, int firstKey, List<String> flags, String notes) {

    /** How the search for keys begins. */
    public enum BeginSearch { INDEX, KEYWORD, UNKNOWN }

    /** How keys are found once the search has begun. */
    public enum FindKeys { RANGE, KEYNUM, UNKNOWN }

    public KeySpec {
        flags = List.copyOf(flags);
    }

    /** Keys at {@code beginIndex}, {@code beginIndex + step}... up to {@code lastKey} (relative; negative from the end). */
    public static KeySpec range(int beginIndex, int lastKey, int step, String... flags) {
        return new KeySpec(BeginSearch.INDEX, beginIndex, null, FindKeys.RANGE, lastKey, step, 0, -1, 0,
                List.of(flags), null);
    }

    /** A key count at {@code beginIndex + keyNumIndex}, the keys from {@code beginIndex + firstKey}. */
    public static KeySpec keyNum(int beginIndex, int keyNumIndex, int firstKey, int step, String... flags) {
        return new KeySpec(BeginSearch.INDEX, beginIndex, null, FindKeys.KEYNUM, 0, step, 0, keyNumIndex, firstKey,
                List.of(flags), null);
    }

    /** A range that begins after {@code keyword}, searched from {@code startFrom} (MIGRATE's KEYS, XREAD's STREAMS). */
    public static KeySpec keywordRange(String keyword, int startFrom, int lastKey, int step, int limit,
                                       String... flags) {
        return new KeySpec(BeginSearch.KEYWORD, startFrom, keyword, FindKeys.RANGE, lastKey, step, limit, -1, 0,
                List.of(flags), null);
    }

    /** A key count that follows {@code keyword}, searched from {@code startFrom}. */
    public static KeySpec keywordKeyNum(String keyword, int startFrom, int keyNumIndex, int firstKey, int step,
                                        String... flags) {
        return new KeySpec(BeginSearch.KEYWORD, startFrom, keyword, FindKeys.KEYNUM, 0, step, 0, keyNumIndex,
                firstKey, List.of(flags), null);
    }

    /** Keys that cannot be located from the arguments alone (SORT's BY/GET patterns and STORE). */
    public static KeySpec unknown(String... flags) {
        return new KeySpec(BeginSearch.UNKNOWN, 0, null, FindKeys.UNKNOWN, 0, 0, 0, -1, 0, List.of(flags), null);
    }

    /** This spec with a RANGE limit (1/limit of the remaining arguments are keys). */
    public KeySpec withLimit(int limit) {
        return new KeySpec(begin, beginIndex, keyword, find, lastKey, step, limit, keyNumIndex, firstKey, flags, notes);
    }

    /** This spec with a note, as COMMAND INFO shows it. */
    public KeySpec withNotes(String notes) {
        return new KeySpec(begin, beginIndex, keyword, find, lastKey, step, limit, keyNumIndex, firstKey, flags, notes);
    }

    public boolean isKeyNum() {
        return find == FindKeys.KEYNUM;
    }

    /** A plain range from a fixed index: the only shape the legacy first/last/step triple can express. */
    public boolean isIndexRange() {
        return begin == BeginSearch.INDEX && find == FindKeys.RANGE;
    }

    /** Whether the flag (e.g. {@code "INCOMPLETE"}) is set, in any letter case. */
    public boolean hasFlag(String flag) {
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }
}
