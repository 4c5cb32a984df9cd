package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.NO_ASYNC_LOADING;
import static io.lodestone.engine.command.CommandFlag.NO_MULTI;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.persistence.RdbPersistence;
import io.lodestone.engine.persistence.aof.AofPersistence;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.List;

/** Persistence commands (the command side of Redis's rdb.c and aof.c): SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE. */
public final class PersistenceCommands {
    static final CommandError BGSAVE_IN_PROGRESS = new CommandError("ERR Background save already in progress");
    /** Redis's shared.err: a bare "-ERR" when a foreground save fails (the reason is in the log). */
    static final CommandError SAVE_FAILED = new CommandError("ERR");

    static final CommandError OTHER_CHILD_ACTIVE = new CommandError("ERR Another child process is active (AOF?):"
            + " can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    static final CommandError REWRITE_IN_PROGRESS =
            new CommandError("ERR Background append only file rewriting already in progress");
    static final CommandError REWRITE_FAILED = new CommandError("ERR Can't execute an AOF background rewriting."
            + " Please check the server logs for more information.");

    private PersistenceCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("save").arity(1).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI)
                        .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Synchronously save the dataset to disk")
                        .complexity("O(N) where N is the total number of keys in all databases")
                        .handler(PersistenceCommands::save).build(),
                CommandSpec.builder("bgsave").arity(-1).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING)
                        .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Asynchronously save the dataset to disk").complexity("O(1)")
                        .handler(PersistenceCommands::bgsave).build(),
                CommandSpec.builder("bgrewriteaof").arity(1).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING)
                        .acl("admin", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Asynchronously rewrite the append-only file").complexity("O(1)")
                        .handler(PersistenceCommands::bgrewriteaof).build(),
                CommandSpec.builder("lastsave").arity(1).flags(LOADING, STALE, FAST)
                        .acl("admin", "fast", "dangerous").tips("nondeterministic_output").group("server")
                        .since("1.0.0").summary("Get the UNIX time stamp of the last successful save to disk")
                        .complexity("O(1)").handler(PersistenceCommands::lastsave).build());
    }

    /** SAVE: blocks every client while the dataset is written. */
    static void save(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        RdbPersistence rdb = ctx.engine().rdb();
        if (rdb.isBackgroundSaveRunning()) {
            throw BGSAVE_IN_PROGRESS;
        }
        if (!rdb.save()) {
            throw SAVE_FAILED;
        }
        out.ok();
    }

    /** BGSAVE [SCHEDULE]: snapshot written in the background while clients keep writing. */
    static void bgsave(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 1 && !(argv.length == 2 && Bytes.is(argv[1], "schedule"))) {
            throw Errors.SYNTAX;
        }
        boolean schedule = argv.length == 2;
        RdbPersistence rdb = ctx.engine().rdb();
        if (rdb.isBackgroundSaveRunning()) {
            throw BGSAVE_IN_PROGRESS;
        }
        if (ctx.engine().aof().isRewriting() || ctx.inExec()) {
            if (!schedule && !ctx.inExec()) {
                throw OTHER_CHILD_ACTIVE;
            }
            rdb.scheduleBackgroundSave();
            out.simple("Background saving scheduled");
            return;
        }
        rdb.startBackgroundSave();
        out.simple("Background saving started");
    }

    /** BGREWRITEAOF: a new base of the AOF from a snapshot, while writes go on into a new incr file. */
    static void bgrewriteaof(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        AofPersistence aof = ctx.engine().aof();
        if (aof.isRewriting()) {
            throw REWRITE_IN_PROGRESS;
        }
        if (ctx.inExec()) {
            aof.scheduleRewrite();
            out.simple("Background append only file rewriting scheduled");
            return;
        }
        switch (aof.startRewrite()) {
            case STARTED -> out.simple("Background append only file rewriting started");
            case SCHEDULED -> out.simple("Background append only file rewriting scheduled");
            case ALREADY_RUNNING -> throw REWRITE_IN_PROGRESS;
            case FAILED -> throw REWRITE_FAILED;
        }
    }

    /** LASTSAVE */
    static void lastsave(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.engine().rdb().lastSaveSeconds());
    }
}
