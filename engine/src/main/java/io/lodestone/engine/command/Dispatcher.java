package io.lodestone.engine.command;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.time.Clock;

/**
 * Runs one command: every generic check happens here, once, before the handler (unknown command,
 * subcommand, arity, authentication), then the handler, then propagation of its writes. Handlers
 * never check arity again. The caller holds the engine lock.
 */
public final class Dispatcher {
    private final Engine engine;
    private final CommandTable table;
    /** Nesting of execute calls (EXEC runs commands inside a command; blocked commands re-run). */
    private int depth;

    public Dispatcher(Engine engine, CommandTable table) {
        this.engine = engine;
        this.table = table;
    }

    public CommandTable table() {
        return table;
    }

    /**
     * Resolves argv to a command (or subcommand), or throws the error Redis would reply. Records
     * what was recognised as the client's last command, as CLIENT LIST shows it, even when refused.
     */
    public CommandSpec resolve(CommandContext ctx, byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        ctx.setLastCommand(spec);
        if (spec == null) {
            throw Errors.unknownCommand(argv);
        }
        // Redis's order: unknown command, unknown subcommand, arity, protected commands, and only then authentication
        if (spec.hasSubcommands() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(argv[1]);
            ctx.setLastCommand(sub);
            if (sub == null) {
                throw Errors.unknownSubcommand(argv[1], spec.name());
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            throw Errors.arity(spec.fullName());
        }
        if (spec.gate() != null) {
            spec.gate().check(ctx);
        }
        if (!ctx.isAuthenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            throw Errors.NOAUTH;
        }
        return spec;
    }

    /** Executes argv for the client, writing the reply to {@code out}. */
    public void execute(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        execute(ctx, argv, out, engine.clock().nanos());
    }

    /**
     * Executes argv for the client, writing the reply to {@code out}. {@code startNanos} is the
     * clock's reading as it starts and the result the reading as it ends, so that a batch of
     * commands reads the clock once per command, not twice (INFO commandstats times each).
     * Clients blocked on keys this command wrote are served after it, as Redis's
     * handleClientsBlockedOnKeys does.
     */
    public long execute(CommandContext ctx, byte[][] argv, ReplyWriter out, long startNanos) {
        long end;
        depth++;
        try {
            end = executeOne(ctx, argv, out, startNanos);
        } finally {
            depth--;
        }
        if (depth == 0) {
            engine.blockedClients().serveReady();
        }
        return end;
    }

    /** Runs a blocked client's command again, its reply going to the client's out-of-band writer. */
    public void rerun(CommandContext ctx, byte[][] argv) {
        ReplyWriter out = ctx.openAsync();
        depth++;
        try {
            executeOne(ctx, argv, out, engine.clock().nanos());
        } finally {
            depth--;
            ctx.closeAsync();
        }
    }

    private long executeOne(CommandContext ctx, byte[][] argv, ReplyWriter out, long startNanos) {
        EngineStats stats = engine.stats();
        Clock clock = engine.clock();
        engine.keyspace().setNow(clock.millis());
        CommandSpec spec;
        try {
            spec = resolve(ctx, argv);
        } catch (CommandError e) {
            CommandSpec refused = ctx.lastCommand();
            if (refused != null) {
                refused.stats().recordRejected();
            }
            stats.recordError(e);
            out.error(e);
            return startNanos;
        }
        ctx.begin(spec, argv);
        boolean failed = false;
        try {
            spec.handler().execute(ctx, argv, out);
        } catch (CommandError e) {
            failed = true;
            stats.recordError(e);
            out.error(e);
        }
        long end = clock.nanos();
        spec.stats().recordCall(end - startNanos, failed);
        monitor(ctx, spec, argv, end - startNanos);
        stats.commandsProcessed++;
        long changes = ctx.changes();
        if (changes > 0) {
            stats.dirty += changes;
        }
        ctx.propagate(argv);
        return end;
    }

    /**
     * The slow log and the latency monitor: two threshold checks per command, work only beyond
     * them. A command that has just blocked is logged when it is served or times out (its re-run).
     */
    private void monitor(CommandContext ctx, CommandSpec spec, byte[][] argv, long elapsedNanos) {
        EngineConfig config = engine.config();
        long micros = elapsedNanos / 1000;
        long slowerThan = config.slowlogLogSlowerThan();
        long latencyThreshold = config.latencyMonitorThreshold();
        boolean slow = slowerThan >= 0 && micros >= slowerThan;
        boolean spike = latencyThreshold > 0 && micros / 1000 >= latencyThreshold;
        if ((!slow && !spike) || (ctx.blockState().isBlocked() && !ctx.blockState().isRerun())) {
            return;
        }
        long now = engine.clock().millis();
        if (slow && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
            engine.slowLog().add(argv, micros, now, ctx.peerId(), ctx.clientName(), config.slowlogMaxLen());
        }
        if (spike) {
            engine.latencyMonitor().add(spec.has(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000, now);
        }
    }
}
