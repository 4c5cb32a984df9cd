package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.List;

/** String commands (Redis's t_string.c). Values are stored as the request's own byte arrays. */
public final class StringCommands {
    private static final byte[] SET = Bytes.ascii("SET");
    private static final byte[] PXAT = Bytes.ascii("PXAT");

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
                        .keysFunction(StringCommands::setKeys).handler(StringCommands::set).build());
    }

    /** GET key */
    static void get(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().get(argv[1]);
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(asString(value));
        }
    }

    /** SET key value [NX | XX] [GET] [EX seconds | PX ms | EXAT unix-seconds | PXAT unix-ms | KEEPTTL] */
    static void set(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetOptions opts = SetOptions.parse(ctx, argv, 3, "set");
        setGeneric(ctx, argv, argv[1], argv[2], opts, out);
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

    /** The common path of SET and its variants: condition, GET, write, propagation, reply. */
    static void setGeneric(CommandContext ctx, byte[][] argv, byte[] key, byte[] value, SetOptions opts,
                           ReplyWriter out) {
        Database db = ctx.db();
        Object old = null;
        if (opts.get) {
            old = db.get(key);
            if (old != null && !(old instanceof byte[])) {
                throw Errors.WRONGTYPE;
            }
        }
        boolean exists = opts.get ? old != null : (opts.nx || opts.xx) && db.exists(key);
        if ((opts.nx && exists) || (opts.xx && !exists)) {
            if (opts.get) {
                replyOld(old, out);
            } else {
                out.nullBulk();
            }
            return;
        }
        if (opts.keepTtl) {
            db.setKeepTtl(key, value);
        } else {
            db.set(key, value, opts.expireAt);
        }
        ctx.dirty();
        if (opts.expireAt != 0 && !opts.pxat) {
            ctx.rewriteAs(SET, key, value, PXAT, Bytes.toBytes(opts.expireAt));
        } else if (opts.get) {
            ctx.rewriteAs(withoutGet(argv));
        }
        if (opts.get) {
            replyOld(old, out);
        } else {
            out.ok();
        }
    }

    private static void replyOld(Object old, ReplyWriter out) {
        if (old == null) {
            out.nullBulk();
        } else {
            out.bulk((byte[]) old);
        }
    }

    private static byte[][] withoutGet(byte[][] argv) {
        byte[][] copy = new byte[argv.length - 1][];
        int j = 0;
        for (int i = 0; i < argv.length; i++) {
            if (i >= 3 && Bytes.is(argv[i], "get") && j == i) {
                continue;
            }
            copy[j++] = argv[i];
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

    /** SET's options, shared with GETEX-like parsing. */
    static final class SetOptions {
        boolean nx;
        boolean xx;
        boolean get;
        boolean keepTtl;
        boolean pxat;
        long expireAt;

        static SetOptions parse(CommandContext ctx, byte[][] argv, int from, String command) {
            SetOptions o = new SetOptions();
            boolean expireSeen = false;
            for (int i = from; i < argv.length; i++) {
                byte[] a = argv[i];
                boolean hasNext = i + 1 < argv.length;
                if (Bytes.is(a, "nx") && !o.xx) {
                    o.nx = true;
                } else if (Bytes.is(a, "xx") && !o.nx) {
                    o.xx = true;
                } else if (Bytes.is(a, "get")) {
                    o.get = true;
                } else if (Bytes.is(a, "keepttl") && !expireSeen) {
                    o.keepTtl = true;
                    expireSeen = true;
                } else if (!expireSeen && hasNext && (Bytes.is(a, "ex") || Bytes.is(a, "px")
                        || Bytes.is(a, "exat") || Bytes.is(a, "pxat"))) {
                    expireSeen = true;
                    long n = Bytes.parseLong(argv[++i]);
                    boolean seconds = Bytes.is(a, "ex") || Bytes.is(a, "exat");
                    boolean absolute = Bytes.is(a, "exat") || Bytes.is(a, "pxat");
                    o.pxat = Bytes.is(a, "pxat");
                    o.expireAt = expireAt(ctx, n, seconds, absolute, command);
                } else {
                    throw Errors.SYNTAX;
                }
            }
            return o;
        }
    }

    /** An absolute expiry in ms from an EX/PX/EXAT/PXAT argument, or Redis's invalid-expire error. */
    static long expireAt(CommandContext ctx, long n, boolean seconds, boolean absolute, String command) {
        if (n <= 0 || (seconds && n > Long.MAX_VALUE / 1000)) {
            throw Errors.invalidExpire(command);
        }
        long ms = seconds ? n * 1000 : n;
        if (!absolute) {
            if (ms > Long.MAX_VALUE - ctx.now()) {
                throw Errors.invalidExpire(command);
            }
            ms += ctx.now();
        }
        return ms;
    }
}
