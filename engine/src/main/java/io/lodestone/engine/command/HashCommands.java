package io.lodestone.engine.command;

import java.util.List;

/** Hash commands. */
public final class HashCommands {
    private HashCommands() {}

    public static List<CommandSpec> specs() {
        return List.of();
    }
}
