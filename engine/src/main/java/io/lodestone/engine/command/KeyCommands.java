package io.lodestone.engine.command;

import java.util.List;

/** Key commands. */
public final class KeyCommands {
    private KeyCommands() {}

    public static List<CommandSpec> specs() {
        return List.of();
    }
}
