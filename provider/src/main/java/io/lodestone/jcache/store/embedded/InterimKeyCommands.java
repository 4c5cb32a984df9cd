package io.lodestone.jcache.store.embedded;

import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.command.KeySpec;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.time.Clock;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * DEL, PEXPIREAT and PERSIST for engines built before the engine's own key commands existed.
 * {@link #missingFrom(Engine)} returns only those the engine lacks, so once the engine declares
 * them these are never registered (and this class can go). Behaviour and metadata follow Redis 7.0.
 */
public final class InterimKeyCommands {
    private static final byte[] DEL = Bytes.ascii("DEL");

    private InterimKeyCommands() {}

    /** The commands the store needs that {@code engine}'s table does not declare. */
    public static List<CommandSpec> missingFrom(Engine engine) {
        List<CommandSpec> missing = new ArrayList<>();
        for (CommandSpec spec : specs()) {
            if (engine.commands().lookup(spec.name()) == null) {
                missing.add(spec);
            }
        }
        return missing;
    }

    /** An engine with the engine's commands plus whichever of these it lacks. */
    public static Engine newEngine(EngineConfig config, Clock clock, List<CommandSpec> extra) {
        List<CommandSpec> all = new ArrayList<>(extra);
        all.addAll(missingFrom(new Engine(new EngineConfig(1), clock, extra)));
        return new Engine(config, clock, all);
    }

    static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("del").arity(-2).flags(WRITE).acl("keyspace", "write", "slow")
                        .tips("request_policy:multi_shard", "response_policy:agg_sum")
                        .key(KeySpec.range(1, -1, 1, "RM", "DELETE")).group("generic").since("1.0.0")
                        .summary("Delete a key").complexity("O(N) where N is the number of keys that will be removed.")
                        .handler(InterimKeyCommands::del).build(),
                CommandSpec.builder("pexpireat").arity(-3).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "UPDATE")).group("generic").since("2.6.0")
                        .summary("Set the expiration for a key as a UNIX timestamp specified in milliseconds")
                        .complexity("O(1)").handler(InterimKeyCommands::pexpireat).build(),
                CommandSpec.builder("persist").arity(2).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "UPDATE")).group("generic").since("2.2.0")
                        .summary("Remove the expiration from a key").complexity("O(1)")
                        .handler(InterimKeyCommands::persist).build());
    }

    /** DEL key [key ...] */
    static void del(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (ctx.db().delete(argv[i])) {
                deleted++;
            }
        }
        ctx.dirty(deleted);
        out.integer(deleted);
    }

    /** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
    static void pexpireat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < argv.length; i++) {
            if (Bytes.is(argv[i], "nx")) {
                nx = true;
            } else if (Bytes.is(argv[i], "xx")) {
                xx = true;
            } else if (Bytes.is(argv[i], "gt")) {
                gt = true;
            } else if (Bytes.is(argv[i], "lt")) {
                lt = true;
            } else {
                throw new CommandError("ERR Unsupported option " + Bytes.string(argv[i]));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        long when = Bytes.parseLong(argv[2], Errors.NOT_INTEGER);
        Database db = ctx.db();
        long current = db.expireAt(argv[1]);
        if (current < 0) {
            out.integer(0);
            return;
        }
        boolean hasTtl = current != 0;
        if ((nx && hasTtl) || (xx && !hasTtl) || (gt && (!hasTtl || when <= current))
                || (lt && hasTtl && when >= current)) {
            out.integer(0);
            return;
        }
        if (when <= ctx.now() && !ctx.engine().keyspace().isReplica()) {
            db.delete(argv[1]);
            ctx.dirty();
            ctx.rewriteAs(DEL, argv[1]);
        } else {
            db.setExpire(argv[1], when);
            ctx.dirty();
        }
        out.integer(1);
    }

    /** PERSIST key */
    static void persist(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        if (db.expireAt(argv[1]) > 0) {
            db.setExpire(argv[1], 0);
            ctx.dirty();
            out.integer(1);
        } else {
            out.integer(0);
        }
    }
}
