package io.lodestone.engine.command;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.reply.ReplyWriter;

/**
 * Runs one command: every generic check happens here, once, before the handler (unknown command,
 * subcommand, arity, authentication), then the handler, then propagation of its writes. Handlers
 * never check arity again. The caller holds the engine lock.
 */
public final class Dispatcher {
    private final Engine engine;
    private final CommandTable table;

    public Dispatcher(Engine engine, CommandTable table) {
        this.engine = engine;
        this.table = table;
    }

    public CommandTable table() {
        return table;
    }

    /** Resolves argv to a command (or subcommand), or throws the error Redis would reply. */
    public CommandSpec resolve(CommandContext ctx, byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            throw Errors.unknownCommand(argv);
        }
        // Redis's order: unknown command, unknown subcommand, arity, and only then authentication
        if (spec.hasSubcommands() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null) {
                throw Errors.unknownSubcommand(argv[1], spec.name());
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            throw Errors.arity(spec.fullName());
        }
        if (!ctx.isAuthenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            throw Errors.NOAUTH;
        }
        var rdb = engine.rdb();
        // Redis's order: the disk error (writes and PING), then loading
        if (rdb.writesDenied() && (spec.has(CommandFlag.WRITE) || spec.name().equals("ping"))) {
            throw Errors.MISCONF;
        }
        if (rdb.isLoading() && !spec.has(CommandFlag.LOADING)) {
            throw Errors.LOADING;
        }
        return spec;
    }

    /** Executes argv for the client, writing the reply to {@code out}. */
    public void execute(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        EngineStats stats = engine.stats();
        engine.keyspace().setNow(engine.clock().millis());
        CommandSpec spec;
        try {
            spec = resolve(ctx, argv);
        } catch (CommandError e) {
            stats.errorReplies++;
            out.error(e);
            return;
        }
        ctx.begin(spec);
        try {
            spec.handler().execute(ctx, argv, out);
        } catch (CommandError e) {
            stats.errorReplies++;
            out.error(e);
        }
        stats.commandsProcessed++;
        long changes = ctx.changes();
        if (changes > 0) {
            stats.dirty += changes;
        }
        ctx.propagate(argv);
    }
}
