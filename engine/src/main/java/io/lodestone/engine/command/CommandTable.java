package io.lodestone.engine.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Every command, looked up by its name case-insensitively straight from the request bytes: an
 * open-addressing table over lower-cased ASCII, so dispatch allocates nothing.
 */
public final class CommandTable {
    private final CommandSpec[] slots;
    private final int mask;
    private final List<CommandSpec> all;

    public CommandTable(Collection<CommandSpec> specs) {
        int capacity = Integer.highestOneBit(Math.max(16, specs.size() * 4) - 1) << 1;
        slots = new CommandSpec[capacity];
        mask = capacity - 1;
        List<CommandSpec> list = new ArrayList<>();
        for (CommandSpec spec : specs) {
            byte[] name = spec.nameBytes();
            if (lookup(name) != null) {
                throw new IllegalArgumentException("command declared twice: " + spec.name());
            }
            int i = hash(name) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = spec;
            list.add(spec);
        }
        all = Collections.unmodifiableList(list);
    }

    /** The command named by {@code name} in any letter case, or null. */
    public CommandSpec lookup(byte[] name) {
        for (int i = hash(name) & mask; ; i = (i + 1) & mask) {
            CommandSpec spec = slots[i];
            if (spec == null) {
                return null;
            }
            if (equalsIgnoreCase(spec.nameBytes(), name)) {
                return spec;
            }
        }
    }

    public CommandSpec lookup(String name) {
        return lookup(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public List<CommandSpec> all() {
        return all;
    }

    public int size() {
        return all.size();
    }

    /** Zeroes every command's and subcommand's counters (CONFIG RESETSTAT). */
    public void resetStats() {
        for (CommandSpec spec : all) {
            spec.stats().reset();
            for (CommandSpec sub : spec.subcommands().values()) {
                sub.stats().reset();
            }
        }
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsIgnoreCase(byte[] lowerName, byte[] candidate) {
        if (lowerName.length != candidate.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (lowerName[i] != lower(candidate[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
