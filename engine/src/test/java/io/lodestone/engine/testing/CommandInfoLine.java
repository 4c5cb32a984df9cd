package io.lodestone.engine.testing;

import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;

/** A command's metadata in one line, in COMMAND INFO's order, for comparing with redis-server's. */
public final class CommandInfoLine {
    private CommandInfoLine() {}

    /** {@code "zadd -4 [write, denyoom, fast] 1 1 1 [@write, @sortedset, @fast]"} */
    public static String describe(CommandSpec spec) {
        List<String> flags = new ArrayList<>();
        for (CommandFlag f : spec.flags()) {
            flags.add(f.wireName());
        }
        return spec.fullName() + " " + spec.arity() + " " + flags + " " + spec.firstKey() + " " + spec.lastKey() + " "
                + spec.keyStep() + " " + spec.aclCategories();
    }
}
