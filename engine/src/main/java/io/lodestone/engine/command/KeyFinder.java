package io.lodestone.engine.command;

import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a command's keys in its arguments by following its {@link KeySpec}s, as COMMAND GETKEYS
 * reports them. Specs marked NOT_KEY are skipped; a keyword spec whose keyword is absent adds no
 * keys; an UNKNOWN spec (keys that only the command itself can locate) adds none either. A
 * command's {@link KeysFunction}, if it has one, answers instead when a spec has VARIABLE_FLAGS or
 * the specs do not fit the arguments, as Redis prefers its getkeys procedures then.
 */
public final class KeyFinder {
    /** One key: its argv index and its access flags as the spec names them (RW, ACCESS...). */
    public record KeyPosition(int index, List<String> flags) {}

    private KeyFinder() {}

    /**
     * The keys of {@code argv} (argv[0] is the command name), in spec order, or null if the
     * arguments contradict a spec (an index past the end, a bad key count): Redis then reports
     * "Invalid arguments". With {@code partial}, such a spec is skipped instead.
     */
    public static List<KeyPosition> find(CommandSpec command, byte[][] argv, boolean partial) {
        KeysFunction function = command.keysFunction();
        if (function != null && hasVariableFlags(command)) {
            return function.find(argv);
        }
        List<KeyPosition> keys = fromSpecs(command, argv, partial);
        return keys == null && function != null ? function.find(argv) : keys;
    }

    private static boolean hasVariableFlags(CommandSpec command) {
        for (KeySpec spec : command.keySpecs()) {
            if (spec.hasFlag("VARIABLE_FLAGS")) {
                return true;
            }
        }
        return false;
    }

    private static List<KeyPosition> fromSpecs(CommandSpec command, byte[][] argv, boolean partial) {
        List<KeyPosition> keys = new ArrayList<>();
        int argc = argv.length;
        for (KeySpec spec : command.keySpecs()) {
            if (spec.hasFlag("NOT_KEY") || spec.begin() == KeySpec.BeginSearch.UNKNOWN
                    || spec.find() == KeySpec.FindKeys.UNKNOWN) {
                continue;
            }
            int first = spec.begin() == KeySpec.BeginSearch.INDEX ? spec.beginIndex() : afterKeyword(spec, argv);
            if (first < 0) {
                continue; // the keyword is not there: this spec has no keys in this call
            }
            int last;
            if (spec.find() == KeySpec.FindKeys.RANGE) {
                if (spec.lastKey() >= 0) {
                    last = first + spec.lastKey();
                } else if (spec.limit() <= 1) {
                    last = argc + spec.lastKey();
                } else {
                    last = first + (argc - first) / spec.limit() + spec.lastKey();
                }
            } else {
                int countIndex = first + spec.keyNumIndex();
                long count = countIndex < argc && Bytes.isLong(argv[countIndex]) ? Bytes.parseLong(argv[countIndex]) : -1;
                if (count < 0 || count > argc) {
                    if (partial) {
                        continue;
                    }
                    return null;
                }
                first += spec.firstKey();
                last = first + (int) count - 1;
            }
            if (first >= argc || last >= argc || last < first) {
                if (partial) {
                    continue;
                }
                return null;
            }
            for (int i = first; i <= last; i += Math.max(1, spec.step())) {
                keys.add(new KeyPosition(i, spec.flags()));
            }
        }
        return keys;
    }

    /** The index after the spec's keyword, searched forwards or (negative start) backwards; -1 if absent. */
    private static int afterKeyword(KeySpec spec, byte[][] argv) {
        int argc = argv.length;
        int start = spec.beginIndex();
        if (start >= 0) {
            for (int i = Math.max(1, start); i < argc - 1; i++) {
                if (Bytes.is(argv[i], spec.keyword())) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argc + start; i >= 1; i--) {
                if (i < argc && Bytes.is(argv[i], spec.keyword())) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** True if some spec can name keys (one not marked NOT_KEY): COMMAND GETKEYS's "has key arguments". */
    public static boolean hasKeys(CommandSpec command) {
        for (KeySpec spec : command.keySpecs()) {
            if (!spec.hasFlag("NOT_KEY")) {
                return true;
            }
        }
        return false;
    }
}
