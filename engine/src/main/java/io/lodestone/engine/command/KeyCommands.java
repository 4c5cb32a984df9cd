package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.STALE;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.type.TypedValue;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generic key commands (Redis's db.c and expire.c): existence and deletion, renaming and copying,
 * expiry, iteration, and OBJECT introspection. The commands about whole databases are in
 * {@link DatabaseCommands}.
 */
public final class KeyCommands {
    private static final byte[] DEL = Bytes.ascii("DEL");
    private static final byte[] PEXPIREAT = Bytes.ascii("PEXPIREAT");

    static final CommandError SAME_OBJECT = new CommandError("ERR source and destination objects are the same");
    private static final CommandError NX_WITH_OTHERS =
            new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
    private static final CommandError GT_WITH_LT =
            new CommandError("ERR GT and LT options at the same time are not compatible");
    private static final CommandError NO_LFU_POLICY = new CommandError("ERR An LFU maxmemory policy is not selected,"
            + " access frequency not tracked. Please note that when switching between policies at runtime LRU and"
            + " LFU data will take some time to adjust.");
    private static final CommandError LFU_POLICY = new CommandError("ERR An LFU maxmemory policy is selected,"
            + " idle time not tracked. Please note that when switching between policies at runtime LRU and"
            + " LFU data will take some time to adjust.");

    /** Redis shares one object for the integers 0..9999: OBJECT REFCOUNT shows INT_MAX for them. */
    private static final int SHARED_INTEGER_DIGITS = 4;
    /** Longest string Redis keeps in the "embstr" encoding. */
    private static final int EMBSTR_MAX = 44;

    private static final String[] OBJECT_HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private KeyCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("del").tips("request_policy:multi_shard", "response_policy:agg_sum").arity(-2).flags(WRITE).acl("keyspace", "write", "slow")
                        .key(KeySpec.range(1, -1, 1, "RM", "DELETE")).group("generic").since("1.0.0")
                        .summary("Delete a key")
                        .complexity("O(N) where N is the number of keys that will be removed. When a key to remove"
                                + " holds a value other than a string, the individual complexity for this key is O(M)"
                                + " where M is the number of elements in the list, set, sorted set or hash. Removing"
                                + " a single key that holds a string value is O(1).")
                        .handler(KeyCommands::del).build(),
                CommandSpec.builder("unlink").tips("request_policy:multi_shard", "response_policy:agg_sum").arity(-2).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                        .key(KeySpec.range(1, -1, 1, "RM", "DELETE")).group("generic").since("4.0.0")
                        .summary("Delete a key asynchronously in another thread. Otherwise it is just as DEL, but"
                                + " non blocking.")
                        .complexity("O(1) for each key removed regardless of its size. Then the command does O(N)"
                                + " work in a different thread in order to reclaim memory, where N is the number of"
                                + " allocations the deleted objects where composed of.")
                        .handler(KeyCommands::del).build(),
                CommandSpec.builder("exists").tips("request_policy:multi_shard", "response_policy:agg_sum").arity(-2).flags(READONLY, FAST).acl("keyspace", "read", "fast")
                        .key(KeySpec.range(1, -1, 1, "RO")).group("generic").since("1.0.0")
                        .summary("Determine if a key exists")
                        .complexity("O(N) where N is the number of keys to check.")
                        .handler(KeyCommands::exists).build(),
                CommandSpec.builder("touch").tips("request_policy:multi_shard", "response_policy:agg_sum").arity(-2).flags(READONLY, FAST).acl("keyspace", "read", "fast")
                        .key(KeySpec.range(1, -1, 1, "RO")).group("generic").since("3.2.1")
                        .summary("Alters the last access time of a key(s). Returns the number of existing keys"
                                + " specified.")
                        .complexity("O(N) where N is the number of keys that will be touched.")
                        .handler(KeyCommands::touch).build(),
                CommandSpec.builder("type").arity(2).flags(READONLY, FAST).acl("keyspace", "read", "fast")
                        .key(KeySpec.range(1, 0, 1, "RO")).group("generic").since("1.0.0")
                        .summary("Determine the type stored at key").complexity("O(1)")
                        .handler(KeyCommands::type).build(),
                CommandSpec.builder("keys").tips("nondeterministic_output_order", "request_policy:all_shards").arity(2).flags(READONLY).acl("keyspace", "read", "slow", "dangerous")
                        .group("generic").since("1.0.0")
                        .summary("Find all keys matching the given pattern")
                        .complexity("O(N) with N being the number of keys in the database, under the assumption"
                                + " that the key names in the database and the given pattern have limited length.")
                        .handler(KeyCommands::keys).build(),
                CommandSpec.builder("scan").tips("nondeterministic_output", "request_policy:special").arity(-2).flags(READONLY).acl("keyspace", "read", "slow")
                        .group("generic").since("2.8.0")
                        .summary("Incrementally iterate the keys space")
                        .complexity("O(1) for every call. O(N) for a complete iteration, including enough command"
                                + " calls for the cursor to return back to 0. N is the number of elements inside the"
                                + " collection.")
                        .handler(KeyCommands::scan).build(),
                CommandSpec.builder("randomkey").tips("nondeterministic_output", "request_policy:all_shards").arity(1).flags(READONLY).acl("keyspace", "read", "slow")
                        .group("generic").since("1.0.0")
                        .summary("Return a random key from the keyspace").complexity("O(1)")
                        .handler(KeyCommands::randomKey).build(),
                CommandSpec.builder("rename").arity(3).flags(WRITE).acl("keyspace", "write", "slow")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"))
                        .key(KeySpec.range(2, 0, 1, "OW", "UPDATE")).legacyKeys(1, 2, 1).group("generic")
                        .since("1.0.0").summary("Rename a key").complexity("O(1)")
                        .handler(KeyCommands::rename).build(),
                CommandSpec.builder("renamenx").arity(3).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"))
                        .key(KeySpec.range(2, 0, 1, "OW", "INSERT")).legacyKeys(1, 2, 1).group("generic")
                        .since("1.0.0")
                        .summary("Rename a key, only if the new key does not exist").complexity("O(1)")
                        .handler(KeyCommands::renamenx).build(),
                CommandSpec.builder("copy").arity(-3).flags(WRITE, DENYOOM).acl("keyspace", "write", "slow")
                        .key(KeySpec.range(1, 0, 1, "RO", "ACCESS"))
                        .key(KeySpec.range(2, 0, 1, "OW", "UPDATE")).legacyKeys(1, 2, 1).group("generic")
                        .since("6.2.0")
                        .summary("Copy a key")
                        .complexity("O(N) worst case for collections, where N is the number of nested items. O(1)"
                                + " for string values.")
                        .handler(KeyCommands::copy).build(),
                expireSpec("expire", "1.0.0", "Set a key's time to live in seconds", KeyCommands::expire),
                expireSpec("pexpire", "2.6.0", "Set a key's time to live in milliseconds", KeyCommands::pexpire),
                expireSpec("expireat", "1.2.0", "Set the expiration for a key as a UNIX timestamp",
                        KeyCommands::expireat),
                expireSpec("pexpireat", "2.6.0",
                        "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                        KeyCommands::pexpireat),
                ttlSpec("ttl", "1.0.0", "Get the time to live for a key in seconds", KeyCommands::ttl),
                ttlSpec("pttl", "2.6.0", "Get the time to live for a key in milliseconds", KeyCommands::pttl),
                ttlSpec("expiretime", "7.0.0", "Get the expiration Unix timestamp for a key",
                        KeyCommands::expiretime),
                ttlSpec("pexpiretime", "7.0.0", "Get the expiration Unix timestamp for a key in milliseconds",
                        KeyCommands::pexpiretime),
                CommandSpec.builder("persist").arity(2).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "UPDATE")).group("generic").since("2.2.0")
                        .summary("Remove the expiration from a key").complexity("O(1)")
                        .handler(KeyCommands::persist).build(),
                CommandSpec.builder("object").arity(-2).acl("slow").group("generic").since("2.2.3")
                        .summary("A container for object introspection commands")
                        .complexity("Depends on subcommand.")
                        .subcommand(objectSpec("encoding", "2.2.3",
                                "Inspect the internal encoding of a Redis object", KeyCommands::objectEncoding).tips("nondeterministic_output"))
                        .subcommand(objectSpec("freq", "4.0.0",
                                "Get the logarithmic access frequency counter of a Redis object",
                                KeyCommands::objectFreq).tips("nondeterministic_output"))
                        .subcommand(objectSpec("idletime", "2.2.3",
                                "Get the time since a Redis object was last accessed", KeyCommands::objectIdletime).tips("nondeterministic_output"))
                        .subcommand(objectSpec("refcount", "2.2.3",
                                "Get the number of references to the value of the key", KeyCommands::objectRefcount).tips("nondeterministic_output"))
                        .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE)
                                .acl("keyspace", "slow").since("6.2.0")
                                .summary("Show helpful text about the different subcommands").complexity("O(1)")
                                .handler(KeyCommands::objectHelp))
                        .build());
    }

    private static CommandSpec expireSpec(String name, String since, String summary, CommandHandler handler) {
        return CommandSpec.builder(name).arity(-3).flags(WRITE, FAST).acl("keyspace", "write", "fast")
                .key(KeySpec.range(1, 0, 1, "RW", "UPDATE")).group("generic").since(since)
                .summary(summary).complexity("O(1)").handler(handler).build();
    }

    /** TTL and PTTL depend on the clock (a nondeterministic output); EXPIRETIME and PEXPIRETIME do not. */
    private static CommandSpec ttlSpec(String name, String since, String summary, CommandHandler handler) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(2).flags(READONLY, FAST).acl("keyspace", "read", "fast")
                .key(KeySpec.range(1, 0, 1, "RO", "ACCESS")).group("generic").since(since)
                .summary(summary).complexity("O(1)").handler(handler);
        if (name.endsWith("ttl")) {
            b.tips("nondeterministic_output");
        }
        return b.build();
    }

    private static CommandSpec.Builder objectSpec(String name, String since, String summary, CommandHandler handler) {
        return CommandSpec.builder(name).arity(3).flags(READONLY).acl("keyspace", "read", "slow")
                .key(KeySpec.range(2, 0, 1, "RO")).since(since).summary(summary).complexity("O(1)")
                .handler(handler);
    }

    // ---- existence and deletion ----------------------------------------------------------------

    /** DEL key [key ...] and UNLINK key [key ...] (values are freed by the GC either way). */
    static void del(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.delete(argv[i])) {
                ctx.notify(Notifier.GENERIC, "del", argv[i]);
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.dirty(deleted);
        }
        out.integer(deleted);
    }

    /** EXISTS key [key ...]: a key named twice counts twice. */
    static void exists(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        long found = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.getNoTouch(argv[i]) != null) {
                found++;
            }
        }
        out.integer(found);
    }

    /** TOUCH key [key ...]: a read that updates the access time. */
    static void touch(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        long found = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.get(argv[i]) != null) {
                found++;
            }
        }
        out.integer(found);
    }

    /** TYPE key */
    static void type(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().getNoTouch(argv[1]);
        out.simple(value == null ? "none" : typeName(value));
    }

    /** The name TYPE and SCAN TYPE use: {@code string}, {@code hash}... */
    static String typeName(Object value) {
        return value instanceof byte[] ? "string" : ((TypedValue) value).typeName();
    }

    // ---- iteration -----------------------------------------------------------------------------

    /** KEYS pattern */
    static void keys(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        byte[] pattern = argv[1];
        boolean all = isMatchAll(pattern);
        List<byte[]> found = new ArrayList<>();
        ctx.db().forEachKey(key -> {
            if (all || Glob.matches(pattern, key)) {
                found.add(key);
            }
        });
        out.arrayHeader(found.size());
        for (byte[] key : found) {
            out.bulk(key);
        }
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
    static void scan(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long cursor = ScanArgs.parseCursor(argv[1]);
        ScanArgs args = ScanArgs.parse(argv, 2, true);
        Database db = ctx.db();
        List<byte[]> found = new ArrayList<>((int) Math.min(args.count, 1024));
        long next = db.scan(cursor, args.count, found::add);
        // filtered after the step, not inside it: looking a value up must not disturb the slot walk
        int kept = 0;
        for (int i = 0, n = found.size(); i < n; i++) {
            byte[] key = found.get(i);
            if (args.matches(key) && (args.type == null || isOfType(db.peek(key), args.type))) {
                found.set(kept++, key);
            }
        }
        ScanArgs.replyCursor(out, next);
        out.arrayHeader(kept);
        for (int i = 0; i < kept; i++) {
            out.bulk(found.get(i));
        }
    }

    private static boolean isMatchAll(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    private static boolean isOfType(Object value, byte[] type) {
        if (value == null) {
            return false;
        }
        if (value instanceof byte[]) {
            return Bytes.is(type, "string");
        }
        return Bytes.is(type, ((TypedValue) value).typeName());
    }

    /** RANDOMKEY */
    static void randomKey(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        byte[] key = ctx.db().randomKey(ThreadLocalRandom.current());
        if (key == null) {
            out.nullBulk();
        } else {
            out.bulk(key);
        }
    }

    // ---- renaming and copying ------------------------------------------------------------------

    /** RENAME key newkey: the value keeps its TTL under the new name. */
    static void rename(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        renameGeneric(ctx, argv, false, out);
    }

    /** RENAMENX key newkey */
    static void renamenx(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        renameGeneric(ctx, argv, true, out);
    }

    private static void renameGeneric(CommandContext ctx, byte[][] argv, boolean onlyIfAbsent, ReplyWriter out) {
        Database db = ctx.db();
        byte[] source = argv[1];
        byte[] target = argv[2];
        Object value = db.peek(source);
        if (value == null) {
            throw Errors.NO_SUCH_KEY;
        }
        if (Arrays.equals(source, target)) {
            // nothing changes, nothing propagates
            replyRenamed(onlyIfAbsent, !onlyIfAbsent, out);
            return;
        }
        long expireAt = db.expireAt(source);
        // looked up even when it will be overwritten, so that an expired target leaves as a DEL first
        boolean targetExists = db.exists(target);
        if (onlyIfAbsent && targetExists) {
            out.integer(0);
            return;
        }
        int flags = db.valueFlags(source);
        if (targetExists) {
            db.delete(target); // then added anew, as Redis does (keyspace event "new")
        }
        db.set(target, value, expireAt);
        db.setValueFlags(target, flags);
        db.delete(source);
        ctx.notify(Notifier.GENERIC, "rename_from", source);
        ctx.notify(Notifier.GENERIC, "rename_to", target);
        ctx.dirty();
        replyRenamed(onlyIfAbsent, true, out);
    }

    private static void replyRenamed(boolean onlyIfAbsent, boolean renamed, ReplyWriter out) {
        if (onlyIfAbsent) {
            out.integer(renamed ? 1 : 0);
        } else {
            out.ok();
        }
    }

    /** COPY source destination [DB destination-db] [REPLACE] */
    static void copy(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        byte[] source = argv[1];
        byte[] target = argv[2];
        int targetIndex = ctx.dbIndex();
        boolean replace = false;
        for (int i = 3; i < argv.length; i++) {
            if (Bytes.is(argv[i], "replace")) {
                replace = true;
            } else if (Bytes.is(argv[i], "db") && i + 1 < argv.length) {
                targetIndex = DatabaseCommands.parseDbIndex(ctx, argv[++i]);
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (targetIndex == ctx.dbIndex() && Arrays.equals(source, target)) {
            throw SAME_OBJECT;
        }
        Database from = ctx.db();
        Database to = ctx.engine().keyspace().db(targetIndex);
        Object value = from.get(source);
        if (value == null) {
            out.integer(0);
            return;
        }
        long expireAt = from.expireAt(source);
        boolean targetExists = to.exists(target);
        if (targetExists && !replace) {
            out.integer(0);
            return;
        }
        // strings are never mutated in place, so the array itself can be shared
        Object copy = value instanceof TypedValue typed ? typed.copy() : value;
        int flags = from.valueFlags(source);
        if (targetExists) {
            to.delete(target); // then added anew, as Redis does (keyspace event "new")
        }
        to.set(target, copy, expireAt);
        to.setValueFlags(target, flags);
        ctx.engine().notifier().notify(Notifier.GENERIC, "copy_to", target, targetIndex);
        ctx.dirty();
        out.integer(1);
    }

    // ---- expiry --------------------------------------------------------------------------------

    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 2;
    private static final int EXPIRE_GT = 4;
    private static final int EXPIRE_LT = 8;

    /** EXPIRE key seconds [NX | XX | GT | LT] */
    static void expire(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        expireGeneric(ctx, argv, ctx.now(), true, out);
    }

    /** PEXPIRE key milliseconds [NX | XX | GT | LT] */
    static void pexpire(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        expireGeneric(ctx, argv, ctx.now(), false, out);
    }

    /** EXPIREAT key unix-time-seconds [NX | XX | GT | LT] */
    static void expireat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        expireGeneric(ctx, argv, 0, true, out);
    }

    /** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
    static void pexpireat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        expireGeneric(ctx, argv, 0, false, out);
    }

    /**
     * The EXPIRE family: {@code base} is now for relative times, 0 for absolute ones. A deadline
     * already past deletes the key (propagated as DEL); any other is propagated as PEXPIREAT with
     * the absolute time, so that replicas and the AOF never depend on their own clock.
     */
    private static void expireGeneric(CommandContext ctx, byte[][] argv, long base, boolean seconds,
                                      ReplyWriter out) {
        int conditions = parseExpireConditions(argv);
        long when = Bytes.parseLong(argv[2]);
        // negative times are allowed (they delete the key); only overflow is an error
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw Errors.invalidExpire(ctx.command().fullName());
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            throw Errors.invalidExpire(ctx.command().fullName());
        }
        when += base;

        Database db = ctx.db();
        byte[] key = argv[1];
        long current = db.expireAt(key); // -1 no key, 0 no TTL
        if (current < 0 || !conditionsHold(conditions, current, when)) {
            out.integer(0);
            return;
        }
        if (when <= ctx.now() && !ctx.engine().keyspace().isReplica()) {
            db.delete(key);
            ctx.notify(Notifier.GENERIC, "del", key);
            ctx.dirty();
            ctx.rewriteAs(DEL, key);
            out.integer(1);
            return;
        }
        // a replica keeps past deadlines (it waits for the master's DEL); 0 would mean "no TTL"
        db.setExpire(key, when == 0 ? -1 : when);
        ctx.notify(Notifier.GENERIC, "expire", key);
        ctx.dirty();
        if (base != 0 || seconds) {
            byte[][] propagated = argv.clone(); // NX/XX/GT/LT go along, as in Redis
            propagated[0] = PEXPIREAT;
            propagated[2] = Bytes.toBytes(when);
            ctx.rewriteAs(propagated);
        }
        out.integer(1);
    }

    private static int parseExpireConditions(byte[][] argv) {
        int conditions = 0;
        for (int i = 3; i < argv.length; i++) {
            byte[] option = argv[i];
            if (Bytes.is(option, "nx")) {
                conditions |= EXPIRE_NX;
            } else if (Bytes.is(option, "xx")) {
                conditions |= EXPIRE_XX;
            } else if (Bytes.is(option, "gt")) {
                conditions |= EXPIRE_GT;
            } else if (Bytes.is(option, "lt")) {
                conditions |= EXPIRE_LT;
            } else {
                throw new CommandError("ERR Unsupported option " + Bytes.string(option));
            }
        }
        if ((conditions & EXPIRE_NX) != 0 && (conditions & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            throw NX_WITH_OTHERS;
        }
        if ((conditions & (EXPIRE_GT | EXPIRE_LT)) == (EXPIRE_GT | EXPIRE_LT)) {
            throw GT_WITH_LT;
        }
        return conditions;
    }

    /** NX/XX/GT/LT against the current deadline ({@code 0} = none, which counts as infinite). */
    private static boolean conditionsHold(int conditions, long current, long when) {
        boolean hasTtl = current != 0;
        if ((conditions & EXPIRE_NX) != 0 && hasTtl) {
            return false;
        }
        if ((conditions & EXPIRE_XX) != 0 && !hasTtl) {
            return false;
        }
        if ((conditions & EXPIRE_GT) != 0 && (!hasTtl || when <= current)) {
            return false;
        }
        return (conditions & EXPIRE_LT) == 0 || !hasTtl || when < current;
    }

    /** TTL key */
    static void ttl(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ttlGeneric(ctx, argv[1], false, false, out);
    }

    /** PTTL key */
    static void pttl(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ttlGeneric(ctx, argv[1], true, false, out);
    }

    /** EXPIRETIME key */
    static void expiretime(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ttlGeneric(ctx, argv[1], false, true, out);
    }

    /** PEXPIRETIME key */
    static void pexpiretime(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ttlGeneric(ctx, argv[1], true, true, out);
    }

    /** -2 for no key, -1 for no TTL, else the remaining time or the deadline; seconds are rounded. */
    private static void ttlGeneric(CommandContext ctx, byte[] key, boolean millis, boolean absolute,
                                   ReplyWriter out) {
        Database db = ctx.db();
        if (db.getNoTouch(key) == null) {
            out.integer(-2);
            return;
        }
        long expireAt = db.expireAt(key);
        if (expireAt <= 0) {
            out.integer(-1);
            return;
        }
        long ms = Math.max(0, absolute ? expireAt : expireAt - ctx.now());
        // (ms + 500) / 1000 without overflowing near Long.MAX_VALUE
        out.integer(millis ? ms : ms / 1000 + (ms % 1000 + 500) / 1000);
    }

    /** PERSIST key */
    static void persist(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        if (db.expireAt(argv[1]) > 0) {
            db.setExpire(argv[1], 0);
            ctx.notify(Notifier.GENERIC, "persist", argv[1]);
            ctx.dirty();
            out.integer(1);
        } else {
            out.integer(0);
        }
    }

    // ---- OBJECT --------------------------------------------------------------------------------

    /** OBJECT ENCODING key */
    static void objectEncoding(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        Object value = db.inspect(argv[2]);
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(encodingName(value, db.valueFlags(argv[2])));
        }
    }

    /**
     * The encoding Redis 7.0 reports: for a string it depends on how the string was made
     * ({@link Database#valueFlags}): SET and friends pick int, embstr or raw by content
     * (tryObjectEncoding), INCRBYFLOAT never int, APPEND and SETRANGE always raw.
     */
    public static String encodingName(Object value, int flags) {
        if (value instanceof byte[] s) {
            if ((flags & Database.FLAG_RAW) != 0) {
                return "raw";
            }
            if ((flags & Database.FLAG_NOT_INT) == 0 && s.length <= 20 && Bytes.isLong(s)) {
                return "int";
            }
            return s.length <= EMBSTR_MAX ? "embstr" : "raw";
        }
        return ((TypedValue) value).encoding();
    }

    /** OBJECT FREQ key: the decayed LFU counter; only LFU policies track frequencies. */
    static void objectFreq(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        if (db.inspect(argv[2]) == null) {
            out.nullBulk();
            return;
        }
        var keyspace = ctx.engine().keyspace();
        if (!keyspace.tracksFrequency()) {
            throw NO_LFU_POLICY;
        }
        out.integer(keyspace.frequency(db.accessWord(argv[2])));
    }

    /** OBJECT IDLETIME key */
    static void objectIdletime(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        if (db.inspect(argv[2]) == null) {
            out.nullBulk();
            return;
        }
        if (ctx.engine().keyspace().tracksFrequency()) {
            throw LFU_POLICY;
        }
        out.integer(db.idleSeconds(argv[2]));
    }

    /** OBJECT REFCOUNT key: 1, or INT_MAX for the small integers Redis shares. */
    static void objectRefcount(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Object value = ctx.db().inspect(argv[2]);
        if (value == null) {
            out.nullBulk();
        } else {
            out.integer(isSharedInteger(value) ? Integer.MAX_VALUE : 1);
        }
    }

    /** True for the values Redis keeps as shared objects (0..9999): their refcount shows as INT_MAX. */
    public static boolean isSharedInteger(Object value) {
        // the canonical forms of 0..9999 are exactly the unsigned ones of at most 4 digits
        return value instanceof byte[] s && s.length <= SHARED_INTEGER_DIGITS && s.length > 0 && s[0] != '-'
                && Bytes.isLong(s);
    }

    /** OBJECT HELP */
    static void objectHelp(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(OBJECT_HELP.length);
        for (String line : OBJECT_HELP) {
            out.simple(line);
        }
    }
}
