package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.type.HashValue;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.LongDouble;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.function.IntConsumer;

/** Hash commands (Redis's t_hash.c). The encodings live in {@link HashValue}. */
public final class HashCommands {
    private static final byte[] HSET = Bytes.ascii("HSET");
    /** Longest canonical 64-bit integer: "-9223372036854775808". */
    private static final int MAX_LONG_CHARS = 20;

    static final CommandError HASH_NOT_INTEGER = new CommandError("ERR hash value is not an integer");
    static final CommandError HASH_NOT_FLOAT = new CommandError("ERR hash value is not a float");
    static final CommandError INCREMENT_NAN_OR_INFINITY = new CommandError("ERR value is NaN or Infinity");

    private HashCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                write("hset", -4, HashCommands::hset, "RW", "UPDATE").since("2.0.0")
                        .summary("Set the string value of a hash field")
                        .complexity("O(1) for each field/value pair added, so O(N) to add N field/value pairs when"
                                + " the command is called with multiple field/value pairs.").build(),
                write("hsetnx", 4, HashCommands::hsetnx, "RW", "INSERT").since("2.0.0")
                        .summary("Set the value of a hash field, only if the field does not exist")
                        .complexity("O(1)").build(),
                readFast("hget", 3, HashCommands::hget, "RO", "ACCESS").since("2.0.0")
                        .summary("Get the value of a hash field").complexity("O(1)").build(),
                readFast("hmget", -3, HashCommands::hmget, "RO", "ACCESS").since("2.0.0")
                        .summary("Get the values of all the given hash fields")
                        .complexity("O(N) where N is the number of fields being requested.").build(),
                write("hmset", -4, HashCommands::hmset, "RW", "UPDATE").since("2.0.0")
                        .summary("Set multiple hash fields to multiple values")
                        .complexity("O(N) where N is the number of fields being set.").build(),
                CommandSpec.builder("hdel").arity(-3).flags(WRITE, FAST).acl("write", "hash", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "DELETE")).group("hash").since("2.0.0")
                        .summary("Delete one or more hash fields")
                        .complexity("O(N) where N is the number of fields to be removed.")
                        .handler(HashCommands::hdel).build(),
                readSlow("hgetall", 2, HashCommands::hgetall).tips("nondeterministic_output_order").since("2.0.0")
                        .summary("Get all the fields and values in a hash")
                        .complexity("O(N) where N is the size of the hash.").build(),
                readSlow("hkeys", 2, HashCommands::hkeys).tips("nondeterministic_output_order").since("2.0.0")
                        .summary("Get all the fields in a hash")
                        .complexity("O(N) where N is the size of the hash.").build(),
                readSlow("hvals", 2, HashCommands::hvals).tips("nondeterministic_output_order").since("2.0.0")
                        .summary("Get all the values in a hash")
                        .complexity("O(N) where N is the size of the hash.").build(),
                readFast("hlen", 2, HashCommands::hlen, "RO").since("2.0.0")
                        .summary("Get the number of fields in a hash").complexity("O(1)").build(),
                readFast("hexists", 3, HashCommands::hexists, "RO").since("2.0.0")
                        .summary("Determine if a hash field exists").complexity("O(1)").build(),
                readFast("hstrlen", 3, HashCommands::hstrlen, "RO").since("3.2.0")
                        .summary("Get the length of the value of a hash field").complexity("O(1)").build(),
                write("hincrby", 4, HashCommands::hincrby, "RW", "ACCESS", "UPDATE").since("2.0.0")
                        .summary("Increment the integer value of a hash field by the given number")
                        .complexity("O(1)").build(),
                write("hincrbyfloat", 4, HashCommands::hincrbyfloat, "RW", "ACCESS", "UPDATE").since("2.6.0")
                        .summary("Increment the float value of a hash field by the given amount")
                        .complexity("O(1)").build(),
                readSlow("hrandfield", -2, HashCommands::hrandfield).tips("nondeterministic_output").since("6.2.0")
                        .summary("Get one or multiple random fields from a hash")
                        .complexity("O(N) where N is the number of fields returned").build(),
                readSlow("hscan", -3, HashCommands::hscan).tips("nondeterministic_output").since("2.8.0")
                        .summary("Incrementally iterate hash fields and associated values")
                        .complexity("O(1) for every call. O(N) for a complete iteration, including enough command"
                                + " calls for the cursor to return back to 0. N is the number of elements inside"
                                + " the collection..").build());
    }

    private static CommandSpec.Builder write(String name, int arity, CommandHandler handler, String... keyFlags) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE, DENYOOM, FAST).acl("write", "hash", "fast")
                .key(KeySpec.range(1, 0, 1, keyFlags)).group("hash").handler(handler);
    }

    private static CommandSpec.Builder readFast(String name, int arity, CommandHandler handler, String... keyFlags) {
        return CommandSpec.builder(name).arity(arity).flags(READONLY, FAST).acl("read", "hash", "fast")
                .key(KeySpec.range(1, 0, 1, keyFlags)).group("hash").handler(handler);
    }

    private static CommandSpec.Builder readSlow(String name, int arity, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity).flags(READONLY).acl("read", "hash", "slow")
                .key(KeySpec.range(1, 0, 1, "RO", "ACCESS")).group("hash").handler(handler);
    }

    // ---- writes --------------------------------------------------------------------------------

    /** HSET key field value [field value ...] */
    static void hset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(setFields(ctx, argv));
    }

    /** HMSET key field value [field value ...] (deprecated: HSET with an OK reply) */
    static void hmset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setFields(ctx, argv);
        out.ok();
    }

    /** HSETNX key field value */
    static void hsetnx(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Target target = lookupWrite(ctx, argv[1]);
        if (target.hash.contains(argv[2])) {
            out.integer(0);
            return;
        }
        target.hash.set(argv[2], argv[3], config(ctx));
        target.store(ctx, argv[1]);
        ctx.notify(Notifier.HASH, "hset", argv[1]);
        ctx.dirty();
        out.integer(1);
    }

    /** HDEL key field [field ...] */
    static void hdel(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        HashValue hash = asHash(db.getForWrite(argv[1]));
        if (hash == null) {
            out.integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < argv.length; i++) {
            if (hash.remove(argv[i])) {
                deleted++;
                if (hash.isEmpty()) {
                    db.delete(argv[1]);
                    break;
                }
            }
        }
        if (deleted > 0) {
            ctx.notify(Notifier.HASH, "hdel", argv[1]);
            if (hash.isEmpty()) {
                ctx.notify(Notifier.GENERIC, "del", argv[1]);
            }
            ctx.dirty(deleted);
        }
        out.integer(deleted);
    }

    /** HINCRBY key field increment */
    static void hincrby(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long increment = Bytes.parseLong(argv[3]);
        Target target = lookupWrite(ctx, argv[1]);
        HashValue hash = target.hash;
        long current = 0;
        int pos = hash.find(argv[2]);
        if (pos >= 0) {
            if (hash.valueLength(pos) > MAX_LONG_CHARS) {
                throw HASH_NOT_INTEGER;
            }
            current = Bytes.parseLong(hash.value(pos), HASH_NOT_INTEGER);
        }
        long sum = current + increment;
        if (((current ^ sum) & (increment ^ sum)) < 0) {
            throw Errors.OVERFLOW;
        }
        hash.set(argv[2], Bytes.toBytes(sum), config(ctx));
        target.store(ctx, argv[1]);
        ctx.notify(Notifier.HASH, "hincrby", argv[1]);
        ctx.dirty();
        out.integer(sum);
    }

    /** HINCRBYFLOAT key field increment (propagated as HSET key field result) */
    static void hincrbyfloat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        LongDouble increment = LongDouble.parse(argv[3]);
        if (increment == null) {
            throw Errors.NOT_FLOAT;
        }
        if (!increment.isFinite()) {
            throw INCREMENT_NAN_OR_INFINITY;
        }
        Target target = lookupWrite(ctx, argv[1]);
        HashValue hash = target.hash;
        LongDouble current = LongDouble.ZERO;
        int pos = hash.find(argv[2]);
        if (pos >= 0) {
            current = LongDouble.parse(hash.valueArray(pos), hash.valueOffset(pos), hash.valueLength(pos));
            if (current == null) {
                throw HASH_NOT_FLOAT;
            }
        }
        LongDouble sum = current.plus(increment);
        if (!sum.isFinite()) {
            throw Errors.NAN_OR_INFINITY;
        }
        byte[] result = sum.toBytes();
        hash.set(argv[2], result, config(ctx));
        target.store(ctx, argv[1]);
        ctx.notify(Notifier.HASH, "hincrbyfloat", argv[1]);
        ctx.dirty();
        // the final value, so that replicas and the AOF never redo floating-point arithmetic
        ctx.rewriteAs(HSET, argv[1], argv[2], result);
        out.bulk(result);
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** HGET key field */
    static void hget(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        int pos = hash == null ? -1 : hash.find(argv[2]);
        if (pos < 0) {
            out.nullBulk();
        } else {
            replyValue(out, hash, pos);
        }
    }

    /** HMGET key field [field ...] */
    static void hmget(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            int pos = hash == null ? -1 : hash.find(argv[i]);
            if (pos < 0) {
                out.nullBulk();
            } else {
                replyValue(out, hash, pos);
            }
        }
    }

    /** HGETALL key */
    static void hgetall(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        if (hash == null) {
            out.mapHeader(0);
            return;
        }
        out.mapHeader(hash.size());
        for (int pos = hash.first(); pos >= 0; pos = hash.next(pos)) {
            replyField(out, hash, pos);
            replyValue(out, hash, pos);
        }
    }

    /** HKEYS key */
    static void hkeys(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        if (hash == null) {
            out.emptyArray();
            return;
        }
        out.arrayHeader(hash.size());
        for (int pos = hash.first(); pos >= 0; pos = hash.next(pos)) {
            replyField(out, hash, pos);
        }
    }

    /** HVALS key */
    static void hvals(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        if (hash == null) {
            out.emptyArray();
            return;
        }
        out.arrayHeader(hash.size());
        for (int pos = hash.first(); pos >= 0; pos = hash.next(pos)) {
            replyValue(out, hash, pos);
        }
    }

    /** HLEN key */
    static void hlen(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        out.integer(hash == null ? 0 : hash.size());
    }

    /** HEXISTS key field */
    static void hexists(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        out.integer(hash != null && hash.contains(argv[2]) ? 1 : 0);
    }

    /** HSTRLEN key field */
    static void hstrlen(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        HashValue hash = lookupRead(ctx, argv[1]);
        int pos = hash == null ? -1 : hash.find(argv[2]);
        out.integer(pos < 0 ? 0 : hash.valueLength(pos));
    }

    /** HRANDFIELD key [count [WITHVALUES]] */
    static void hrandfield(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length >= 3) {
            long count = Bytes.parseLong(argv[2]);
            if (count == Long.MIN_VALUE) {
                throw Errors.COUNT_OUT_OF_RANGE;
            }
            if (argv.length > 4 || (argv.length == 4 && !Bytes.is(argv[3], "withvalues"))) {
                throw Errors.SYNTAX;
            }
            boolean withValues = argv.length == 4;
            // the doubled RESP2 reply must not overflow
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw Errors.VALUE_OUT_OF_RANGE;
            }
            randomFieldsWithCount(ctx, argv[1], count, withValues, out);
            return;
        }
        HashValue hash = lookupRead(ctx, argv[1]);
        if (hash == null) {
            out.nullBulk();
            return;
        }
        replyField(out, hash, hash.randomPosition(ThreadLocalRandom.current()));
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count] */
    static void hscan(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long cursor = ScanArgs.parseCursor(argv[2]);
        HashValue hash = lookupRead(ctx, argv[1]);
        if (hash == null) {
            ScanArgs.replyEmpty(out);
            return;
        }
        ScanArgs args = ScanArgs.parse(argv, 3, false);
        ScanArgs.Positions found = new ScanArgs.Positions();
        long next = hash.scan(cursor, args.count, args.maxBuckets(), found);
        int kept = 0;
        for (int i = 0; i < found.size; i++) {
            if (args.pattern == null || args.matches(hash.field(found.items[i]))) {
                found.items[kept++] = found.items[i];
            }
        }
        ScanArgs.replyCursor(out, next);
        out.arrayHeader(kept * 2);
        for (int i = 0; i < kept; i++) {
            replyField(out, hash, found.items[i]);
            replyValue(out, hash, found.items[i]);
        }
    }

    // ---- generic workers -----------------------------------------------------------------------

    /** HSET and HMSET: sets every pair, returns how many fields were new. */
    private static long setFields(CommandContext ctx, byte[][] argv) {
        if ((argv.length & 1) == 1) {
            throw Errors.arity(ctx.command().fullName());
        }
        Target target = lookupWrite(ctx, argv[1]);
        EngineConfig config = config(ctx);
        long added = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (target.hash.set(argv[i], argv[i + 1], config)) {
                added++;
            }
        }
        target.store(ctx, argv[1]);
        ctx.notify(Notifier.HASH, "hset", argv[1]);
        ctx.dirty();
        return added;
    }

    /**
     * HRANDFIELD with a count: a positive count asks for distinct fields (at most the whole hash), a
     * negative one for that many independent draws. With WITHVALUES, RESP3 gets [field, value] pairs
     * and RESP2 a flat list, as Redis replies.
     */
    private static void randomFieldsWithCount(CommandContext ctx, byte[] key, long count, boolean withValues,
                                              ReplyWriter out) {
        HashValue hash = lookupRead(ctx, key);
        if (hash == null || count == 0) {
            out.emptyArray();
            return;
        }
        // RESP2 has no pairs: the reply shape differs by protocol here, as in Redis
        boolean pairs = withValues && out.protocol() >= 3;
        out.arrayHeader(replyLength(RandomSampler.resultCount(count, hash.size()), withValues && !pairs));
        RandomSampler.sample(hash, count, ThreadLocalRandom.current(),
                pos -> replyEntry(out, hash, pos, withValues, pairs));
    }

    /** The number of reply elements for {@code entries} entries, or an error past what a reply can hold. */
    private static int replyLength(long entries, boolean flatPairs) {
        long length = flatPairs ? entries * 2 : entries;
        if (length > Integer.MAX_VALUE) {
            throw Errors.VALUE_OUT_OF_RANGE; // Redis would try to send it all; we refuse a reply we cannot frame
        }
        return (int) length;
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A hash to write to: the existing one, or a new one stored once it has fields. */
    private static final class Target {
        final HashValue hash;
        final boolean created;

        Target(HashValue hash, boolean created) {
            this.hash = hash;
            this.created = created;
        }

        void store(CommandContext ctx, byte[] key) {
            if (created) {
                ctx.db().set(key, hash);
            }
        }
    }

    private static Target lookupWrite(CommandContext ctx, byte[] key) {
        HashValue hash = asHash(ctx.db().getForWrite(key));
        return hash != null ? new Target(hash, false) : new Target(new HashValue(), true);
    }

    private static HashValue lookupRead(CommandContext ctx, byte[] key) {
        return asHash(ctx.db().get(key));
    }

    /** The value as a hash, null if missing, or WRONGTYPE. */
    private static HashValue asHash(Object value) {
        if (value == null || value instanceof HashValue) {
            return (HashValue) value;
        }
        throw Errors.WRONGTYPE;
    }

    private static EngineConfig config(CommandContext ctx) {
        return ctx.engine().config();
    }

    private static void replyField(ReplyWriter out, HashValue hash, int pos) {
        out.bulk(hash.fieldArray(pos), hash.fieldOffset(pos), hash.fieldLength(pos));
    }

    private static void replyValue(ReplyWriter out, HashValue hash, int pos) {
        out.bulk(hash.valueArray(pos), hash.valueOffset(pos), hash.valueLength(pos));
    }

    private static void replyEntry(ReplyWriter out, HashValue hash, int pos, boolean withValues, boolean pairs) {
        if (pairs) {
            out.arrayHeader(2);
        }
        replyField(out, hash, pos);
        if (withValues) {
            replyValue(out, hash, pos);
        }
    }
}
