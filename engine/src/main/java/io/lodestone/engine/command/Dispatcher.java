package io.lodestone.engine.command;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.monitor.Monitors;
import io.lodestone.engine.pause.Pause;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.tracking.ClientTracking;
import io.lodestone.engine.tracking.Tracking;

/**
 * Runs one command: every generic check happens here, once, before the handler (unknown command,
 * subcommand, arity, authentication, then what the client's state forbids: a monitor touching
 * keys, a subscribed RESP2 client, a no-multi command inside MULTI; then maxmemory), then CLIENT
 * PAUSE, then MULTI queueing; then the handler, client-side caching and MONITOR bookkeeping, the
 * memory estimate of values changed in place, and propagation of its
 * writes. Handlers never check arity again. The caller holds the engine lock.
 */
public final class Dispatcher {
    private static final CommandError MONITOR_KEYSPACE =
            new CommandError("ERR Replica can't interact with the keyspace");
    private static final CommandError NOT_IN_TRANSACTION =
            new CommandError("ERR Command not allowed inside a transaction");

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
        var rdb = engine.rdb();
        // Redis's order: the disk error (writes and PING), then loading
        if (rdb.writesDenied() && deniedOnDiskError(ctx, spec)) {
            throw Errors.MISCONF;
        }
        String aofError = engine.aof().writeError();
        if (aofError != null && deniedOnDiskError(ctx, spec)) {
            throw new CommandError("MISCONF Errors writing to the AOF file: " + aofError);
        }
        if (rdb.isLoading() && !spec.has(CommandFlag.LOADING)) {
            throw Errors.LOADING;
        }
        return spec;
    }

    /** Redis's writeCommandsDeniedByDiskError applies to writes and PING. */
    private static boolean deniedOnDiskError(CommandContext ctx, CommandSpec spec) {
        return isWrite(ctx, spec) || spec.name().equals("ping");
    }

    /** A write command, or an EXEC that would run one (Redis counts the queued commands' flags). */
    private static boolean isWrite(CommandContext ctx, CommandSpec spec) {
        return spec.has(CommandFlag.WRITE)
                || (spec.fullName().equals("exec") && ctx.inMulti() && queuesFlag(ctx, CommandFlag.WRITE));
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
        Tracking tracking = engine.tracking();
        if (depth++ == 0 && tracking.isActive()) {
            tracking.beginCommand(ctx);
        }
        try {
            end = executeOne(ctx, argv, out, startNanos, depth == 1);
        } finally {
            depth--;
        }
        ClientTracking clientTracking = ctx.existingTracking();
        if (clientTracking != null && clientTracking.cachingGiven() && !ctx.inMulti() && !isClientCommand(ctx)) {
            clientTracking.clearCaching(); // CLIENT CACHING applies to the next command only
        }
        if (depth == 0) {
            if (tracking.hasPending()) {
                tracking.endCommand(); // invalidations this client caused follow its reply
            }
            engine.blockedClients().serveReady();
        }
        return end;
    }

    private static boolean isClientCommand(CommandContext ctx) {
        CommandSpec last = ctx.lastCommand();
        return last != null && last.fullName().startsWith("client|");
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

    /**
     * Runs a command read back from the AOF (Redis's fake client): none of the client checks, no
     * reply, no statistics, nothing propagated (the command is already in the file). A command
     * that fails (wrong type, arity) is skipped, as its error was when it first ran.
     *
     * @throws CommandError only for a command this server does not know: the file cannot be replayed
     */
    public void replay(CommandContext ctx, byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            throw Errors.unknownCommand(argv);
        }
        if (spec.hasSubcommands() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null) {
                return;
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            return;
        }
        ctx.begin(spec, argv);
        try {
            spec.handler().execute(ctx, argv, io.lodestone.engine.reply.DiscardingReplyWriter.INSTANCE);
        } catch (CommandError ignored) {
            // the same error the command met when it ran first; what it did before failing stays
        }
        engine.keyspace().settleMemory();
    }

    /** @param topLevel a client's own command (not one run by EXEC, nor a blocked one run again) */
    private long executeOne(CommandContext ctx, byte[][] argv, ReplyWriter out, long startNanos, boolean topLevel) {
        EngineStats stats = engine.stats();
        engine.keyspace().setNow(engine.clock().millis());
        CommandSpec spec;
        try {
            spec = resolve(ctx, argv);
            if (ctx.subscriptionCount() > 0 || ctx.inMulti() || ctx.isMonitor()) {
                checkClientState(ctx, spec, out.protocol());
            }
            if (topLevel && engine.config().maxmemory() != 0) {
                checkMemory(ctx, spec);
            }
        } catch (CommandError e) {
            CommandSpec refused = ctx.lastCommand();
            if (refused != null) {
                refused.stats().recordRejected();
            }
            CommandError reply = e;
            if (refused != null && refused.fullName().equals("exec")) {
                reply = abortExec(ctx, e);
            } else if (ctx.inMulti()) {
                ctx.transaction().abort(); // EXEC will reply EXECABORT
            }
            stats.recordError(reply);
            out.error(reply);
            return startNanos;
        }
        Pause pause = engine.pause();
        if (pause.isActive() && pause.checkDeadline(engine.clock().millis()) && pause.holds(ctx, spec)) {
            pause.postpone(ctx, argv); // CLIENT PAUSE: it runs when the pause ends
            return startNanos;
        }
        if (ctx.inMulti() && !runsInsideMulti(spec)) {
            ctx.transaction().queue(spec, argv);
            out.simple("QUEUED");
            return startNanos;
        }
        return run(ctx, spec, argv, out, startNanos);
    }

    /**
     * Runs a command that has passed the generic checks: the handler, its statistics and its
     * propagation. EXEC calls this for each queued command, under the same lock and depth, so the
     * transaction's writes wake blocked clients only once it has finished.
     */
    public long run(CommandContext ctx, CommandSpec spec, byte[][] argv, ReplyWriter out, long startNanos) {
        EngineStats stats = engine.stats();
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
        if (ctx.existingTracking() != null && spec.has(CommandFlag.READONLY)) {
            engine.tracking().afterRead(ctx, spec, argv); // client-side caching: remember what it read
        }
        if (!engine.monitors().isEmpty() && Monitors.shows(spec) && !ctx.blockState().isRerun()) {
            engine.monitors().feed(ctx, spec, argv); // after the command, with the database it left selected
        }
        long end = engine.clock().nanos();
        if (!ctx.blockState().isRerun()) {
            // a blocking command counts once, when first run (Redis 7.0: not again when served)
            spec.stats().recordCall(end - startNanos, failed);
            stats.commandsProcessed++;
        }
        monitor(ctx, spec, argv, end - startNanos);
        long changes = ctx.changes();
        if (changes > 0) {
            stats.dirty += changes;
        }
        ctx.propagate(argv);
        return end;
    }

    // ---- maxmemory ------------------------------------------------------------------------------

    /**
     * Redis's processCommand: with a memory limit, evicts before every command, and refuses a
     * command that may grow memory (DENYOOM) while eviction cannot bring memory under the limit.
     * Reads, deletions and the like still run. Inside MULTI any command but EXEC, DISCARD, QUIT
     * and RESET is refused (queueing takes memory), and EXEC when it would run a DENYOOM command.
     */
    private void checkMemory(CommandContext ctx, CommandSpec spec) {
        if (outOfMemoryAfterEviction() && rejectedOnOom(ctx, spec)) {
            throw Errors.OOM;
        }
    }

    private static boolean rejectedOnOom(CommandContext ctx, CommandSpec spec) {
        if (spec.has(CommandFlag.DENYOOM)) {
            return true;
        }
        if (!ctx.inMulti()) {
            return false;
        }
        return switch (spec.fullName()) {
            case "exec" -> queuesDenyoom(ctx);
            case "discard", "quit", "reset" -> false;
            default -> true;
        };
    }

    private static boolean queuesDenyoom(CommandContext ctx) {
        return queuesFlag(ctx, CommandFlag.DENYOOM);
    }

    /** True if a command queued in the client's transaction has the flag. */
    private static boolean queuesFlag(CommandContext ctx, CommandFlag flag) {
        var transaction = ctx.transaction();
        for (int i = 0, n = transaction.queuedCount(); i < n; i++) {
            if (transaction.queuedSpec(i).has(flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * EXEC refused by a generic check (MISCONF, OOM, arity...): as Redis's execCommandAbort, the
     * transaction is discarded and the reply names the reason, e.g. {@code -EXECABORT Transaction
     * discarded because of: MISCONF ...} (an ERR reason is given without its code).
     */
    private static CommandError abortExec(CommandContext ctx, CommandError reason) {
        if (ctx.inMulti()) {
            var transaction = ctx.transaction();
            ctx.engine().watchedKeys().unwatchAll(transaction);
            transaction.reset();
        }
        String text = reason.getMessage();
        if (text.startsWith("ERR ")) {
            text = text.substring(4);
        }
        return new CommandError("EXECABORT Transaction discarded because of: " + text);
    }

    /** Evicts as maxmemory-policy says; true if memory is still over maxmemory with nothing left to evict. */
    public boolean outOfMemoryAfterEviction() {
        return engine.memory().performEvictions() == MemoryManager.Result.FAIL;
    }

    // ---- checks that depend on the client's state (Redis's processCommand) --------------------------

    /**
     * A monitor may not touch keys; a RESP2 client with subscriptions may only (un)subscribe, PING,
     * QUIT and RESET; inside MULTI a command flagged no-multi is refused. Each refusal also fails
     * a transaction being queued.
     */
    private static void checkClientState(CommandContext ctx, CommandSpec spec, int protocol) {
        if (ctx.isMonitor() && (spec.has(CommandFlag.READONLY) || spec.has(CommandFlag.WRITE)
                || spec.has(CommandFlag.MAY_REPLICATE))) {
            throw MONITOR_KEYSPACE; // a monitor is a replica to Redis: it may not use the keyspace
        }
        if (ctx.subscriptionCount() > 0 && protocol == 2 && !allowedWhileSubscribed(spec)) {
            throw new CommandError("ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        }
        if (ctx.inMulti() && spec.has(CommandFlag.NO_MULTI)) {
            throw NOT_IN_TRANSACTION;
        }
    }

    private static boolean allowedWhileSubscribed(CommandSpec spec) {
        return switch (spec.fullName()) {
            case "ping", "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe",
                    "quit", "reset" -> true;
            default -> false;
        };
    }

    /** The commands that act on the transaction itself (or end the connection) run at once inside MULTI. */
    private static boolean runsInsideMulti(CommandSpec spec) {
        return switch (spec.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
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
