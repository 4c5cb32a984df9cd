package io.lodestone.engine.command;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.time.Clock;

/**
 * Runs one command: every generic check happens here, once, before the handler (unknown command,
 * subcommand, arity, authentication, then maxmemory), then the handler, then propagation of its
 * writes. Handlers never check arity again. The caller holds the engine lock.
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
        // Redis's order: unknown command, unknown subcommand, arity, and only then authentication
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
            end = executeOne(ctx, argv, out, startNanos, depth == 1);
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
            executeOne(ctx, argv, out, engine.clock().nanos(), false);
        } finally {
            depth--;
            ctx.closeAsync();
        }
    }

    /** @param topLevel a client's own command (not one run by EXEC, nor a blocked one run again) */
    private long executeOne(CommandContext ctx, byte[][] argv, ReplyWriter out, long startNanos, boolean topLevel) {
        EngineStats stats = engine.stats();
        Clock clock = engine.clock();
        engine.keyspace().setNow(clock.millis());
        CommandSpec spec;
        try {
            spec = resolve(ctx, argv);
            if (topLevel && engine.config().maxmemory() != 0) {
                checkMemory(spec);
            }
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
        engine.keyspace().settleMemory(); // values changed in place are measured again
        long end = clock.nanos();
        spec.stats().recordCall(end - startNanos, failed);
        stats.commandsProcessed++;
        long changes = ctx.changes();
        if (changes > 0) {
            stats.dirty += changes;
        }
        ctx.propagate(argv);
        return end;
    }

    /**
     * Redis's processCommand: with a memory limit, evicts before every command, and refuses a
     * command that may grow memory (DENYOOM) while eviction cannot bring memory under the limit.
     * Reads, deletions and the like still run. MULTI's queueing refuses commands the same way in
     * Redis (and EXEC when its transaction holds a DENYOOM command): it can ask
     * {@link #outOfMemoryAfterEviction()}.
     */
    private void checkMemory(CommandSpec spec) {
        if (outOfMemoryAfterEviction() && spec.has(CommandFlag.DENYOOM)) {
            throw Errors.OOM;
        }
    }

    /** Evicts as maxmemory-policy says; true if memory is still over maxmemory with nothing left to evict. */
    public boolean outOfMemoryAfterEviction() {
        return engine.memory().performEvictions() == MemoryManager.Result.FAIL;
    }
}
