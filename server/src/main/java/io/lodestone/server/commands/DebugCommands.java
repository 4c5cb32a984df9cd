package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.client.Connection;
import java.util.List;

/**
 * DEBUG: only what persistence needs so far (RELOAD) and HELP. Refused unless
 * {@code enable-debug-command} allows it, with Redis 7.0's message.
 */
public final class DebugCommands {
    static final CommandError NOT_ALLOWED = new CommandError("ERR DEBUG command not allowed. If the"
            + " enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise"
            + " you need to set this option in the configuration file, and then restart the server.");
    static final CommandError RELOAD_OPTIONS =
            new CommandError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");

    private static final String[] HELP = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Available options:",
        "    * MERGE: Merge the content of the RDB instead of flushing the current",
        "      DB before loading the new one.",
        "    * NOFLUSH: Don't flush the current DB before loading the new one.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "HELP",
        "    Prints this help.",
    };

    private DebugCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("debug").arity(-2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                .summary("A container for debugging commands").complexity("Depends on subcommand.")
                .handler(DebugCommands::debug).build());
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] | DEBUG HELP */
    static void debug(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection c = (Connection) ctx;
        String allowed = c.server().config().enableDebugCommand();
        if (allowed.equals("no") || (allowed.equals("local") && !c.isLocal())) {
            throw NOT_ALLOWED;
        }
        if (Bytes.is(argv[1], "help") && argv.length == 2) {
            out.arrayHeader(HELP.length);
            for (String line : HELP) {
                out.simple(line);
            }
            return;
        }
        if (Bytes.is(argv[1], "reload")) {
            reload(ctx, argv, out);
            return;
        }
        throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + Bytes.string(argv[1])
                + "'. Try DEBUG HELP.");
    }

    private static void reload(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean flush = true;
        boolean save = true;
        boolean merge = false;
        for (int i = 2; i < argv.length; i++) {
            if (Bytes.is(argv[i], "merge")) {
                merge = true;
            } else if (Bytes.is(argv[i], "noflush")) {
                flush = false;
            } else if (Bytes.is(argv[i], "nosave")) {
                save = false;
            } else {
                throw RELOAD_OPTIONS;
            }
        }
        String error = ctx.engine().rdb().reload(save, flush, merge);
        if (error != null) {
            throw new CommandError(error);
        }
        out.ok();
    }
}
