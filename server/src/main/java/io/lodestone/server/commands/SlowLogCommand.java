package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.monitor.SlowLog;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.List;

/**
 * SLOWLOG GET [count] / LEN / RESET / HELP over the engine's {@link SlowLog}, which the dispatcher
 * fills with the commands that ran for at least {@code slowlog-log-slower-than} microseconds.
 */
public final class SlowLogCommand {
    private static final CommandError BAD_COUNT = new CommandError("ERR count should be greater than or equal to -1");
    /** Entries SLOWLOG GET returns without a count. */
    private static final int DEFAULT_COUNT = 10;

    private static final String[] HELP = {
        "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        "HELP",
        "    Prints this help.",
    };

    private SlowLogCommand() {}

    public static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("slowlog").arity(-2).acl("slow").group("server").since("2.2.12")
                .summary("A container for slow log commands").complexity("Depends on subcommand.")
                .subcommand(admin("get", -2).tips("nondeterministic_output", "request_policy:all_nodes")
                        .summary("Get the slow log's entries")
                        .complexity("O(N) where N is the number of entries returned").handler(SlowLogCommand::get))
                .subcommand(admin("len", 2)
                        .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:agg_sum")
                        .summary("Get the slow log's length").complexity("O(1)").handler(SlowLogCommand::len))
                .subcommand(admin("reset", 2).tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .summary("Clear all entries from the slow log")
                        .complexity("O(N) where N is the number of entries in the slowlog").handler(SlowLogCommand::reset))
                .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE).acl("slow").since("6.2.0")
                        .summary("Show helpful text about the different subcommands").complexity("O(1)")
                        .handler(SlowLogCommand::help))
                .build());
    }

    private static CommandSpec.Builder admin(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(ADMIN, LOADING, STALE).acl("admin", "slow", "dangerous")
                .since("2.2.12");
    }

    /**
     * SLOWLOG GET [count]: the newest entries (10 by default, all for -1), each as [id, unix time,
     * microseconds, [arguments...], client address, client name].
     */
    static void get(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long count = DEFAULT_COUNT;
        if (argv.length == 3) {
            count = Bytes.parseLong(argv[2], BAD_COUNT);
            if (count < -1) {
                throw BAD_COUNT;
            }
        } else if (argv.length > 3) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                    + Bytes.string(argv[1]) + "'. Try SLOWLOG HELP.");
        }
        List<SlowLog.Entry> entries = ctx.engine().slowLog().newest(count);
        out.arrayHeader(entries.size());
        for (SlowLog.Entry e : entries) {
            out.arrayHeader(6);
            out.integer(e.id());
            out.integer(e.unixSeconds());
            out.integer(e.durationMicros());
            out.arrayHeader(e.argv().length);
            for (byte[] arg : e.argv()) {
                out.bulk(arg);
            }
            out.bulk(e.peerId());
            out.bulk(e.clientName());
        }
    }

    /** SLOWLOG LEN */
    static void len(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.engine().slowLog().size());
    }

    /** SLOWLOG RESET */
    static void reset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ctx.engine().slowLog().reset();
        out.ok();
    }

    /** SLOWLOG HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }
}
