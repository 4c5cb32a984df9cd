package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.MOVABLEKEYS;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.type.SetValue;
import io.lodestone.engine.util.Bytes;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Set commands (Redis's t_set.c). The encodings live in {@link SetValue}. */
public final class SetCommands {
    private static final byte[] SREM = Bytes.ascii("SREM");
    private static final byte[] DEL = Bytes.ascii("DEL");

    private static final String INTER_COMPLEXITY =
            "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.";
    private static final String UNION_COMPLEXITY = "O(N) where N is the total number of elements in all given sets.";

    static final CommandError POP_COUNT_NOT_POSITIVE = new CommandError("ERR value is out of range, must be positive");
    static final CommandError NUMKEYS_NOT_POSITIVE = new CommandError("ERR numkeys should be greater than 0");
    static final CommandError NUMKEYS_TOO_LARGE =
            new CommandError("ERR Number of keys can't be greater than number of args");
    static final CommandError LIMIT_NEGATIVE = new CommandError("ERR LIMIT can't be negative");

    private SetCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                write("sadd", -3, SetCommands::sadd, "RW", "INSERT").flags(DENYOOM, FAST).acl("fast")
                        .summary("Add one or more members to a set")
                        .complexity("O(1) for each element added, so O(N) to add N elements when the command is"
                                + " called with multiple arguments.").build(),
                write("srem", -3, SetCommands::srem, "RW", "DELETE").flags(FAST).acl("fast")
                        .summary("Remove one or more members from a set")
                        .complexity("O(N) where N is the number of members to be removed.").build(),
                read("smembers", 2, SetCommands::smembers, "RO", "ACCESS").acl("slow")
                        .tips("nondeterministic_output_order")
                        .summary("Get all the members in a set")
                        .complexity("O(N) where N is the set cardinality.").build(),
                read("sismember", 3, SetCommands::sismember, "RO").flags(FAST).acl("fast")
                        .summary("Determine if a given value is a member of a set").complexity("O(1)").build(),
                read("smismember", -3, SetCommands::smismember, "RO", "ACCESS").flags(FAST).acl("fast")
                        .since("6.2.0")
                        .summary("Returns the membership associated with the given elements for a set")
                        .complexity("O(N) where N is the number of elements being checked for membership").build(),
                read("scard", 2, SetCommands::scard, "RO").flags(FAST).acl("fast")
                        .summary("Get the number of members in a set").complexity("O(1)").build(),
                write("spop", -2, SetCommands::spop, "RW", "ACCESS", "DELETE").flags(FAST).acl("fast")
                        .tips("nondeterministic_output")
                        .summary("Remove and return one or multiple random members from a set")
                        .complexity("Without the count argument O(1), otherwise O(N) where N is the value of the"
                                + " passed count.").build(),
                read("srandmember", -2, SetCommands::srandmember, "RO", "ACCESS").acl("slow")
                        .tips("nondeterministic_output")
                        .summary("Get one or multiple random members from a set")
                        .complexity("Without the count argument O(1), otherwise O(N) where N is the absolute value"
                                + " of the passed count.").build(),
                CommandSpec.builder("smove").arity(4).flags(WRITE, FAST).acl("write", "set", "fast")
                        .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"))
                        .key(KeySpec.range(2, 0, 1, "RW", "INSERT")).group("set").since("1.0.0")
                        .summary("Move a member from one set to another").complexity("O(1)")
                        .handler(SetCommands::smove).build(),
                combine("sinter", SetCommands::sinter).summary("Intersect multiple sets")
                        .complexity(INTER_COMPLEXITY).build(),
                CommandSpec.builder("sintercard").arity(-3).flags(READONLY, MOVABLEKEYS).acl("read", "set", "slow")
                        .key(KeySpec.keyNum(1, 0, 1, 1, "RO", "ACCESS")).group("set").since("7.0.0")
                        .summary("Intersect multiple sets and return the cardinality of the result")
                        .complexity(INTER_COMPLEXITY).handler(SetCommands::sintercard).build(),
                store("sinterstore", SetCommands::sinterstore, "RW").summary(
                        "Intersect multiple sets and store the resulting set in a key")
                        .complexity(INTER_COMPLEXITY).build(),
                combine("sunion", SetCommands::sunion).summary("Add multiple sets")
                        .complexity(UNION_COMPLEXITY).build(),
                store("sunionstore", SetCommands::sunionstore, "OW").summary(
                        "Add multiple sets and store the resulting set in a key")
                        .complexity(UNION_COMPLEXITY).build(),
                combine("sdiff", SetCommands::sdiff).summary("Subtract multiple sets")
                        .complexity(UNION_COMPLEXITY).build(),
                store("sdiffstore", SetCommands::sdiffstore, "OW").summary(
                        "Subtract multiple sets and store the resulting set in a key")
                        .complexity(UNION_COMPLEXITY).build(),
                read("sscan", -3, SetCommands::sscan, "RO", "ACCESS").acl("slow").since("2.8.0")
                        .tips("nondeterministic_output")
                        .summary("Incrementally iterate Set elements")
                        .complexity("O(1) for every call. O(N) for a complete iteration, including enough command"
                                + " calls for the cursor to return back to 0. N is the number of elements inside"
                                + " the collection..").build());
    }

    /** A one-key write; the caller adds DENYOOM / FAST and the speed category. */
    private static CommandSpec.Builder write(String name, int arity, CommandHandler handler, String... keyFlags) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE).acl("write", "set")
                .key(KeySpec.range(1, 0, 1, keyFlags)).group("set").since("1.0.0").handler(handler);
    }

    /** A one-key read; the caller adds FAST and the speed category. */
    private static CommandSpec.Builder read(String name, int arity, CommandHandler handler, String... keyFlags) {
        return CommandSpec.builder(name).arity(arity).flags(READONLY).acl("read", "set")
                .key(KeySpec.range(1, 0, 1, keyFlags)).group("set").since("1.0.0").handler(handler);
    }

    /** SINTER SUNION SDIFF: every argument a key read. */
    private static CommandSpec.Builder combine(String name, CommandHandler handler) {
        return CommandSpec.builder(name).arity(-2).flags(READONLY).acl("read", "set", "slow")
                .tips("nondeterministic_output_order").key(KeySpec.range(1, -1, 1, "RO", "ACCESS"))
                .group("set").since("1.0.0").handler(handler);
    }

    /** The *STORE forms: a destination (RW for SINTERSTORE, OW for the others), then the keys read. */
    private static CommandSpec.Builder store(String name, CommandHandler handler, String destinationFlag) {
        return CommandSpec.builder(name).arity(-3).flags(WRITE, DENYOOM).acl("write", "set", "slow")
                .key(KeySpec.range(1, 0, 1, destinationFlag, "UPDATE")).key(KeySpec.range(2, -1, 1, "RO", "ACCESS"))
                .group("set").since("1.0.0").handler(handler);
    }

    // ---- members -------------------------------------------------------------------------------

    /** SADD key member [member ...] */
    static void sadd(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        SetValue set = asSet(db.getForWrite(argv[1]));
        boolean created = set == null;
        if (created) {
            set = new SetValue();
        }
        EngineConfig config = config(ctx);
        int added = 0;
        for (int i = 2; i < argv.length; i++) {
            if (set.add(argv[i], config)) {
                added++;
            }
        }
        if (created) {
            db.set(argv[1], set); // SADD always adds to a new set: it has at least one member
        }
        if (added > 0) {
            ctx.dirty(added);
            ctx.notify(Notifier.SET, "sadd", argv[1]);
        }
        out.integer(added);
    }

    /** SREM key member [member ...] */
    static void srem(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        SetValue set = asSet(db.getForWrite(argv[1]));
        if (set == null) {
            out.integer(0);
            return;
        }
        int removed = 0;
        boolean deleted = false;
        for (int i = 2; i < argv.length; i++) {
            if (set.remove(argv[i])) {
                removed++;
                if (set.isEmpty()) {
                    db.delete(argv[1]);
                    deleted = true;
                    break;
                }
            }
        }
        if (removed > 0) {
            ctx.dirty(removed);
            ctx.notify(Notifier.SET, "srem", argv[1]);
            if (deleted) {
                ctx.notify(Notifier.GENERIC, "del", argv[1]);
            }
        }
        out.integer(removed);
    }

    /** SMEMBERS key */
    static void smembers(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetValue set = lookupRead(ctx, argv[1]);
        if (set == null) {
            out.setHeader(0);
            return;
        }
        replyWhole(out, set);
    }

    /** SISMEMBER key member */
    static void sismember(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetValue set = lookupRead(ctx, argv[1]);
        out.integer(set != null && set.contains(argv[2]) ? 1 : 0);
    }

    /** SMISMEMBER key member [member ...] */
    static void smismember(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetValue set = lookupRead(ctx, argv[1]);
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            out.integer(set != null && set.contains(argv[i]) ? 1 : 0);
        }
    }

    /** SCARD key */
    static void scard(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetValue set = lookupRead(ctx, argv[1]);
        out.integer(set == null ? 0 : set.size());
    }

    /** SMOVE source destination member */
    static void smove(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        Object sourceValue = db.getForWrite(argv[1]);
        Object destinationValue = db.getForWrite(argv[2]);
        if (sourceValue == null) {
            out.integer(0); // a missing source wins over a destination of the wrong type, as in Redis
            return;
        }
        SetValue source = asSet(sourceValue);
        SetValue destination = asSet(destinationValue);
        byte[] member = argv[3];
        if (source == destination) {
            out.integer(source.contains(member) ? 1 : 0); // nothing moves, nothing propagates
            return;
        }
        if (!source.remove(member)) {
            out.integer(0);
            return;
        }
        ctx.notify(Notifier.SET, "srem", argv[1]);
        if (source.isEmpty()) {
            db.delete(argv[1]);
            ctx.notify(Notifier.GENERIC, "del", argv[1]);
        }
        if (destination == null) {
            destination = new SetValue();
            db.set(argv[2], destination);
        }
        if (destination.add(member, config(ctx))) {
            ctx.notify(Notifier.SET, "sadd", argv[2]); // not when the destination already had it
        }
        ctx.dirty();
        out.integer(1);
    }

    // ---- random members ------------------------------------------------------------------------

    /**
     * SPOP key [count]. Propagated deterministically: one pop as {@code SREM key member}, a count
     * that empties the set as {@code DEL key}, otherwise one {@code SREM key member} per popped member
     * (wrapped in MULTI/EXEC), as Redis 7.0 writes its AOF.
     */
    static void spop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 3) {
            throw Errors.SYNTAX;
        }
        if (argv.length == 3) {
            popWithCount(ctx, argv[1], Bytes.parseLong(argv[2], POP_COUNT_NOT_POSITIVE), out);
            return;
        }
        Database db = ctx.db();
        SetValue set = asSet(db.getForWrite(argv[1]));
        if (set == null) {
            out.nullBulk();
            return;
        }
        int pos = set.randomPosition(ThreadLocalRandom.current());
        byte[] member = set.member(pos);
        set.removeAt(pos);
        ctx.notify(Notifier.SET, "spop", argv[1]);
        if (set.isEmpty()) {
            db.delete(argv[1]);
            ctx.notify(Notifier.GENERIC, "del", argv[1]);
        }
        ctx.dirty();
        ctx.rewriteAs(SREM, argv[1], member);
        out.bulk(member);
    }

    /** SRANDMEMBER key [count] */
    static void srandmember(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 3) {
            throw Errors.SYNTAX;
        }
        if (argv.length == 3) {
            long count = Bytes.parseLong(argv[2]);
            if (count == Long.MIN_VALUE) {
                throw Errors.COUNT_OUT_OF_RANGE;
            }
            randomWithCount(ctx, argv[1], count, out);
            return;
        }
        SetValue set = lookupRead(ctx, argv[1]);
        if (set == null) {
            out.nullBulk();
            return;
        }
        out.bulk(set.member(set.randomPosition(ThreadLocalRandom.current())));
    }

    // ---- intersection, union, difference -------------------------------------------------------

    /** SINTER key [key ...] */
    static void sinter(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetValue[] sets = lookupAll(ctx, argv, 1, argv.length);
        if (sets == null) {
            out.setHeader(0);
            return;
        }
        Arrays.sort(sets, (a, b) -> Integer.compare(a.size(), b.size()));
        ScanArgs.Positions common = new ScanArgs.Positions();
        intersect(sets, 0, common);
        SetValue smallest = sets[0];
        out.setHeader(common.size);
        for (int i = 0; i < common.size; i++) {
            out.bulk(smallest.member(common.items[i]));
        }
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    static void sintercard(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long numKeys = Bytes.parseLong(argv[1], NUMKEYS_NOT_POSITIVE);
        if (numKeys < 1) {
            throw NUMKEYS_NOT_POSITIVE;
        }
        if (numKeys > argv.length - 2) {
            throw NUMKEYS_TOO_LARGE;
        }
        int keysEnd = 2 + (int) numKeys;
        long limit = 0;
        for (int i = keysEnd; i < argv.length; i += 2) {
            if (i + 1 < argv.length && Bytes.is(argv[i], "limit")) {
                limit = Bytes.parseLong(argv[i + 1], LIMIT_NEGATIVE);
                if (limit < 0) {
                    throw LIMIT_NEGATIVE;
                }
            } else {
                throw Errors.SYNTAX;
            }
        }
        SetValue[] sets = lookupAll(ctx, argv, 2, keysEnd);
        if (sets == null) {
            out.integer(0);
            return;
        }
        Arrays.sort(sets, (a, b) -> Integer.compare(a.size(), b.size()));
        ScanArgs.Positions common = new ScanArgs.Positions();
        intersect(sets, limit, common);
        out.integer(common.size);
    }

    /** SINTERSTORE destination key [key ...] */
    static void sinterstore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SetValue[] sets = lookupAll(ctx, argv, 2, argv.length);
        SetValue result = new SetValue();
        if (sets != null) {
            Arrays.sort(sets, (a, b) -> Integer.compare(a.size(), b.size()));
            ScanArgs.Positions common = new ScanArgs.Positions();
            intersect(sets, 0, common);
            EngineConfig config = config(ctx);
            for (int i = 0; i < common.size; i++) {
                addMember(result, sets[0], common.items[i], config);
            }
        }
        out.integer(store(ctx, argv[1], result, "sinterstore"));
    }

    /** SUNION key [key ...] */
    static void sunion(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        replyWhole(out, union(ctx, argv, 1));
    }

    /** SUNIONSTORE destination key [key ...] */
    static void sunionstore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(store(ctx, argv[1], union(ctx, argv, 2), "sunionstore"));
    }

    /** SDIFF key [key ...] */
    static void sdiff(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        replyWhole(out, difference(ctx, argv, 1));
    }

    /** SDIFFSTORE destination key [key ...] */
    static void sdiffstore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(store(ctx, argv[1], difference(ctx, argv, 2), "sdiffstore"));
    }

    // ---- scanning ------------------------------------------------------------------------------

    /** SSCAN key cursor [MATCH pattern] [COUNT count] */
    static void sscan(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long cursor = ScanArgs.parseCursor(argv[2]);
        SetValue set = lookupRead(ctx, argv[1]);
        if (set == null) {
            ScanArgs.replyEmpty(out);
            return;
        }
        ScanArgs args = ScanArgs.parse(argv, 3, false);
        ScanArgs.Positions found = new ScanArgs.Positions();
        long next = set.scan(cursor, args.count, args.maxBuckets(), found);
        // members are materialised once: an intset member's bytes are made on demand
        byte[][] members = new byte[found.size][];
        int kept = 0;
        for (int i = 0; i < found.size; i++) {
            byte[] member = set.member(found.items[i]);
            if (args.matches(member)) {
                members[kept++] = member;
            }
        }
        ScanArgs.replyCursor(out, next);
        out.arrayHeader(kept);
        for (int i = 0; i < kept; i++) {
            out.bulk(members[i]);
        }
    }

    // ---- generic workers -----------------------------------------------------------------------

    /** SPOP with a count (already parsed; negative is an error). The reply is a set, as in Redis. */
    private static void popWithCount(CommandContext ctx, byte[] key, long count, ReplyWriter out) {
        if (count < 0) {
            throw POP_COUNT_NOT_POSITIVE;
        }
        Database db = ctx.db();
        SetValue set = asSet(db.getForWrite(key));
        if (set == null || count == 0) {
            out.setHeader(0);
            return;
        }
        ctx.notify(Notifier.SET, "spop", key);
        if (count >= set.size()) {
            replyWhole(out, set);
            db.delete(key);
            ctx.notify(Notifier.GENERIC, "del", key);
            ctx.dirty();
            ctx.rewriteAs(DEL, key);
            return;
        }
        int n = (int) count;
        RandomGenerator random = ThreadLocalRandom.current();
        out.setHeader(n);
        for (int i = 0; i < n; i++) {
            int pos = set.randomPosition(random);
            byte[] member = set.member(pos);
            set.removeAt(pos);
            out.bulk(member);
            ctx.alsoPropagate(SREM, key, member);
        }
        ctx.suppressOwnArgv();
        ctx.dirty(n);
    }

    /**
     * SRANDMEMBER with a count: a positive count asks for distinct members (at most the whole set),
     * a negative one for that many independent draws. Always an array, even in RESP3.
     */
    private static void randomWithCount(CommandContext ctx, byte[] key, long count, ReplyWriter out) {
        SetValue set = lookupRead(ctx, key);
        if (set == null || count == 0) {
            out.emptyArray();
            return;
        }
        RandomGenerator random = ThreadLocalRandom.current();
        if (count < -Integer.MAX_VALUE) {
            throw Errors.VALUE_OUT_OF_RANGE; // Redis would try to send it all; we refuse a reply we cannot frame
        }
        out.arrayHeader((int) RandomSampler.resultCount(count, set.size()));
        RandomSampler.sample(set, count, random, pos -> out.bulk(set.member(pos)));
    }

    /**
     * Collects into {@code common} the positions, in {@code sets[0]}, of the members present in every
     * set; {@code sets} is sorted smallest first. Stops after {@code limit} members (0: no limit).
     */
    private static void intersect(SetValue[] sets, long limit, ScanArgs.Positions common) {
        SetValue smallest = sets[0];
        boolean ints = smallest.isIntset();
        for (int pos = smallest.first(); pos >= 0; pos = smallest.next(pos)) {
            long value = ints ? smallest.intAt(pos) : 0;
            byte[] member = ints ? null : smallest.member(pos);
            boolean inAll = true;
            for (int j = 1; j < sets.length && inAll; j++) {
                // the same set named twice needs no lookup
                if (sets[j] != smallest) {
                    inAll = ints ? sets[j].containsInt(value) : sets[j].contains(member);
                }
            }
            if (inAll) {
                common.accept(pos);
                if (common.size == limit) {
                    return;
                }
            }
        }
    }

    /** The union of the sets named from {@code argv[from]}; missing keys are empty sets. */
    private static SetValue union(CommandContext ctx, byte[][] argv, int from) {
        SetValue[] sets = lookupEach(ctx, argv, from);
        EngineConfig config = config(ctx);
        SetValue result = new SetValue();
        for (SetValue set : sets) {
            if (set != null) {
                for (int pos = set.first(); pos >= 0; pos = set.next(pos)) {
                    addMember(result, set, pos, config);
                }
            }
        }
        return result;
    }

    /**
     * The members of the first set named from {@code argv[from]} that are in none of the others.
     * Like Redis, picks between two ways by their estimated work: checking each member of the first
     * set against the others, or copying the first set and removing the others' members. The result
     * is the same, but its encoding may not be: a copy that passed the intset limit, or held a
     * string, stays a hashtable after the removals, and OBJECT ENCODING shows it.
     */
    private static SetValue difference(CommandContext ctx, byte[][] argv, int from) {
        SetValue[] sets = lookupEach(ctx, argv, from);
        SetValue first = sets[0];
        SetValue result = new SetValue();
        if (first == null) {
            return result;
        }
        EngineConfig config = config(ctx);
        long checkWork = 0;
        long copyWork = 0;
        for (int j = 0; j < sets.length; j++) {
            if (j > 0 && sets[j] == first) {
                return result; // a set minus itself
            }
            if (sets[j] != null) {
                checkWork += first.size();
                copyWork += sets[j].size();
            }
        }
        if (checkWork / 2 > copyWork) {
            for (int pos = first.first(); pos >= 0; pos = first.next(pos)) {
                addMember(result, first, pos, config);
            }
            for (int j = 1; j < sets.length && !result.isEmpty(); j++) {
                SetValue other = sets[j];
                for (int pos = other == null ? -1 : other.first(); pos >= 0; pos = other.next(pos)) {
                    result.remove(other.member(pos));
                }
            }
            return result;
        }
        boolean ints = first.isIntset();
        for (int pos = first.first(); pos >= 0; pos = first.next(pos)) {
            long value = ints ? first.intAt(pos) : 0;
            byte[] member = ints ? null : first.member(pos);
            boolean elsewhere = false;
            for (int j = 1; j < sets.length && !elsewhere; j++) {
                SetValue other = sets[j];
                elsewhere = other != null && (ints ? other.containsInt(value) : other.contains(member));
            }
            if (!elsewhere) {
                addMember(result, first, pos, config);
            }
        }
        return result;
    }

    /**
     * Writes a *STORE result: the destination is replaced whatever it held (its TTL dropped), or
     * deleted when the result is empty. Returns the result's size. Notifies {@code event} about the
     * stored destination, or "del" about a deleted one.
     */
    private static long store(CommandContext ctx, byte[] destination, SetValue result, String event) {
        Database db = ctx.db();
        if (result.isEmpty()) {
            if (db.delete(destination)) {
                ctx.dirty();
                ctx.notify(Notifier.GENERIC, "del", destination);
            }
            return 0;
        }
        db.set(destination, result);
        ctx.dirty();
        ctx.notify(Notifier.SET, event, destination);
        return result.size();
    }

    /** Adds the member at {@code pos} of {@code source} to {@code target}, without bytes for intset members. */
    private static void addMember(SetValue target, SetValue source, int pos, EngineConfig config) {
        if (source.isIntset()) {
            target.addInt(source.intAt(pos), config);
        } else {
            target.add(source.member(pos), config);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static SetValue lookupRead(CommandContext ctx, byte[] key) {
        return asSet(ctx.db().get(key));
    }

    /** The sets named by {@code argv[from..]}, null for missing keys; WRONGTYPE if any is not a set. */
    private static SetValue[] lookupEach(CommandContext ctx, byte[][] argv, int from) {
        SetValue[] sets = new SetValue[argv.length - from];
        for (int i = from; i < argv.length; i++) {
            sets[i - from] = lookupRead(ctx, argv[i]);
        }
        return sets;
    }

    /**
     * The sets named by {@code argv[from..to)}, or null if one is missing (an empty intersection).
     * Every key is still type-checked, as Redis does before intersecting.
     */
    private static SetValue[] lookupAll(CommandContext ctx, byte[][] argv, int from, int to) {
        SetValue[] sets = new SetValue[to - from];
        boolean missing = false;
        for (int i = from; i < to; i++) {
            SetValue set = lookupRead(ctx, argv[i]);
            missing |= set == null;
            sets[i - from] = set;
        }
        return missing ? null : sets;
    }

    /** The value as a set, null if missing, or WRONGTYPE. */
    private static SetValue asSet(Object value) {
        if (value == null || value instanceof SetValue) {
            return (SetValue) value;
        }
        throw Errors.WRONGTYPE;
    }

    private static EngineConfig config(CommandContext ctx) {
        return ctx.engine().config();
    }

    /** The whole set as a RESP3 set (an array in RESP2), in its iteration order. */
    private static void replyWhole(ReplyWriter out, SetValue set) {
        out.setHeader(set.size());
        for (int pos = set.first(); pos >= 0; pos = set.next(pos)) {
            out.bulk(set.member(pos));
        }
    }
}
