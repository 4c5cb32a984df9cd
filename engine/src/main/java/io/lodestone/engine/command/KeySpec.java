package io.lodestone.engine.command;

import java.util.List;

/**
 * Where a command's keys are, in Redis 7's two-part model: where the search begins (an argument
 * index) and how keys are found from there (a range or a key count). Read by dispatch, cluster
 * routing, COMMAND INFO and COMMAND GETKEYS alike.
 *
 * @param beginIndex  the argv index the search starts at
 * @param lastKey     range: index of the last key relative to the begin (-1 = last argument,
 *                    -2 = the one before it...); ignored when {@code keyNumIndex >= 0}
 * @param step        distance between keys
 * @param limit       range: with lastKey -1, use 1/limit of the remaining arguments (0 = all)
 * @param keyNumIndex keynum: index (relative to begin) of the argument holding the key count, or -1
 * @param firstKey    keynum: index (relative to begin) of the first key
 * @param flags       access flags as COMMAND INFO names them: RW RO OW RM ACCESS UPDATE INSERT DELETE...
 */
public record KeySpec(int beginIndex, int lastKey, int step, int limit, int keyNumIndex, int firstKey,
                      List<String> flags) {

    public static KeySpec range(int beginIndex, int lastKey, int step, String... flags) {
        return new KeySpec(beginIndex, lastKey, step, 0, -1, 0, List.of(flags));
    }

    public static KeySpec keyNum(int beginIndex, int keyNumIndex, int firstKey, int step, String... flags) {
        return new KeySpec(beginIndex, 0, step, 0, keyNumIndex, firstKey, List.of(flags));
    }

    public boolean isKeyNum() {
        return keyNumIndex >= 0;
    }
}
