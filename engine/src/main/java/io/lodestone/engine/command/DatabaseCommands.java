package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.STALE;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.List;

/** Commands about the numbered databases as wholes (the db.c part of Redis that is not per key). */
public final class DatabaseCommands {
    /** getIntFromObjectOrReply's reply for an integer that does not fit in 32 bits. */
    static final CommandError NOT_INT32 =
            new CommandError("ERR value is out of range, value must between -2147483648 and 2147483647");
    private static final CommandError INVALID_FIRST_DB = new CommandError("ERR invalid first DB index");
    private static final CommandError INVALID_SECOND_DB = new CommandError("ERR invalid second DB index");

    private DatabaseCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("select").arity(2).flags(LOADING, STALE, FAST).acl("fast", "connection")
                        .group("connection").since("1.0.0")
                        .summary("Change the selected database for the current connection").complexity("O(1)")
                        .handler(DatabaseCommands::select).build(),
                CommandSpec.builder("dbsize").tips("request_policy:all_shards", "response_policy:agg_sum").arity(1).flags(READONLY, FAST).acl("keyspace", "read", "fast")
                        .group("server").since("1.0.0")
                        .summary("Return the number of keys in the selected database").complexity("O(1)")
                        .handler(DatabaseCommands::dbsize).build(),
                CommandSpec.builder("flushdb").tips("request_policy:all_shards", "response_policy:all_succeeded").arity(-1).flags(WRITE)
                        .acl("keyspace", "write", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Remove all keys from the current database")
                        .complexity("O(N) where N is the number of keys in the selected database")
                        .handler(DatabaseCommands::flushdb).build(),
                CommandSpec.builder("flushall").tips("request_policy:all_shards", "response_policy:all_succeeded").arity(-1).flags(WRITE)
                        .acl("keyspace", "write", "slow", "dangerous").group("server").since("1.0.0")
                        .summary("Remove all keys from all databases")
                        .complexity("O(N) where N is the total number of keys in all databases")
                        .handler(DatabaseCommands::flushall).build(),
                CommandSpec.builder("swapdb").arity(3).flags(WRITE, FAST)
                        .acl("keyspace", "write", "fast", "dangerous").group("server").since("4.0.0")
                        .summary("Swaps two Redis databases")
                        .complexity("O(N) where N is the count of clients watching or blocking on keys from both"
                                + " databases.")
                        .handler(DatabaseCommands::swapdb).build(),
                CommandSpec.builder("move").arity(3).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE")).group("generic").since("1.0.0")
                        .summary("Move a key to another database").complexity("O(1)")
                        .handler(DatabaseCommands::move).build());
    }

    /** SELECT index */
    static void select(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ctx.select(parseDbIndex(ctx, argv[1]));
        out.ok();
    }

    /** DBSIZE: keys past their deadline but not yet removed count too, as in Redis. */
    static void dbsize(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.db().size());
    }

    /** FLUSHDB [ASYNC | SYNC]: always propagated, even when the database was already empty. */
    static void flushdb(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        checkFlushMode(argv);
        Database db = ctx.db();
        long removed = db.size();
        db.clear();
        ctx.dirty(Math.max(1, removed));
        out.ok();
    }

    /** FLUSHALL [ASYNC | SYNC]: always propagated. */
    static void flushall(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        checkFlushMode(argv);
        Keyspace keyspace = ctx.engine().keyspace();
        long removed = keyspace.totalKeys();
        keyspace.flushAll();
        ctx.dirty(removed + 1);
        out.ok();
    }

    /** Both modes free memory the same way here (the GC does it), so the mode is only validated. */
    private static void checkFlushMode(byte[][] argv) {
        if (argv.length == 2 && (Bytes.is(argv[1], "sync") || Bytes.is(argv[1], "async"))) {
            return;
        }
        if (argv.length != 1) {
            throw Errors.SYNTAX;
        }
    }

    /** SWAPDB index1 index2: clients stay on their index and see the other contents. */
    static void swapdb(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        int first = parseInt(argv[1], INVALID_FIRST_DB);
        int second = parseInt(argv[2], INVALID_SECOND_DB);
        Keyspace keyspace = ctx.engine().keyspace();
        if (!isValidIndex(keyspace, first) || !isValidIndex(keyspace, second)) {
            throw Errors.DB_INDEX;
        }
        if (first != second) {
            keyspace.swap(first, second);
            // clients blocked on keys of either database may now find their lists (Redis does the same)
            ctx.engine().blockedClients().signalDatabase(first);
            ctx.engine().blockedClients().signalDatabase(second);
        }
        ctx.dirty(); // propagated even when both indexes are the same, as Redis does
        out.ok();
    }

    /** MOVE key db: 1 if moved, 0 if there is no such key or the target already has one. */
    static void move(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        int targetIndex = parseDbIndex(ctx, argv[2]);
        if (targetIndex == ctx.dbIndex()) {
            throw KeyCommands.SAME_OBJECT;
        }
        byte[] key = argv[1];
        Database from = ctx.db();
        Database to = ctx.engine().keyspace().db(targetIndex);
        Object value = from.peek(key);
        if (value == null) {
            out.integer(0);
            return;
        }
        long expireAt = from.expireAt(key);
        if (to.exists(key)) {
            out.integer(0);
            return;
        }
        int flags = from.valueFlags(key);
        to.set(key, value, expireAt);
        to.setValueFlags(key, flags);
        from.delete(key);
        Notifier notifier = ctx.engine().notifier();
        notifier.notify(Notifier.GENERIC, "move_from", key, from.index());
        notifier.notify(Notifier.GENERIC, "move_to", key, to.index());
        ctx.dirty();
        out.integer(1);
    }

    // ---- parsing -------------------------------------------------------------------------------

    /** A database index as SELECT, MOVE and COPY read it: a 32-bit integer naming an existing db. */
    static int parseDbIndex(CommandContext ctx, byte[] arg) {
        long value = Bytes.parseLong(arg);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw NOT_INT32;
        }
        if (!isValidIndex(ctx.engine().keyspace(), value)) {
            throw Errors.DB_INDEX;
        }
        return (int) value;
    }

    /** A 32-bit integer, or {@code error} for anything else (Redis's getIntFromObjectOrReply with a message). */
    private static int parseInt(byte[] arg, CommandError error) {
        long value = Bytes.parseLong(arg, error);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw error;
        }
        return (int) value;
    }

    private static boolean isValidIndex(Keyspace keyspace, long index) {
        return index >= 0 && index < keyspace.databaseCount();
    }
}
