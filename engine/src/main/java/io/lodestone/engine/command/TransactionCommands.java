package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.ALLOW_BUSY;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.SKIP_SLOWLOG;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.Engine;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.stream.WriteBatch;
import io.lodestone.engine.transaction.Transaction;
import io.lodestone.engine.transaction.WatchedKeys;
import java.util.List;

/**
 * MULTI EXEC DISCARD WATCH UNWATCH (Redis's multi.c). Queueing itself happens in the {@link
 * Dispatcher}, which also fails a transaction whose commands are refused while queued. EXEC runs
 * the queue under the engine lock the command already holds, so the whole block is atomic; its
 * writes are propagated once, wrapped in MULTI ... EXEC, and clients blocked on the keys it wrote
 * are served after it.
 */
public final class TransactionCommands {
    static final CommandError NESTED_MULTI = new CommandError("ERR MULTI calls can not be nested");
    static final CommandError EXEC_WITHOUT_MULTI = new CommandError("ERR EXEC without MULTI");
    static final CommandError DISCARD_WITHOUT_MULTI = new CommandError("ERR DISCARD without MULTI");
    static final CommandError WATCH_INSIDE_MULTI = new CommandError("ERR WATCH inside MULTI is not allowed");
    static final CommandError EXECABORT =
            new CommandError("EXECABORT Transaction discarded because of previous errors.");

    private TransactionCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("multi").arity(1).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                        .acl("fast", "transaction").group("transactions").since("1.2.0")
                        .summary("Mark the start of a transaction block").complexity("O(1)")
                        .handler(TransactionCommands::multi).build(),
                CommandSpec.builder("exec").arity(1).flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG)
                        .acl("slow", "transaction").group("transactions").since("1.2.0")
                        .summary("Execute all commands issued after MULTI").complexity("Depends on commands in the transaction")
                        .handler(TransactionCommands::exec).build(),
                CommandSpec.builder("discard").arity(1).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                        .acl("fast", "transaction").group("transactions").since("2.0.0")
                        .summary("Discard all commands issued after MULTI")
                        .complexity("O(N), when N is the number of queued commands")
                        .handler(TransactionCommands::discard).build(),
                CommandSpec.builder("watch").arity(-2).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                        .acl("fast", "transaction").key(KeySpec.range(1, -1, 1, "RO")).group("transactions")
                        .since("2.2.0")
                        .summary("Watch the given keys to determine execution of the MULTI/EXEC block")
                        .complexity("O(1) for every key.")
                        .handler(TransactionCommands::watch).build(),
                CommandSpec.builder("unwatch").arity(1).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                        .acl("fast", "transaction").group("transactions").since("2.2.0")
                        .summary("Forget about all watched keys").complexity("O(1)")
                        .handler(TransactionCommands::unwatch).build());
    }

    /** MULTI */
    static void multi(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (ctx.inMulti()) {
            throw NESTED_MULTI; // does not fail the transaction: it is a reply, not a refusal
        }
        ctx.transaction().begin();
        out.ok();
    }

    /** DISCARD */
    static void discard(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (!ctx.inMulti()) {
            throw DISCARD_WITHOUT_MULTI;
        }
        endTransaction(ctx);
        out.ok();
    }

    /**
     * EXEC: EXECABORT if a command was refused while queued, a null array if a watched key was
     * touched (or has expired since WATCH), else the array of every queued command's reply. A
     * command that fails at run time replies its error in its slot; the others still run.
     */
    static void exec(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (!ctx.inMulti()) {
            throw EXEC_WITHOUT_MULTI;
        }
        Engine engine = ctx.engine();
        Transaction tx = ctx.transaction();
        boolean touched = tx.watchedKeyTouched() || engine.watchedKeys().anyExpired(tx, engine.keyspace());
        if (tx.aborted()) {
            endTransaction(ctx);
            throw EXECABORT;
        }
        if (touched) {
            endTransaction(ctx);
            out.nullArray();
            return;
        }
        engine.watchedKeys().unwatchAll(tx); // from here on nothing can fail the transaction
        CommandSpec execSpec = ctx.command();
        Dispatcher dispatcher = engine.dispatcher();
        WriteBatch batch = engine.writeBatch();
        int count = tx.queuedCount();
        out.arrayHeader(count);
        tx.setExecuting(true);
        batch.begin();
        try {
            long nanos = engine.clock().nanos();
            for (int i = 0; i < count; i++) {
                nanos = dispatcher.run(ctx, tx.queuedSpec(i), tx.queuedArgv(i), out, nanos);
            }
        } finally {
            batch.end();
            tx.reset();
            ctx.begin(execSpec, argv); // EXEC itself propagates nothing: its commands did
        }
    }

    /** WATCH key [key ...] */
    static void watch(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (ctx.inMulti()) {
            throw WATCH_INSIDE_MULTI;
        }
        Transaction tx = ctx.transaction();
        if (!tx.watchedKeyTouched()) { // already failed: watching more changes nothing
            WatchedKeys watched = ctx.engine().watchedKeys();
            for (int i = 1; i < argv.length; i++) {
                watched.watch(tx, ctx.db(), argv[i]);
            }
        }
        out.ok();
    }

    /** UNWATCH */
    static void unwatch(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Transaction tx = ctx.transaction();
        ctx.engine().watchedKeys().unwatchAll(tx);
        tx.clearTouched();
        out.ok();
    }

    /** Ends MULTI and drops the watches, as Redis's discardTransaction. */
    private static void endTransaction(CommandContext ctx) {
        Transaction tx = ctx.transaction();
        ctx.engine().watchedKeys().unwatchAll(tx);
        tx.reset();
    }
}
