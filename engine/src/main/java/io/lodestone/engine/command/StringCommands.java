package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.LongDouble;
import java.util.List;

/**
 * String commands (Redis's t_string.c). Values are stored as the request's own byte arrays, which
 * other keys may share (COPY) and which may be cached constants: a stored value is never modified
 * in place, every change stores a new array.
 */
public final class StringCommands {
    // words of the deterministic forms this group propagates
    private static final byte[] SET = Bytes.ascii("SET");
    private static final byte[] PXAT = Bytes.ascii("PXAT");
    private static final byte[] KEEPTTL = Bytes.ascii("KEEPTTL");
    private static final byte[] DEL = Bytes.ascii("DEL");
    private static final byte[] PEXPIREAT = Bytes.ascii("PEXPIREAT");
    private static final byte[] PERSIST = Bytes.ascii("PERSIST");

    private static final byte[] EMPTY = new byte[0];

    private static final CommandError OFFSET_OUT_OF_RANGE = new CommandError("ERR offset is out of range");
    private static final CommandError DECREMENT_OVERFLOW = new CommandError("ERR decrement would overflow");

    private StringCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("get").arity(2).flags(READONLY, FAST).acl("read", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "RO", "ACCESS")).group("string").since("1.0.0")
                        .summary("Get the value of a key").complexity("O(1)")
                        .handler(StringCommands::get).build(),
                CommandSpec.builder("set").arity(-3).flags(WRITE, DENYOOM).acl("write", "string", "slow")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS")
                                .withNotes("RW and ACCESS due to the optional `GET` argument")).group("string")
                        .since("1.0.0").summary("Set the string value of a key").complexity("O(1)")
                        .keysFunction(StringCommands::setKeys).handler(StringCommands::set).build(),
                CommandSpec.builder("setnx").arity(3).flags(WRITE, DENYOOM, FAST).acl("write", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "OW", "INSERT")).group("string").since("1.0.0")
                        .summary("Set the value of a key, only if the key does not exist").complexity("O(1)")
                        .handler(StringCommands::setnx).build(),
                CommandSpec.builder("setex").arity(4).flags(WRITE, DENYOOM).acl("write", "string", "slow")
                        .key(KeySpec.range(1, 0, 1, "OW", "UPDATE")).group("string").since("2.0.0")
                        .summary("Set the value and expiration of a key").complexity("O(1)")
                        .handler(StringCommands::setex).build(),
                CommandSpec.builder("psetex").arity(4).flags(WRITE, DENYOOM).acl("write", "string", "slow")
                        .key(KeySpec.range(1, 0, 1, "OW", "UPDATE")).group("string").since("2.6.0")
                        .summary("Set the value and expiration in milliseconds of a key").complexity("O(1)")
                        .handler(StringCommands::psetex).build(),
                CommandSpec.builder("getset").arity(3).flags(WRITE, DENYOOM, FAST).acl("write", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE")).group("string").since("1.0.0")
                        .summary("Set the string value of a key and return its old value").complexity("O(1)")
                        .handler(StringCommands::getset).build(),
                CommandSpec.builder("getdel").arity(2).flags(WRITE, FAST).acl("write", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE")).group("string").since("6.2.0")
                        .summary("Get the value of a key and delete the key").complexity("O(1)")
                        .handler(StringCommands::getdel).build(),
                CommandSpec.builder("getex").arity(-2).flags(WRITE, FAST).acl("write", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE")
                                .withNotes("RW and UPDATE because it changes the TTL")).group("string").since("6.2.0")
                        .summary("Get the value of a key and optionally set its expiration").complexity("O(1)")
                        .handler(StringCommands::getex).build(),
                CommandSpec.builder("mget").tips("request_policy:multi_shard").arity(-2).flags(READONLY, FAST).acl("read", "string", "fast")
                        .key(KeySpec.range(1, -1, 1, "RO", "ACCESS")).group("string").since("1.0.0")
                        .summary("Get the values of all the given keys")
                        .complexity("O(N) where N is the number of keys to retrieve.")
                        .handler(StringCommands::mget).build(),
                CommandSpec.builder("mset").tips("request_policy:multi_shard", "response_policy:all_succeeded").arity(-3).flags(WRITE, DENYOOM).acl("write", "string", "slow")
                        .key(KeySpec.range(1, -1, 2, "OW", "UPDATE")).group("string").since("1.0.1")
                        .summary("Set multiple keys to multiple values")
                        .complexity("O(N) where N is the number of keys to set.")
                        .handler(StringCommands::mset).build(),
                CommandSpec.builder("msetnx").tips("request_policy:multi_shard", "response_policy:agg_min").arity(-3).flags(WRITE, DENYOOM).acl("write", "string", "slow")
                        .key(KeySpec.range(1, -1, 2, "OW", "INSERT")).group("string").since("1.0.1")
                        .summary("Set multiple keys to multiple values, only if none of the keys exist")
                        .complexity("O(N) where N is the number of keys to set.")
                        .handler(StringCommands::msetnx).build(),
                CommandSpec.builder("append").arity(3).flags(WRITE, DENYOOM, FAST).acl("write", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "INSERT")).group("string").since("2.0.0")
                        .summary("Append a value to a key")
                        .complexity("O(1). The amortized time complexity is O(1) assuming the appended value is "
                                + "small and the already present value is of any size, since the dynamic string "
                                + "library used by Redis will double the free space available on every reallocation.")
                        .handler(StringCommands::append).build(),
                CommandSpec.builder("strlen").arity(2).flags(READONLY, FAST).acl("read", "string", "fast")
                        .key(KeySpec.range(1, 0, 1, "RO")).group("string").since("2.2.0")
                        .summary("Get the length of the value stored in a key").complexity("O(1)")
                        .handler(StringCommands::strlen).build(),
                counter("incr", 2, "Increment the integer value of a key by one", "1.0.0", StringCommands::incr),
                counter("decr", 2, "Decrement the integer value of a key by one", "1.0.0", StringCommands::decr),
                counter("incrby", 3, "Increment the integer value of a key by the given amount", "1.0.0",
                        StringCommands::incrby),
                counter("decrby", 3, "Decrement the integer value of a key by the given number", "1.0.0",
                        StringCommands::decrby),
                counter("incrbyfloat", 3, "Increment the float value of a key by the given amount", "2.6.0",
                        StringCommands::incrbyfloat),
                CommandSpec.builder("getrange").arity(4).flags(READONLY).acl("read", "string", "slow")
                        .key(KeySpec.range(1, 0, 1, "RO", "ACCESS")).group("string").since("2.4.0")
                        .summary("Get a substring of the string stored at a key")
                        .complexity("O(N) where N is the length of the returned string. The complexity is "
                                + "ultimately determined by the returned length, but because creating a substring "
                                + "from an existing string is very cheap, it can be considered O(1) for small "
                                + "strings.")
                        .handler(StringCommands::getrange).build(),
                CommandSpec.builder("setrange").arity(4).flags(WRITE, DENYOOM).acl("write", "string", "slow")
                        .key(KeySpec.range(1, 0, 1, "RW", "UPDATE")).group("string").since("2.2.0")
                        .summary("Overwrite part of a string at key starting at the specified offset")
                        .complexity("O(1), not counting the time taken to copy the new string in place. Usually, "
                                + "this string is very small so the amortized complexity is O(1). Otherwise, "
                                + "complexity is O(M) with M being the length of the value argument.")
                        .handler(StringCommands::setrange).build());
    }

    /** The INCR family shares everything but arity, summary and age. */
    private static CommandSpec counter(String name, int arity, String summary, String since, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE, DENYOOM, FAST).acl("write", "string", "fast")
                .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE")).group("string").since(since)
                .summary(summary).complexity("O(1)").handler(handler).build();
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** GET key */
    static void get(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().get(argv[1]);
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(asString(value));
        }
    }

    /** MGET key [key ...] — a key holding another type reads as missing. */
    static void mget(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        out.arrayHeader(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            if (db.get(argv[i]) instanceof byte[] value) {
                out.bulk(value);
            } else {
                out.nullBulk();
            }
        }
    }

    /** STRLEN key */
    static void strlen(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().get(argv[1]);
        out.integer(value == null ? 0 : asString(value).length);
    }

    /** GETRANGE key start end — inclusive, negative indexes count from the end. */
    static void getrange(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long start = Bytes.parseLong(argv[2]);
        long end = Bytes.parseLong(argv[3]);
        Object value = ctx.db().get(argv[1]);
        if (value == null) {
            out.bulk(EMPTY);
            return;
        }
        byte[] s = asString(value);
        long length = s.length;
        if (start < 0 && end < 0 && start > end) {
            out.bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        end = Math.min(end, length - 1);
        if (start > end || length == 0) {
            out.bulk(EMPTY);
        } else {
            out.bulk(s, (int) start, (int) (end - start + 1));
        }
    }

    // ---- reads that write ----------------------------------------------------------------------

    /** GETSET key value — propagated as SET key value. */
    static void getset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        Object old = db.get(argv[1]);
        byte[] oldValue = old == null ? null : asString(old);
        db.set(argv[1], argv[2]);
        ctx.notify(Notifier.STRING, "set", argv[1]);
        ctx.dirty();
        ctx.rewriteAs(SET, argv[1], argv[2]);
        replyValue(oldValue, out);
    }

    /** GETDEL key — propagated as DEL key. */
    static void getdel(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        Object old = db.get(argv[1]);
        if (old == null) {
            out.nullBulk();
            return;
        }
        byte[] value = asString(old);
        db.delete(argv[1]);
        ctx.notify(Notifier.GENERIC, "del", argv[1]);
        ctx.dirty();
        ctx.rewriteAs(DEL, argv[1]);
        out.bulk(value);
    }

    /**
     * GETEX key [EX seconds | PX ms | EXAT unix-seconds | PXAT unix-ms | PERSIST] — propagated as
     * PEXPIREAT, PERSIST, or DEL when an absolute time has already passed.
     */
    static void getex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long options = parseOptions(argv, 2, false);
        int flags = flags(options);
        byte[] key = argv[1];
        Database db = ctx.db();
        Object current = db.get(key);
        if (current == null) {
            out.nullBulk(); // checked before the expire time, as Redis does
            return;
        }
        byte[] value = asString(current);
        long expireAt = (flags & ANY_EXPIRE) != 0 ? expireAt(ctx, argv[expireIndex(options)], flags) : 0;
        // a replica (Redis's masterhost) never deletes by its own clock: it keeps the past deadline
        boolean alreadyPast = (flags & (EXAT_OPT | PXAT_OPT)) != 0 && expireAt <= ctx.now()
                && !ctx.engine().keyspace().isReplica();
        if (alreadyPast) {
            db.delete(key);
            ctx.notify(Notifier.GENERIC, "del", key);
            ctx.dirty();
            ctx.rewriteAs(DEL, key);
        } else if (expireAt != 0) {
            db.setExpire(key, expireAt);
            ctx.notify(Notifier.GENERIC, "expire", key);
            ctx.dirty();
            ctx.rewriteAs(PEXPIREAT, key, Bytes.toBytes(expireAt));
        } else if ((flags & PERSIST_OPT) != 0 && db.expireAt(key) > 0) {
            db.setExpire(key, 0);
            ctx.notify(Notifier.GENERIC, "persist", key);
            ctx.dirty();
            ctx.rewriteAs(PERSIST, key);
        }
        out.bulk(value);
    }

    // ---- writes --------------------------------------------------------------------------------

    /** SET key value [NX | XX] [GET] [EX seconds | PX ms | EXAT unix-seconds | PXAT unix-ms | KEEPTTL] */
    static void set(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long options = parseOptions(argv, 3, true);
        int expireIndex = expireIndex(options);
        setGeneric(ctx, argv, flags(options), argv[1], argv[2], expireIndex == 0 ? null : argv[expireIndex], false,
                out);
    }

    /** SETNX key value — 1 if set, 0 if the key existed. */
    static void setnx(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setGeneric(ctx, argv, NX_OPT, argv[1], argv[2], null, true, out);
    }

    /** SETEX key seconds value */
    static void setex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setGeneric(ctx, argv, EX_OPT, argv[1], argv[3], argv[2], false, out);
    }

    /** PSETEX key milliseconds value */
    static void psetex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setGeneric(ctx, argv, PX_OPT, argv[1], argv[3], argv[2], false, out);
    }

    /** MSET key value [key value ...] */
    static void mset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        msetGeneric(ctx, argv, false, out);
    }

    /** MSETNX key value [key value ...] — sets all (1) or, if any key exists, nothing (0). */
    static void msetnx(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        msetGeneric(ctx, argv, true, out);
    }

    /** APPEND key value — the new length; creates the key, keeps an existing TTL. */
    static void append(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        byte[] key = argv[1];
        byte[] suffix = argv[2];
        Object current = db.peek(key);
        if (current == null) {
            db.set(key, suffix);
            ctx.notify(Notifier.STRING, "append", key);
            ctx.dirty();
            out.integer(suffix.length);
            return;
        }
        byte[] prefix = asString(current);
        checkStringLength(ctx, prefix.length, suffix.length);
        byte[] joined = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(suffix, 0, joined, prefix.length, suffix.length);
        db.setKeepTtl(key, joined);
        db.setValueFlags(key, Database.FLAG_RAW); // Redis grows the string in place: a raw sds
        ctx.notify(Notifier.STRING, "append", key);
        ctx.dirty();
        out.integer(joined.length);
    }

    /** SETRANGE key offset value — the new length; zero-pads, creates the key, keeps an existing TTL. */
    static void setrange(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long offset = Bytes.parseLong(argv[2]);
        if (offset < 0) {
            throw OFFSET_OUT_OF_RANGE;
        }
        Database db = ctx.db();
        byte[] key = argv[1];
        byte[] patch = argv[3];
        Object current = db.peek(key);
        byte[] old = current == null ? EMPTY : asString(current);
        if (patch.length == 0) {
            out.integer(old.length); // nothing to write: no key is created, nothing is propagated
            return;
        }
        checkStringLength(ctx, offset, patch.length);
        int end = (int) offset + patch.length;
        byte[] updated = new byte[Math.max(old.length, end)];
        System.arraycopy(old, 0, updated, 0, old.length);
        System.arraycopy(patch, 0, updated, (int) offset, patch.length);
        if (current == null) {
            db.set(key, updated);
        } else {
            db.setKeepTtl(key, updated);
        }
        db.setValueFlags(key, Database.FLAG_RAW);
        ctx.notify(Notifier.STRING, "setrange", key);
        ctx.dirty();
        out.integer(updated.length);
    }

    // ---- counters ------------------------------------------------------------------------------

    /** INCR key */
    static void incr(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        incrDecr(ctx, argv[1], 1, out);
    }

    /** DECR key */
    static void decr(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        incrDecr(ctx, argv[1], -1, out);
    }

    /** INCRBY key increment */
    static void incrby(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        incrDecr(ctx, argv[1], Bytes.parseLong(argv[2]), out);
    }

    /** DECRBY key decrement */
    static void decrby(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long decrement = Bytes.parseLong(argv[2]);
        if (decrement == Long.MIN_VALUE) {
            throw DECREMENT_OVERFLOW; // its negation does not exist
        }
        incrDecr(ctx, argv[1], -decrement, out);
    }

    /**
     * INCRBYFLOAT key increment — computed in x87 long double as Redis does, propagated as SET key
     * result KEEPTTL so that replicas never redo the float arithmetic.
     */
    static void incrbyfloat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        byte[] key = argv[1];
        Object current = db.peek(key);
        byte[] result = LongDouble.add(current == null ? null : asString(current), argv[2]);
        if (current == null) {
            db.set(key, result);
        } else {
            db.setKeepTtl(key, result);
        }
        db.setValueFlags(key, Database.FLAG_NOT_INT); // made from a float: never int-encoded
        ctx.notify(Notifier.STRING, "incrbyfloat", key);
        ctx.dirty();
        ctx.rewriteAs(SET, key, result, KEEPTTL);
        out.bulk(result);
    }

    private static final List<String> SET_WITH_GET_FLAGS = List.of("RW", "ACCESS", "UPDATE");
    private static final List<String> SET_FLAGS = List.of("OW", "UPDATE");

    /** SET's key flags depend on GET: without it the old value is overwritten unread. */
    static List<KeyFinder.KeyPosition> setKeys(byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (Bytes.is(argv[i], "get")) {
                return List.of(new KeyFinder.KeyPosition(1, SET_WITH_GET_FLAGS));
            }
        }
        return List.of(new KeyFinder.KeyPosition(1, SET_FLAGS));
    }

    // ---- generic workers -----------------------------------------------------------------------

    /**
     * The common path of SET and its variants (Redis's setGenericCommand): expire time, GET, the
     * NX/XX condition, the write, propagation, reply. {@code expireArg} is the EX/PX/EXAT/PXAT
     * argument or null; {@code replyInteger} answers 1/0 (SETNX) instead of OK/nil.
     */
    static void setGeneric(CommandContext ctx, byte[][] argv, int flags, byte[] key, byte[] value, byte[] expireArg,
                           boolean replyInteger, ReplyWriter out) {
        long expireAt = expireArg == null ? 0 : expireAt(ctx, expireArg, flags);
        Database db = ctx.db();
        byte[] old = null;
        boolean get = (flags & GET_OPT) != 0;
        if (get) {
            Object current = db.get(key);
            old = current == null ? null : asString(current);
        }
        // NX and XX look the key up (an expired one leaves, propagated as DEL, before the check);
        // a plain SET leaves that to the write, which removes an expired key first in the same way
        boolean found = get ? old != null : (flags & (NX_OPT | XX_OPT)) != 0 && db.peek(key) != null;
        if (((flags & NX_OPT) != 0 && found) || ((flags & XX_OPT) != 0 && !found)) {
            if (get) {
                replyValue(old, out);
            } else if (replyInteger) {
                out.integer(0);
            } else {
                out.nullBulk();
            }
            return;
        }
        if ((flags & KEEPTTL_OPT) != 0) {
            db.setKeepTtl(key, value);
        } else {
            db.set(key, value, expireAt);
        }
        ctx.notify(Notifier.STRING, "set", key);
        if (expireArg != null) {
            ctx.notify(Notifier.GENERIC, "expire", key);
        }
        ctx.dirty();
        if (expireArg != null) {
            ctx.rewriteAs(SET, key, value, PXAT, Bytes.toBytes(expireAt));
        } else if (get) {
            ctx.rewriteAs(withoutGet(argv));
        }
        if (get) {
            replyValue(old, out);
        } else if (replyInteger) {
            out.integer(1);
        } else {
            out.ok();
        }
    }

    /** MSET and MSETNX: an even number of arguments after the name, else Redis's arity error. */
    private static void msetGeneric(CommandContext ctx, byte[][] argv, boolean onlyIfNoneExists, ReplyWriter out) {
        if (argv.length % 2 == 0) {
            throw Errors.arity(ctx.command().fullName());
        }
        Database db = ctx.db();
        if (onlyIfNoneExists) {
            for (int i = 1; i < argv.length; i += 2) {
                if (db.peek(argv[i]) != null) {
                    out.integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < argv.length; i += 2) {
            db.peek(argv[i]); // an expired key leaves (and is propagated as DEL) before it is replaced
            db.set(argv[i], argv[i + 1]);
            ctx.notify(Notifier.STRING, "set", argv[i]);
        }
        ctx.dirty((argv.length - 1) / 2);
        if (onlyIfNoneExists) {
            out.integer(1);
        } else {
            out.ok();
        }
    }

    /** INCR, DECR, INCRBY, DECRBY: the stored value must be a 64-bit integer; the TTL is kept. */
    private static void incrDecr(CommandContext ctx, byte[] key, long delta, ReplyWriter out) {
        Database db = ctx.db();
        Object current = db.peek(key);
        long value = current == null ? 0 : Bytes.parseLong(asString(current));
        if ((delta < 0 && value < 0 && delta < Long.MIN_VALUE - value)
                || (delta > 0 && value > 0 && delta > Long.MAX_VALUE - value)) {
            throw Errors.OVERFLOW;
        }
        value += delta;
        byte[] text = Bytes.toBytes(value);
        if (current == null) {
            db.set(key, text);
        } else {
            db.setKeepTtl(key, text);
        }
        ctx.notify(Notifier.STRING, "incrby", key);
        ctx.dirty();
        out.integer(value);
    }

    /** APPEND and SETRANGE may not build a string longer than proto-max-bulk-len. */
    private static void checkStringLength(CommandContext ctx, long length, long added) {
        long total = length + added; // both are at most Long.MAX_VALUE and at least 0
        long limit = ctx.engine().config().protoMaxBulkLen();
        // a Java array also stops short of 2 GiB, whatever the configured limit
        if (total < 0 || total > limit || total > Integer.MAX_VALUE - 8) {
            throw Errors.STRING_TOO_LONG;
        }
    }

    private static void replyValue(byte[] value, ReplyWriter out) {
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(value);
        }
    }

    /** SET's argv without its GET options (Redis accepts GET more than once). */
    private static byte[][] withoutGet(byte[][] argv) {
        int gets = 0;
        for (int i = 3; i < argv.length; i++) {
            if (Bytes.is(argv[i], "get")) {
                gets++;
            }
        }
        byte[][] copy = new byte[argv.length - gets][];
        int j = 0;
        for (int i = 0; i < argv.length; i++) {
            if (i < 3 || !Bytes.is(argv[i], "get")) {
                copy[j++] = argv[i];
            }
        }
        return copy;
    }

    /** The value as a string, or WRONGTYPE. */
    static byte[] asString(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        throw Errors.WRONGTYPE;
    }

    // ---- parsing -------------------------------------------------------------------------------

    // SET and GETEX option bits (Redis's OBJ_SET_NX, OBJ_EX...)
    static final int NX_OPT = 1;
    static final int XX_OPT = 1 << 1;
    static final int GET_OPT = 1 << 2;
    static final int KEEPTTL_OPT = 1 << 3;
    static final int PERSIST_OPT = 1 << 4;
    static final int EX_OPT = 1 << 5;
    static final int PX_OPT = 1 << 6;
    static final int EXAT_OPT = 1 << 7;
    static final int PXAT_OPT = 1 << 8;
    static final int ANY_EXPIRE = EX_OPT | PX_OPT | EXAT_OPT | PXAT_OPT;

    /**
     * Parses SET's options ({@code forSet}) or GETEX's from {@code argv[from..]} with Redis's
     * conflict rules: an option may repeat (the last expire time wins), but NX and XX, and any two
     * of KEEPTTL, PERSIST and the four expire forms, exclude each other. The expire time itself is
     * checked later, as Redis does. Packed in a long so that SET allocates nothing: the option bits
     * in the low half, the argv index of the expire time (0 if none) in the high half.
     */
    static long parseOptions(byte[][] argv, int from, boolean forSet) {
        int flags = 0;
        int expireIndex = 0;
        for (int i = from; i < argv.length; i++) {
            byte[] a = argv[i];
            boolean hasNext = i + 1 < argv.length;
            if (forSet && Bytes.is(a, "nx") && (flags & XX_OPT) == 0) {
                flags |= NX_OPT;
            } else if (forSet && Bytes.is(a, "xx") && (flags & NX_OPT) == 0) {
                flags |= XX_OPT;
            } else if (forSet && Bytes.is(a, "get")) {
                flags |= GET_OPT;
            } else if (forSet && Bytes.is(a, "keepttl") && (flags & (PERSIST_OPT | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL_OPT;
            } else if (!forSet && Bytes.is(a, "persist") && (flags & (KEEPTTL_OPT | ANY_EXPIRE)) == 0) {
                flags |= PERSIST_OPT;
            } else if (hasNext && (flags & (KEEPTTL_OPT | PERSIST_OPT)) == 0 && expireOption(a) != 0
                    && (flags & ANY_EXPIRE & ~expireOption(a)) == 0) {
                flags |= expireOption(a);
                expireIndex = ++i;
            } else {
                throw Errors.SYNTAX;
            }
        }
        return ((long) expireIndex << 32) | flags;
    }

    static int flags(long options) {
        return (int) options;
    }

    static int expireIndex(long options) {
        return (int) (options >>> 32);
    }

    /** The bit of EX, PX, EXAT or PXAT, or 0 for any other word. */
    private static int expireOption(byte[] a) {
        if (Bytes.is(a, "ex")) {
            return EX_OPT;
        } else if (Bytes.is(a, "px")) {
            return PX_OPT;
        } else if (Bytes.is(a, "exat")) {
            return EXAT_OPT;
        } else if (Bytes.is(a, "pxat")) {
            return PXAT_OPT;
        }
        return 0;
    }

    /**
     * The absolute expiry in ms that an EX/PX/EXAT/PXAT argument asks for, or Redis's errors: not
     * an integer, or not positive, or overflowing once converted ("invalid expire time in 'x'").
     */
    static long expireAt(CommandContext ctx, byte[] arg, int flags) {
        long n = Bytes.parseLong(arg);
        boolean seconds = (flags & (EX_OPT | EXAT_OPT)) != 0;
        if (n <= 0 || (seconds && n > Long.MAX_VALUE / 1000)) {
            throw Errors.invalidExpire(ctx.command().fullName());
        }
        long ms = seconds ? n * 1000 : n;
        if ((flags & (EX_OPT | PX_OPT)) != 0) {
            if (ms > Long.MAX_VALUE - ctx.now()) {
                throw Errors.invalidExpire(ctx.command().fullName());
            }
            ms += ctx.now();
        }
        return ms;
    }
}
