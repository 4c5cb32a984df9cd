package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.ALLOW_BUSY;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.NO_MULTI;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.client.Connection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server commands of this layer: TIME, MONITOR, SHUTDOWN. */
public final class ServerCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommands.class);
    private static final io.lodestone.engine.command.CommandError SHUTDOWN_FAILED =
            new io.lodestone.engine.command.CommandError("ERR Errors trying to SHUTDOWN. Check logs.");

    private static final io.lodestone.engine.command.CommandError MONITOR_IN_EXEC =
            new io.lodestone.engine.command.CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client");

    private ServerCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("time").arity(1).flags(LOADING, STALE, FAST).acl("fast").tips("nondeterministic_output")
                        .group("server").since("2.6.0").summary("Return the current server time").complexity("O(1)")
                        .handler(ServerCommands::time).build(),
                CommandSpec.builder("monitor").arity(1).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Listen for all requests received by the server in real time")
                        .handler(ServerCommands::monitor).build(),
                CommandSpec.builder("shutdown").arity(-1).flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
                        .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Synchronously save the dataset to disk and then shut down the server")
                        .complexity("O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
                        .handler(ServerCommands::shutdown).build());
    }

    /** TIME: [unix seconds, microseconds] as bulk strings. */
    static void time(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long micros = java.time.Instant.now().toEpochMilli() * 1000 + (System.nanoTime() / 1000) % 1000;
        out.arrayHeader(2);
        out.bulk(Bytes.toBytes(micros / 1_000_000));
        out.bulk(Bytes.toBytes(micros % 1_000_000));
    }

    /**
     * MONITOR: the connection receives every command executed from now on (see the engine's
     * Monitors). Again on a monitor it replies nothing at all, as Redis; inside EXEC it is refused.
     */
    static void monitor(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        var tx = ctx.existingTransaction();
        if (tx != null && tx.executing()) {
            throw MONITOR_IN_EXEC;
        }
        if (ctx.isMonitor()) {
            return;
        }
        ctx.startMonitoring();
        out.ok();
    }

    /**
     * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: saves first when save rules are configured
     * (or SAVE is given, and not NOSAVE); a failed save keeps the server running unless FORCE.
     */
    static void shutdown(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean abort = false;
        boolean save = false;
        boolean nosave = false;
        boolean force = false;
        for (int i = 1; i < argv.length; i++) {
            byte[] a = argv[i];
            if (Bytes.is(a, "abort")) {
                abort = true;
            } else if (Bytes.is(a, "nosave")) {
                nosave = true;
            } else if (Bytes.is(a, "save")) {
                save = true;
            } else if (Bytes.is(a, "force")) {
                force = true;
            } else if (!Bytes.is(a, "now")) {
                throw Errors.SYNTAX;
            }
        }
        if (save && nosave) {
            throw Errors.SYNTAX;
        }
        if (abort) {
            if (argv.length > 2) {
                throw Errors.SYNTAX;
            }
            throw new io.lodestone.engine.command.CommandError("ERR No shutdown in progress.");
        }
        Connection c = (Connection) ctx;
        LOG.warn("User requested shutdown...");
        if (!c.server().engine().prepareForShutdown(save, nosave, force)) {
            throw SHUTDOWN_FAILED;
        }
        c.setCloseAfterReply();
        c.server().shutdownAsync();
    }
}
