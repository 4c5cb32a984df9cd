package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.BLOCKING;
import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.MOVABLEKEYS;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.blocking.BlockState;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.type.MemberCollection;
import io.lodestone.engine.type.ScoreTable;
import io.lodestone.engine.type.SortedSetValue;
import io.lodestone.engine.type.SortedSetValue.LexBound;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.DoubleFormat;
import io.lodestone.engine.util.Strtod;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sorted set commands (Redis's t_zset.c). The encodings live in {@link SortedSetValue}. The blocking
 * forms (BZPOPMIN, BZPOPMAX, BZMPOP) are meant to reuse {@link #popFirstExisting}.
 */
public final class SortedSetCommands {
    private static final byte[] ZPOPMIN = Bytes.ascii("ZPOPMIN");
    private static final byte[] ZPOPMAX = Bytes.ascii("ZPOPMAX");
    /** Redis's double2ll bound for writing a listpack score as an integer: LLONG_MAX / 2. */
    private static final double LISTPACK_INTEGER_LIMIT = (double) (Long.MAX_VALUE / 2);

    static final CommandError NOT_FLOAT_RANGE = new CommandError("ERR min or max is not a float");
    static final CommandError NOT_LEX_RANGE = new CommandError("ERR min or max not valid string range item");
    static final CommandError RESULT_NAN = new CommandError("ERR resulting score is not a number (NaN)");
    static final CommandError XX_AND_NX = new CommandError("ERR XX and NX options at the same time are not compatible");
    static final CommandError GT_LT_NX =
            new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
    static final CommandError INCR_ONE_PAIR =
            new CommandError("ERR INCR option supports a single increment-element pair");
    static final CommandError LIMIT_WITHOUT_BY = new CommandError(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    static final CommandError WITHSCORES_BYLEX =
            new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    static final CommandError NOT_POSITIVE = new CommandError("ERR value is out of range, must be positive");
    static final CommandError NUMKEYS_NOT_POSITIVE = new CommandError("ERR numkeys should be greater than 0");
    static final CommandError COUNT_NOT_POSITIVE = new CommandError("ERR count should be greater than 0");
    static final CommandError WEIGHT_NOT_FLOAT = new CommandError("ERR weight value is not a float");
    static final CommandError LIMIT_NEGATIVE = new CommandError("ERR LIMIT can't be negative");
    static final CommandError COUNT_OUT_OF_RANGE = new CommandError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    static final CommandError VALUE_OUT_OF_RANGE = new CommandError("ERR value is out of range");

    private SortedSetCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                write("zadd", -4, SortedSetCommands::zadd, "1.2.0", "RW", "UPDATE").flags(DENYOOM, FAST)
                        .acl("fast")
                        .summary("Add one or more members to a sorted set, or update its score if it already exists")
                        .complexity("O(log(N)) for each item added, where N is the number of elements in the sorted"
                                + " set.").build(),
                write("zincrby", 4, SortedSetCommands::zincrby, "1.2.0", "RW", "ACCESS", "UPDATE")
                        .flags(DENYOOM, FAST).acl("fast")
                        .summary("Increment the score of a member in a sorted set")
                        .complexity("O(log(N)) where N is the number of elements in the sorted set.").build(),
                write("zrem", -3, SortedSetCommands::zrem, "1.2.0", "RW", "DELETE").flags(FAST).acl("fast")
                        .summary("Remove one or more members from a sorted set")
                        .complexity("O(M*log(N)) with N being the number of elements in the sorted set and M the"
                                + " number of elements to be removed.").build(),
                read("zcard", 2, SortedSetCommands::zcard, "1.2.0", "RO").flags(FAST).acl("fast")
                        .summary("Get the number of members in a sorted set").complexity("O(1)").build(),
                read("zcount", 4, SortedSetCommands::zcount, "2.0.0", "RO", "ACCESS").flags(FAST).acl("fast")
                        .summary("Count the members in a sorted set with scores within the given values")
                        .complexity("O(log(N)) with N being the number of elements in the sorted set.").build(),
                read("zlexcount", 4, SortedSetCommands::zlexcount, "2.8.9", "RO", "ACCESS").flags(FAST).acl("fast")
                        .summary("Count the number of members in a sorted set between a given lexicographical range")
                        .complexity("O(log(N)) with N being the number of elements in the sorted set.").build(),
                read("zscore", 3, SortedSetCommands::zscore, "1.2.0", "RO", "ACCESS").flags(FAST).acl("fast")
                        .summary("Get the score associated with the given member in a sorted set")
                        .complexity("O(1)").build(),
                read("zmscore", -3, SortedSetCommands::zmscore, "6.2.0", "RO", "ACCESS").flags(FAST).acl("fast")
                        .summary("Get the score associated with the given members in a sorted set")
                        .complexity("O(N) where N is the number of members being requested.").build(),
                read("zrank", 3, SortedSetCommands::zrank, "2.0.0", "RO", "ACCESS").flags(FAST).acl("fast")
                        .summary("Determine the index of a member in a sorted set").complexity("O(log(N))").build(),
                read("zrevrank", 3, SortedSetCommands::zrevrank, "2.0.0", "RO", "ACCESS").flags(FAST).acl("fast")
                        .summary("Determine the index of a member in a sorted set, with scores ordered from high"
                                + " to low").complexity("O(log(N))").build(),
                read("zrange", -4, SortedSetCommands::zrange, "1.2.0", "RO", "ACCESS").acl("slow")
                        .summary("Return a range of members in a sorted set")
                        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
                                + " number of elements returned.").build(),
                CommandSpec.builder("zrangestore").arity(-5).flags(WRITE, DENYOOM)
                        .acl("write", "sortedset", "slow")
                        .key(KeySpec.range(1, 0, 1, "OW", "UPDATE")).key(KeySpec.range(2, 0, 1, "RO", "ACCESS"))
                        .group("sorted-set").since("6.2.0").handler(SortedSetCommands::zrangestore)
                        .summary("Store a range of members from sorted set into another key")
                        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
                                + " number of elements stored into the destination key.").build(),
                read("zrangebyscore", -4, SortedSetCommands::zrangebyscore, "1.0.5", "RO", "ACCESS").acl("slow")
                        .summary("Return a range of members in a sorted set, by score")
                        .complexity(RANGE_BY_COMPLEXITY).build(),
                read("zrevrangebyscore", -4, SortedSetCommands::zrevrangebyscore, "2.2.0", "RO", "ACCESS")
                        .acl("slow")
                        .summary("Return a range of members in a sorted set, by score, with scores ordered from high"
                                + " to low")
                        .complexity(RANGE_BY_COMPLEXITY).build(),
                read("zrangebylex", -4, SortedSetCommands::zrangebylex, "2.8.9", "RO", "ACCESS").acl("slow")
                        .summary("Return a range of members in a sorted set, by lexicographical range")
                        .complexity(RANGE_BY_COMPLEXITY).build(),
                read("zrevrangebylex", -4, SortedSetCommands::zrevrangebylex, "2.8.9", "RO", "ACCESS").acl("slow")
                        .summary("Return a range of members in a sorted set, by lexicographical range, ordered from"
                                + " higher to lower strings.")
                        .complexity(RANGE_BY_COMPLEXITY).build(),
                read("zrevrange", -4, SortedSetCommands::zrevrange, "1.2.0", "RO", "ACCESS").acl("slow")
                        .summary("Return a range of members in a sorted set, by index, with scores ordered from high"
                                + " to low")
                        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
                                + " number of elements returned.").build(),
                write("zremrangebyrank", 4, SortedSetCommands::zremrangebyrank, "2.0.0", "RW", "DELETE")
                        .acl("slow").summary("Remove all members in a sorted set within the given indexes")
                        .complexity(REMOVE_RANGE_COMPLEXITY).build(),
                write("zremrangebyscore", 4, SortedSetCommands::zremrangebyscore, "1.2.0", "RW", "DELETE")
                        .acl("slow").summary("Remove all members in a sorted set within the given scores")
                        .complexity(REMOVE_RANGE_COMPLEXITY).build(),
                write("zremrangebylex", 4, SortedSetCommands::zremrangebylex, "2.8.9", "RW", "DELETE")
                        .acl("slow")
                        .summary("Remove all members in a sorted set between the given lexicographical range")
                        .complexity(REMOVE_RANGE_COMPLEXITY).build(),
                write("zpopmin", -2, SortedSetCommands::zpopmin, "5.0.0", "RW", "ACCESS", "DELETE").flags(FAST)
                        .acl("fast").summary("Remove and return members with the lowest scores in a sorted set")
                        .complexity(POP_COMPLEXITY).build(),
                write("zpopmax", -2, SortedSetCommands::zpopmax, "5.0.0", "RW", "ACCESS", "DELETE").flags(FAST)
                        .acl("fast").summary("Remove and return members with the highest scores in a sorted set")
                        .complexity(POP_COMPLEXITY).build(),
                CommandSpec.builder("bzpopmin").arity(-3).flags(WRITE, NOSCRIPT, BLOCKING, FAST)
                        .acl("write", "sortedset", "fast", "blocking")
                        .key(KeySpec.range(1, -2, 1, "RW", "ACCESS", "DELETE")).group("sorted-set").since("5.0.0")
                        .summary("Remove and return the member with the lowest score from one or more sorted sets,"
                                + " or block until one is available")
                        .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                        .handler(SortedSetCommands::bzpopmin).build(),
                CommandSpec.builder("bzpopmax").arity(-3).flags(WRITE, NOSCRIPT, BLOCKING, FAST)
                        .acl("write", "sortedset", "fast", "blocking")
                        .key(KeySpec.range(1, -2, 1, "RW", "ACCESS", "DELETE")).group("sorted-set").since("5.0.0")
                        .summary("Remove and return the member with the highest score from one or more sorted sets,"
                                + " or block until one is available")
                        .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                        .handler(SortedSetCommands::bzpopmax).build(),
                CommandSpec.builder("bzmpop").arity(-5).flags(WRITE, BLOCKING, MOVABLEKEYS)
                        .acl("write", "sortedset", "slow", "blocking")
                        .key(KeySpec.keyNum(2, 0, 1, 1, "RW", "ACCESS", "DELETE")).group("sorted-set")
                        .since("7.0.0").handler(SortedSetCommands::bzmpop)
                        .summary("Remove and return members with scores in a sorted set or block until one is available")
                        .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the number"
                                + " of elements in the sorted set, and M being the number of elements popped.")
                        .build(),
                CommandSpec.builder("zmpop").arity(-4).flags(WRITE, MOVABLEKEYS).acl("write", "sortedset", "slow")
                        .key(KeySpec.keyNum(1, 0, 1, 1, "RW", "ACCESS", "DELETE")).group("sorted-set")
                        .since("7.0.0").handler(SortedSetCommands::zmpop)
                        .summary("Remove and return members with scores in a sorted set")
                        .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the number"
                                + " of elements in the sorted set, and M being the number of elements popped.")
                        .build(),
                read("zrandmember", -2, SortedSetCommands::zrandmember, "6.2.0", "RO", "ACCESS").acl("slow")
                        .tips("nondeterministic_output")
                        .summary("Get one or multiple random elements from a sorted set")
                        .complexity("O(N) where N is the number of elements returned").build(),
                multiRead("zunion", SortedSetCommands::zunion, "6.2.0").summary("Add multiple sorted sets")
                        .complexity("O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets,"
                                + " and M being the number of elements in the resulting sorted set.").build(),
                multiRead("zinter", SortedSetCommands::zinter, "6.2.0").summary("Intersect multiple sorted sets")
                        .complexity(INTER_COMPLEXITY).build(),
                multiRead("zdiff", SortedSetCommands::zdiff, "6.2.0").summary("Subtract multiple sorted sets")
                        .complexity(DIFF_COMPLEXITY).build(),
                multiStore("zunionstore", SortedSetCommands::zunionstore, "2.0.0")
                        .summary("Add multiple sorted sets and store the resulting sorted set in a new key")
                        .complexity("O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets,"
                                + " and M being the number of elements in the resulting sorted set.").build(),
                multiStore("zinterstore", SortedSetCommands::zinterstore, "2.0.0")
                        .summary("Intersect multiple sorted sets and store the resulting sorted set in a new key")
                        .complexity(INTER_COMPLEXITY).build(),
                multiStore("zdiffstore", SortedSetCommands::zdiffstore, "6.2.0")
                        .summary("Subtract multiple sorted sets and store the resulting sorted set in a new key")
                        .complexity(DIFF_COMPLEXITY).build(),
                multiRead("zintercard", SortedSetCommands::zintercard, "7.0.0")
                        .summary("Intersect multiple sorted sets and return the cardinality of the result")
                        .complexity("O(N*K) worst case with N being the smallest input sorted set, K being the number"
                                + " of input sorted sets.").build(),
                read("zscan", -3, SortedSetCommands::zscan, "2.8.0", "RO", "ACCESS").acl("slow")
                        .tips("nondeterministic_output")
                        .summary("Incrementally iterate sorted sets elements and associated scores")
                        .complexity("O(1) for every call. O(N) for a complete iteration, including enough command"
                                + " calls for the cursor to return back to 0. N is the number of elements inside"
                                + " the collection..").build());
    }

    private static final String RANGE_BY_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted"
            + " set and M the number of elements being returned. If M is constant (e.g. always asking for the first"
            + " 10 elements with LIMIT), you can consider it O(log(N)).";
    private static final String REMOVE_RANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the"
            + " sorted set and M the number of elements removed by the operation.";
    private static final String POP_COMPLEXITY = "O(log(N)*M) with N being the number of elements in the sorted set,"
            + " and M being the number of elements popped.";
    private static final String INTER_COMPLEXITY = "O(N*K)+O(M*log(M)) worst case with N being the smallest input"
            + " sorted set, K being the number of input sorted sets and M being the number of elements in the"
            + " resulting sorted set.";
    private static final String DIFF_COMPLEXITY = "O(L + (N-K)log(N)) worst case where L is the total number of"
            + " elements in all the sets, N is the size of the first set, and K is the size of the result set.";

    /** A write on one key; the caller adds FAST/DENYOOM and the speed category. */
    private static CommandSpec.Builder write(String name, int arity, CommandHandler handler, String since,
                                             String... keyFlags) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE).acl("write", "sortedset")
                .key(KeySpec.range(1, 0, 1, keyFlags)).group("sorted-set").since(since).handler(handler);
    }

    /** A read of one key; the caller adds FAST and the speed category. */
    private static CommandSpec.Builder read(String name, int arity, CommandHandler handler, String since,
                                            String... keyFlags) {
        return CommandSpec.builder(name).arity(arity).flags(READONLY).acl("read", "sortedset")
                .key(KeySpec.range(1, 0, 1, keyFlags)).group("sorted-set").since(since).handler(handler);
    }

    /** ZUNION-like: {@code numkeys key [key ...] ...}, read only. */
    private static CommandSpec.Builder multiRead(String name, CommandHandler handler, String since) {
        return CommandSpec.builder(name).arity(-3).flags(READONLY, MOVABLEKEYS).acl("read", "sortedset", "slow")
                .key(KeySpec.keyNum(1, 0, 1, 1, "RO", "ACCESS")).group("sorted-set").since(since).handler(handler);
    }

    /** ZUNIONSTORE-like: {@code destination numkeys key [key ...] ...}. */
    private static CommandSpec.Builder multiStore(String name, CommandHandler handler, String since) {
        return CommandSpec.builder(name).arity(-4).flags(WRITE, DENYOOM, MOVABLEKEYS)
                .acl("write", "sortedset", "slow")
                .key(KeySpec.range(1, 0, 1, "OW", "UPDATE")).key(KeySpec.keyNum(2, 0, 1, 1, "RO", "ACCESS"))
                .group("sorted-set").since(since).handler(handler);
    }

    // ---- ZADD ZINCRBY ZREM -----------------------------------------------------------------------

    /** ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...] */
    static void zadd(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        addGeneric(ctx, argv, out, false);
    }

    /** ZINCRBY key increment member (ZADD key INCR increment member, options and all) */
    static void zincrby(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        addGeneric(ctx, argv, out, true);
    }

    /** The worker of ZADD and ZINCRBY (Redis's zaddGenericCommand and zsetAdd). */
    private static void addGeneric(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean incr) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        int scoreIndex = 2;
        // options come first; the first argument that is none starts the score-member pairs
        for (; scoreIndex < argv.length; scoreIndex++) {
            byte[] option = argv[scoreIndex];
            if (Bytes.is(option, "nx")) {
                nx = true;
            } else if (Bytes.is(option, "xx")) {
                xx = true;
            } else if (Bytes.is(option, "ch")) {
                ch = true;
            } else if (Bytes.is(option, "incr")) {
                incr = true;
            } else if (Bytes.is(option, "gt")) {
                gt = true;
            } else if (Bytes.is(option, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int remaining = argv.length - scoreIndex;
        if (remaining == 0 || remaining % 2 != 0) {
            throw Errors.SYNTAX;
        }
        int pairs = remaining / 2;
        if (nx && xx) {
            throw XX_AND_NX;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw GT_LT_NX;
        }
        if (incr && pairs > 1) {
            throw INCR_ONE_PAIR;
        }
        // every score is checked before anything changes
        double[] scores = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            scores[i] = Bytes.parseDouble(argv[scoreIndex + 2 * i]);
        }

        Database db = ctx.db();
        byte[] key = argv[1];
        SortedSetValue zset = asZset(db.getForWrite(key));
        boolean created = false;
        if (zset == null) {
            if (xx) {
                replyAdded(out, incr, 0, Double.NaN, 0);
                return;
            }
            zset = new SortedSetValue();
            created = true;
        }
        EngineConfig config = config(ctx);
        long added = 0;
        long updated = 0;
        long processed = 0;
        double lastScore = Double.NaN;
        for (int i = 0; i < pairs; i++) {
            byte[] member = argv[scoreIndex + 2 * i + 1];
            double score = scores[i];
            int pos = zset.find(member);
            if (pos < 0) {
                if (xx) {
                    continue;
                }
                zset.addNew(member, score, config);
                added++;
            } else {
                if (nx) {
                    continue;
                }
                double current = zset.scoreAt(pos);
                if (incr) {
                    score += current;
                    if (Double.isNaN(score)) {
                        throw RESULT_NAN; // INCR takes one pair, so nothing has changed yet
                    }
                }
                if ((lt && score >= current) || (gt && score <= current)) {
                    continue;
                }
                if (score != current) {
                    zset.setScoreAt(pos, score);
                    updated++;
                }
            }
            processed++;
            lastScore = score;
        }
        if (created) {
            db.set(key, zset);
        }
        if (added + updated > 0) {
            ctx.dirty(added + updated);
            ctx.notify(Notifier.ZSET, incr ? "zincr" : "zadd", key);
        }
        replyAdded(out, incr, processed, lastScore, ch ? added + updated : added);
    }

    private static void replyAdded(ReplyWriter out, boolean incr, long processed, double score, long count) {
        if (!incr) {
            out.integer(count);
        } else if (processed > 0) {
            out.doubleValue(score);
        } else {
            out.nullBulk(); // INCR refused by NX, XX, GT or LT
        }
    }

    /** ZREM key member [member ...] */
    static void zrem(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        SortedSetValue zset = asZset(db.getForWrite(argv[1]));
        if (zset == null) {
            out.integer(0);
            return;
        }
        long deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (zset.remove(argv[i])) {
                deleted++;
                if (zset.isEmpty()) {
                    db.delete(argv[1]);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            ctx.dirty(deleted);
            ctx.notify(Notifier.ZSET, "zrem", argv[1]);
            if (keyRemoved) {
                ctx.notify(Notifier.GENERIC, "del", argv[1]);
            }
        }
        out.integer(deleted);
    }

    // ---- single-key reads ----------------------------------------------------------------------

    /** ZCARD key */
    static void zcard(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        out.integer(zset == null ? 0 : zset.size());
    }

    /** ZSCORE key member */
    static void zscore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        replyScoreOrNull(out, zset == null ? Double.NaN : zset.score(argv[2]));
    }

    /** ZMSCORE key member [member ...] */
    static void zmscore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            replyScoreOrNull(out, zset == null ? Double.NaN : zset.score(argv[i]));
        }
    }

    private static void replyScoreOrNull(ReplyWriter out, double score) {
        if (Double.isNaN(score)) {
            out.nullBulk();
        } else {
            out.doubleValue(score);
        }
    }

    /** ZRANK key member */
    static void zrank(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rankGeneric(ctx, argv, out, false);
    }

    /** ZREVRANK key member */
    static void zrevrank(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rankGeneric(ctx, argv, out, true);
    }

    private static void rankGeneric(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean reverse) {
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        long rank = zset == null ? -1 : zset.rank(argv[2]);
        if (rank < 0) {
            out.nullBulk();
        } else {
            out.integer(reverse ? zset.size() - 1L - rank : rank);
        }
    }

    /** ZCOUNT key min max */
    static void zcount(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ScoreRange range = ScoreRange.parse(argv[2], argv[3]);
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        out.integer(zset == null ? 0 : Math.max(0, range.endRank(zset) - range.startRank(zset)));
    }

    /** ZLEXCOUNT key min max */
    static void zlexcount(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        LexBound min = parseLexBound(argv[2]);
        LexBound max = parseLexBound(argv[3]);
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        if (zset == null) {
            out.integer(0);
            return;
        }
        long first = zset.lexFirst(min, max);
        out.integer(first < 0 ? 0 : zset.lexCountUpFrom(first, max));
    }

    // ---- ranges ----------------------------------------------------------------------------------

    /** How a range names its ends: by rank, by score or by member; AUTO until an option says. */
    private enum RangeBy { AUTO, RANK, SCORE, LEX }

    /** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    static void zrange(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 1, false, RangeBy.AUTO, 0);
    }

    /** ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count] */
    static void zrangestore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 2, true, RangeBy.AUTO, 0);
    }

    /** ZREVRANGE key start stop [WITHSCORES] */
    static void zrevrange(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 1, false, RangeBy.RANK, -1);
    }

    /** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
    static void zrangebyscore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 1, false, RangeBy.SCORE, 1);
    }

    /** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
    static void zrevrangebyscore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 1, false, RangeBy.SCORE, -1);
    }

    /** ZRANGEBYLEX key min max [LIMIT offset count] */
    static void zrangebylex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 1, false, RangeBy.LEX, 1);
    }

    /** ZREVRANGEBYLEX key max min [LIMIT offset count] */
    static void zrevrangebylex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        rangeGeneric(ctx, argv, out, 1, false, RangeBy.LEX, -1);
    }

    /**
     * The worker of the ZRANGE family (Redis's zrangeGenericCommand). {@code keyIndex} is where the
     * source key is (2 for ZRANGESTORE, after the destination); {@code by} and {@code direction}
     * (1 forward, -1 reverse, 0 not yet known) are preset by the older commands, so that their
     * options (REV, BYSCORE...) are syntax errors there.
     */
    private static void rangeGeneric(CommandContext ctx, byte[][] argv, ReplyWriter out, int keyIndex,
                                     boolean store, RangeBy by, int direction) {
        int minIndex = keyIndex + 1;
        int maxIndex = keyIndex + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (!store && Bytes.is(argv[j], "withscores")) {
                withScores = true;
            } else if (left >= 2 && Bytes.is(argv[j], "limit")) {
                offset = Bytes.parseLong(argv[j + 1]);
                limit = Bytes.parseLong(argv[j + 2]);
                j += 2;
            } else if (direction == 0 && Bytes.is(argv[j], "rev")) {
                direction = -1;
            } else if (by == RangeBy.AUTO && Bytes.is(argv[j], "bylex")) {
                by = RangeBy.LEX;
            } else if (by == RangeBy.AUTO && Bytes.is(argv[j], "byscore")) {
                by = RangeBy.SCORE;
            } else {
                throw Errors.SYNTAX;
            }
        }
        boolean reverse = direction < 0;
        if (by == RangeBy.AUTO) {
            by = RangeBy.RANK;
        }
        // Redis checks for an explicit limit: "LIMIT 5 -1" passes with a rank range, and is ignored
        if (limit != -1 && by == RangeBy.RANK) {
            throw LIMIT_WITHOUT_BY;
        }
        if (withScores && by == RangeBy.LEX) {
            throw WITHSCORES_BYLEX;
        }
        if (reverse && by != RangeBy.RANK) {
            // the reverse forms take the range as max, min
            int swap = minIndex;
            minIndex = maxIndex;
            maxIndex = swap;
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexBound lexMin = null;
        LexBound lexMax = null;
        switch (by) {
            case SCORE -> scores = ScoreRange.parse(argv[minIndex], argv[maxIndex]);
            case LEX -> {
                lexMin = parseLexBound(argv[minIndex]);
                lexMax = parseLexBound(argv[maxIndex]);
            }
            default -> {
                start = Bytes.parseLong(argv[minIndex]);
                end = Bytes.parseLong(argv[maxIndex]);
            }
        }

        SortedSetValue zset = lookupRead(ctx, argv[keyIndex]);
        long first = 0;
        long count = 0;
        if (zset != null) {
            long size = zset.size();
            switch (by) {
                case SCORE -> {
                    long from = scores.startRank(zset);
                    long to = scores.endRank(zset);
                    count = limitCount(to - from, offset, limit);
                    first = reverse ? to - 1 - offset : from + offset;
                }
                case LEX -> {
                    long edge = reverse ? zset.lexLast(lexMin, lexMax) : zset.lexFirst(lexMin, lexMax);
                    if (edge >= 0 && offset >= 0) {
                        first = reverse ? edge - offset : edge + offset;
                        long run = reverse ? zset.lexCountDownFrom(first, lexMin) : zset.lexCountUpFrom(first, lexMax);
                        count = limit < 0 ? run : Math.min(limit, run);
                    }
                }
                default -> {
                    long[] ranks = clampRanks(start, end, size);
                    if (ranks != null) {
                        count = ranks[1] - ranks[0] + 1;
                        first = reverse ? size - 1 - ranks[0] : ranks[0];
                    }
                }
            }
        }
        if (store) {
            storeRange(ctx, argv[1], zset, first, count, reverse, out);
        } else {
            replyRange(zset, first, count, reverse, withScores, out);
        }
    }

    /** How many of {@code available} entries LIMIT offset count lets through (a negative offset: none). */
    private static long limitCount(long available, long offset, long limit) {
        if (offset < 0 || available - offset <= 0) {
            return 0;
        }
        long left = available - offset;
        return limit < 0 ? left : Math.min(limit, left);
    }

    /**
     * A rank range as Redis clamps it: negative ranks count from the end, then the range is cut to
     * the set; null when empty. Returns {first, last}, inclusive.
     */
    private static long[] clampRanks(long start, long end, long size) {
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return null;
        }
        if (end >= size) {
            end = size - 1;
        }
        return new long[] {start, end};
    }

    /**
     * Replies with {@code count} members walking from rank {@code first} (downwards when reversed):
     * with scores as a flat list in RESP2 and as [member, score] pairs in RESP3, as Redis does.
     */
    private static void replyRange(SortedSetValue zset, long first, long count, boolean reverse, boolean withScores,
                                   ReplyWriter out) {
        boolean pairs = withScores && out.protocol() >= 3;
        out.arrayHeader((int) (withScores && !pairs ? count * 2 : count));
        if (count == 0) {
            return;
        }
        SortedSetValue.Cursor c = zset.cursor(first);
        for (long i = 0; i < count; i++) {
            if (pairs) {
                out.arrayHeader(2);
            }
            out.bulk(c.memberArray(), c.memberOffset(), c.memberLength());
            if (withScores) {
                out.doubleValue(c.score());
            }
            if (reverse) {
                c.previous();
            } else {
                c.next();
            }
        }
    }

    /** ZRANGESTORE's end: the selected members replace the destination (an empty result deletes it). */
    private static void storeRange(CommandContext ctx, byte[] dst, SortedSetValue zset, long first, long count,
                                   boolean reverse, ReplyWriter out) {
        int n = (int) count;
        byte[][] members = new byte[n][];
        double[] scores = new double[n];
        if (n > 0) {
            // the selection is one block of ranks: copy it in ascending order
            SortedSetValue.Cursor c = zset.cursor(reverse ? first - count + 1 : first);
            for (int i = 0; i < n; i++, c.next()) {
                members[i] = c.member();
                scores[i] = c.score();
            }
        }
        storeResult(ctx, dst, members, scores, n, "zrangestore", out);
    }

    /**
     * Stores a sorted result at {@code dst} (replacing whatever was there) with the keyspace event
     * {@code event}, or deletes it if empty (event "del", if there was one).
     */
    private static void storeResult(CommandContext ctx, byte[] dst, byte[][] members, double[] scores, int n,
                                    String event, ReplyWriter out) {
        Database db = ctx.db();
        if (n == 0) {
            if (db.delete(dst)) {
                ctx.dirty();
                ctx.notify(Notifier.GENERIC, "del", dst);
            }
            out.integer(0);
            return;
        }
        db.set(dst, SortedSetValue.fromSorted(members, scores, n, config(ctx)));
        ctx.dirty();
        ctx.notify(Notifier.ZSET, event, dst);
        out.integer(n);
    }

    // ---- range removal ---------------------------------------------------------------------------

    /** ZREMRANGEBYRANK key start stop */
    static void zremrangebyrank(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long start = Bytes.parseLong(argv[2]);
        long end = Bytes.parseLong(argv[3]);
        SortedSetValue zset = asZset(ctx.db().getForWrite(argv[1]));
        long[] ranks = zset == null ? null : clampRanks(start, end, zset.size());
        if (ranks == null) {
            out.integer(0);
            return;
        }
        removeRanks(ctx, argv[1], zset, ranks[0], ranks[1] + 1, "zremrangebyrank", out);
    }

    /** ZREMRANGEBYSCORE key min max */
    static void zremrangebyscore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ScoreRange range = ScoreRange.parse(argv[2], argv[3]);
        SortedSetValue zset = asZset(ctx.db().getForWrite(argv[1]));
        if (zset == null) {
            out.integer(0);
            return;
        }
        removeRanks(ctx, argv[1], zset, range.startRank(zset), range.endRank(zset), "zremrangebyscore", out);
    }

    /** ZREMRANGEBYLEX key min max */
    static void zremrangebylex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        LexBound min = parseLexBound(argv[2]);
        LexBound max = parseLexBound(argv[3]);
        SortedSetValue zset = asZset(ctx.db().getForWrite(argv[1]));
        long first = zset == null ? -1 : zset.lexFirst(min, max);
        if (first < 0) {
            out.integer(0);
            return;
        }
        removeRanks(ctx, argv[1], zset, first, first + zset.lexCountUpFrom(first, max), "zremrangebylex", out);
    }

    /** Removes ranks {@code [from, to)}, with the command's {@code event} (and "del" if that empties the key). */
    private static void removeRanks(CommandContext ctx, byte[] key, SortedSetValue zset, long from, long to,
                                    String event, ReplyWriter out) {
        long removed = Math.max(0, to - from);
        if (removed > 0) {
            boolean all = removed == zset.size();
            if (all) {
                ctx.db().delete(key);
            } else {
                zset.removeRange(from, to);
            }
            ctx.dirty(removed);
            ctx.notify(Notifier.ZSET, event, key);
            if (all) {
                ctx.notify(Notifier.GENERIC, "del", key);
            }
        }
        out.integer(removed);
    }

    // ---- pops ----------------------------------------------------------------------------------

    /** ZPOPMIN key [count] */
    static void zpopmin(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        popCommand(ctx, argv, out, false);
    }

    /** ZPOPMAX key [count] */
    static void zpopmax(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        popCommand(ctx, argv, out, true);
    }

    private static void popCommand(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean max) {
        if (argv.length > 3) {
            throw Errors.SYNTAX;
        }
        long count = -1;
        if (argv.length == 3) {
            count = Bytes.parseLong(argv[2], NOT_POSITIVE);
            if (count < 0) {
                throw NOT_POSITIVE;
            }
        }
        // with a count, RESP3 gets [member, score] pairs; RESP2, and the single pop, a flat list
        boolean nested = count != -1 && out.protocol() >= 3;
        if (!popFirstExisting(ctx, argv, 1, 1, max, count, false, nested, false, out)) {
            out.emptyArray();
        }
    }

    /** ZMPOP numkeys key [key ...] MIN | MAX [COUNT count] */
    static void zmpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        MultiPop pop = MultiPop.parse(argv, 1);
        if (!popFirstExisting(ctx, argv, 2, pop.numKeys, pop.max, pop.count, true, true, true, out)) {
            out.nullArray();
        }
    }

    /** BZPOPMIN key [key ...] timeout */
    static void bzpopmin(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        blockingPop(ctx, argv, out, false);
    }

    /** BZPOPMAX key [key ...] timeout */
    static void bzpopmax(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        blockingPop(ctx, argv, out, true);
    }

    private static void blockingPop(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean max) {
        long timeout = ListCommands.timeoutMillis(ctx, argv[argv.length - 1]);
        int numKeys = argv.length - 2;
        if (serveBlocked(ctx, argv, 1, numKeys, max, -1, false, out)) {
            return;
        }
        if (ctx.block(Arrays.asList(argv).subList(1, 1 + numKeys), timeout)) {
            return;
        }
        out.nullArray();
    }

    /** BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count] */
    static void bzmpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        MultiPop pop = MultiPop.parse(argv, 2); // before the timeout, as Redis does
        long timeout = ListCommands.timeoutMillis(ctx, argv[1]);
        if (serveBlocked(ctx, argv, 3, pop.numKeys, pop.max, pop.count, true, out)) {
            return;
        }
        if (ctx.block(Arrays.asList(argv).subList(3, 3 + pop.numKeys), timeout)) {
            return;
        }
        out.nullArray();
    }

    /**
     * Serves a blocking pop if it can: at once from the first sorted set that exists, or, when a
     * blocked client runs again, from the key that was written only, and only if it now holds a
     * sorted set (otherwise the client keeps waiting, as in Redis). Never serves a timed-out client.
     */
    private static boolean serveBlocked(CommandContext ctx, byte[][] argv, int firstKey, int numKeys, boolean max,
                                        long count, boolean nested, ReplyWriter out) {
        BlockState state = ctx.blockState();
        if (state.timedOut()) {
            return false;
        }
        if (!state.isRerun()) {
            return popFirstExisting(ctx, argv, firstKey, numKeys, max, count, true, nested, true, out);
        }
        byte[] ready = state.readyKey();
        if (!(ctx.db().peek(ready) instanceof SortedSetValue)) {
            return false;
        }
        return popFirstExisting(ctx, new byte[][] {argv[0], ready}, 1, 1, max, count, true, nested, true, out);
    }

    /** The arguments of ZMPOP (and BZMPOP, whose numkeys comes after the timeout). */
    record MultiPop(int numKeys, boolean max, long count) {
        /** Parses {@code numkeys key... MIN|MAX [COUNT count]} with numkeys at {@code numKeysIndex}. */
        static MultiPop parse(byte[][] argv, int numKeysIndex) {
            long numKeys = Bytes.parseLong(argv[numKeysIndex], NUMKEYS_NOT_POSITIVE);
            if (numKeys < 1) {
                throw NUMKEYS_NOT_POSITIVE;
            }
            if (numKeys >= argv.length - numKeysIndex - 1) {
                throw Errors.SYNTAX; // no room left for MIN|MAX
            }
            int whereIndex = numKeysIndex + 1 + (int) numKeys;
            boolean max;
            if (Bytes.is(argv[whereIndex], "min")) {
                max = false;
            } else if (Bytes.is(argv[whereIndex], "max")) {
                max = true;
            } else {
                throw Errors.SYNTAX;
            }
            long count = -1;
            for (int j = whereIndex + 1; j < argv.length; j++) {
                if (count == -1 && j + 1 < argv.length && Bytes.is(argv[j], "count")) {
                    count = Bytes.parseLong(argv[++j], COUNT_NOT_POSITIVE);
                    if (count < 1) {
                        throw COUNT_NOT_POSITIVE;
                    }
                } else {
                    throw Errors.SYNTAX;
                }
            }
            return new MultiPop((int) numKeys, max, count == -1 ? 1 : count);
        }
    }

    /**
     * The pop worker (Redis's genericZpopCommand), shared by ZPOPMIN, ZPOPMAX and ZMPOP and meant
     * for BZPOPMIN, BZPOPMAX and BZMPOP: pops from the first of {@code argv[firstKey..+numKeys)} that
     * exists (WRONGTYPE if that one is not a sorted set), replies and propagates.
     *
     * @param max      pop the highest scores (else the lowest)
     * @param count    how many to pop; -1 for the single pop of ZPOPMIN key (and BZPOPMIN)
     * @param emitKey  the reply names the key (ZMPOP, BZPOPMIN, BZMPOP)
     * @param nested   each member and score is a two-element array (ZMPOP; ZPOPMIN with count in RESP3)
     * @param rewrite  propagate {@code ZPOPMIN|ZPOPMAX key [popped]} instead of the client's command
     *                 (ZMPOP and the blocking forms, so that replicas never wait), as Redis 7.0 does
     * @return false, with nothing replied or changed, when no key exists: the caller replies (or blocks)
     */
    static boolean popFirstExisting(CommandContext ctx, byte[][] argv, int firstKey, int numKeys, boolean max,
                                    long count, boolean emitKey, boolean nested, boolean rewrite, ReplyWriter out) {
        Database db = ctx.db();
        for (int k = 0; k < numKeys; k++) {
            byte[] key = argv[firstKey + k];
            SortedSetValue zset = asZset(count == 0 ? db.get(key) : db.getForWrite(key));
            if (zset == null) {
                continue;
            }
            if (count == 0) {
                out.emptyArray();
                return true;
            }
            int size = zset.size();
            int n = (int) Math.min(count < 0 ? 1 : count, size);
            if (emitKey && nested) {
                out.arrayHeader(2);
                out.bulk(key);
                out.arrayHeader(n);
            } else if (emitKey) {
                out.arrayHeader(n * 2 + 1);
                out.bulk(key);
            } else {
                out.arrayHeader(nested ? n : n * 2);
            }
            SortedSetValue.Cursor c = zset.cursor(max ? size - 1 : 0);
            for (int i = 0; i < n; i++) {
                if (nested) {
                    out.arrayHeader(2);
                }
                out.bulk(c.memberArray(), c.memberOffset(), c.memberLength());
                out.doubleValue(c.score());
                if (max) {
                    c.previous();
                } else {
                    c.next();
                }
            }
            if (n == size) {
                db.delete(key);
            } else if (max) {
                zset.removeRange(size - n, size);
            } else {
                zset.removeRange(0, n);
            }
            ctx.dirty(n);
            ctx.notify(Notifier.ZSET, max ? "zpopmax" : "zpopmin", key);
            if (n == size) {
                ctx.notify(Notifier.GENERIC, "del", key);
            }
            if (rewrite) {
                byte[] pop = max ? ZPOPMAX : ZPOPMIN;
                // a single pop (BZPOPMIN) as ZPOPMIN key, a counted one with the number popped (ZMPOP)
                if (count < 0) {
                    ctx.rewriteAs(pop, key);
                } else {
                    ctx.rewriteAs(pop, key, Bytes.toBytes(n));
                }
            }
            return true;
        }
        return false;
    }

    // ---- ZRANDMEMBER ---------------------------------------------------------------------------

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    static void zrandmember(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length >= 3) {
            long count = Bytes.parseLong(argv[2]);
            if (count == Long.MIN_VALUE) {
                throw COUNT_OUT_OF_RANGE;
            }
            if (argv.length > 4 || (argv.length == 4 && !Bytes.is(argv[3], "withscores"))) {
                throw Errors.SYNTAX;
            }
            boolean withScores = argv.length == 4;
            // the doubled RESP2 reply must not overflow
            if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw VALUE_OUT_OF_RANGE;
            }
            randomWithCount(ctx, argv[1], count, withScores, out);
            return;
        }
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        if (zset == null) {
            out.nullBulk();
            return;
        }
        int pos = zset.randomPosition(ThreadLocalRandom.current());
        out.bulk(zset.memberArrayAt(pos), zset.memberOffsetAt(pos), zset.memberLengthAt(pos));
    }

    private static void randomWithCount(CommandContext ctx, byte[] key, long count, boolean withScores,
                                        ReplyWriter out) {
        SortedSetValue zset = lookupRead(ctx, key);
        if (zset == null || count == 0) {
            out.emptyArray();
            return;
        }
        boolean pairs = withScores && out.protocol() >= 3;
        long length = RandomSampler.resultCount(count, zset.size()) * (withScores && !pairs ? 2 : 1);
        if (length > Integer.MAX_VALUE) {
            throw VALUE_OUT_OF_RANGE; // Redis would try to send it all; we refuse a reply we cannot frame
        }
        out.arrayHeader((int) length);
        RandomSampler.sample(zset, count, ThreadLocalRandom.current(), pos -> {
            if (pairs) {
                out.arrayHeader(2);
            }
            out.bulk(zset.memberArrayAt(pos), zset.memberOffsetAt(pos), zset.memberLengthAt(pos));
            if (withScores) {
                out.doubleValue(zset.scoreAt(pos));
            }
        });
    }

    // ---- ZUNION ZINTER ZDIFF (and STORE), ZINTERCARD ---------------------------------------------

    private enum SetOp { UNION, INTER, DIFF }

    private static final int SUM = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;

    /** ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
    static void zunion(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 1, null, SetOp.UNION, false);
    }

    /** ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
    static void zinter(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 1, null, SetOp.INTER, false);
    }

    /** ZDIFF numkeys key [key ...] [WITHSCORES] */
    static void zdiff(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 1, null, SetOp.DIFF, false);
    }

    /** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
    static void zunionstore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 2, argv[1], SetOp.UNION, false);
    }

    /** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
    static void zinterstore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 2, argv[1], SetOp.INTER, false);
    }

    /** ZDIFFSTORE destination numkeys key [key ...] */
    static void zdiffstore(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 2, argv[1], SetOp.DIFF, false);
    }

    /** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
    static void zintercard(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        setOperation(ctx, argv, out, 1, null, SetOp.INTER, true);
    }

    /** One input of a set operation: a sorted set, a plain set (every score 1) or a missing key. */
    private static final class Input {
        final Object value;
        double weight = 1;

        Input(Object value) {
            this.value = value;
        }

        int size() {
            if (value instanceof SortedSetValue zset) {
                return zset.size();
            }
            return value == null ? 0 : ((MemberCollection) value).size();
        }

        /** The member's score, NaN if absent. */
        double score(byte[] member) {
            if (value instanceof SortedSetValue zset) {
                return zset.score(member);
            }
            return value != null && ((MemberCollection) value).contains(member) ? 1 : Double.NaN;
        }

        void forEach(EntryVisitor visitor) {
            if (value instanceof SortedSetValue zset) {
                for (int pos = zset.firstPosition(); pos >= 0; pos = zset.nextPosition(pos)) {
                    visitor.accept(zset.memberAt(pos), zset.scoreAt(pos));
                }
            } else if (value != null) {
                ((MemberCollection) value).forEachMember(member -> visitor.accept(member, 1));
            }
        }
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void accept(byte[] member, double score);
    }

    /**
     * The worker of ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's
     * zunionInterDiffGenericCommand). Inputs are read and type-checked before the options are
     * parsed, as in Redis. Union and intersection take the inputs from the smallest to the largest
     * (a stable order), which decides how sums of floating-point scores round.
     */
    private static void setOperation(CommandContext ctx, byte[][] argv, ReplyWriter out, int numKeysIndex,
                                     byte[] dst, SetOp op, boolean cardinalityOnly) {
        long numKeys = Bytes.parseLong(argv[numKeysIndex]);
        if (numKeys < 1) {
            throw new CommandError("ERR at least 1 input key is needed for '" + ctx.command().fullName()
                    + "' command");
        }
        if (numKeys > argv.length - (numKeysIndex + 1)) {
            throw Errors.SYNTAX;
        }
        int n = (int) numKeys;
        Input[] inputs = new Input[n];
        for (int i = 0; i < n; i++) {
            Object value = ctx.db().get(argv[numKeysIndex + 1 + i]);
            if (value != null && !(value instanceof SortedSetValue) && !(value instanceof MemberCollection)) {
                throw Errors.WRONGTYPE;
            }
            inputs[i] = new Input(value);
        }
        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        for (int j = numKeysIndex + 1 + n; j < argv.length; ) {
            int remaining = argv.length - j;
            boolean weighted = op != SetOp.DIFF && !cardinalityOnly;
            if (weighted && remaining >= n + 1 && Bytes.is(argv[j], "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    inputs[i].weight = Bytes.parseDouble(argv[j], WEIGHT_NOT_FLOAT);
                }
            } else if (weighted && remaining >= 2 && Bytes.is(argv[j], "aggregate")) {
                byte[] mode = argv[j + 1];
                if (Bytes.is(mode, "sum")) {
                    aggregate = SUM;
                } else if (Bytes.is(mode, "min")) {
                    aggregate = MIN;
                } else if (Bytes.is(mode, "max")) {
                    aggregate = MAX;
                } else {
                    throw Errors.SYNTAX;
                }
                j += 2;
            } else if (dst == null && !cardinalityOnly && Bytes.is(argv[j], "withscores")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && Bytes.is(argv[j], "limit")) {
                limit = Bytes.parseLong(argv[j + 1], LIMIT_NEGATIVE);
                if (limit < 0) {
                    throw LIMIT_NEGATIVE;
                }
                j += 2;
            } else {
                throw Errors.SYNTAX;
            }
        }

        if (op != SetOp.DIFF) {
            sortBySize(inputs);
        }
        if (cardinalityOnly) {
            out.integer(intersectionSize(inputs, limit));
            return;
        }
        Result result = switch (op) {
            case UNION -> union(inputs, aggregate);
            case INTER -> intersection(inputs, aggregate);
            case DIFF -> difference(inputs);
        };
        SortedSetValue.sort(result.members, result.scores, result.size);
        if (dst != null) {
            String event = switch (op) {
                case UNION -> "zunionstore";
                case INTER -> "zinterstore";
                case DIFF -> "zdiffstore";
            };
            storeResult(ctx, dst, result.members, result.scores, result.size, event, out);
            return;
        }
        boolean pairs = withScores && out.protocol() >= 3;
        out.arrayHeader(withScores && !pairs ? result.size * 2 : result.size);
        for (int i = 0; i < result.size; i++) {
            if (pairs) {
                out.arrayHeader(2);
            }
            out.bulk(result.members[i]);
            if (withScores) {
                out.doubleValue(result.scores[i]);
            }
        }
    }

    /** Stable insertion sort by size (Redis's qsort by cardinality; glibc's sorts small arrays stably). */
    private static void sortBySize(Input[] inputs) {
        for (int i = 1; i < inputs.length; i++) {
            Input x = inputs[i];
            int size = x.size();
            int j = i - 1;
            while (j >= 0 && inputs[j].size() > size) {
                inputs[j + 1] = inputs[j];
                j--;
            }
            inputs[j + 1] = x;
        }
    }

    /** Members and scores of a set operation, in no particular order until sorted. */
    private static final class Result {
        byte[][] members;
        double[] scores;
        int size;

        Result(int capacity) {
            members = new byte[capacity][];
            scores = new double[capacity];
        }

        void add(byte[] member, double score) {
            if (size == members.length) {
                members = Arrays.copyOf(members, Math.max(8, size * 2));
                scores = Arrays.copyOf(scores, members.length);
            }
            members[size] = member;
            scores[size++] = score;
        }
    }

    /** weight * score, where 0 * inf (NaN) counts as 0, as in Redis. */
    private static double weighted(double weight, double score) {
        double value = weight * score;
        return Double.isNaN(value) ? 0 : value;
    }

    private static double aggregate(int mode, double target, double value) {
        switch (mode) {
            case MIN:
                return value < target ? value : target;
            case MAX:
                return value > target ? value : target;
            default:
                double sum = target + value;
                return Double.isNaN(sum) ? 0 : sum; // inf + -inf
        }
    }

    private static Result union(Input[] inputs, int mode) {
        int total = 0;
        for (Input input : inputs) {
            total = (int) Math.min(Integer.MAX_VALUE - 8, (long) total + input.size());
        }
        ScoreTable accumulator = new ScoreTable(Math.min(total, 1 << 20));
        for (Input input : inputs) {
            double weight = input.weight;
            input.forEach((member, score) -> {
                double value = weighted(weight, score);
                int slot = accumulator.find(member);
                if (slot < 0) {
                    accumulator.putNew(member, value);
                } else {
                    accumulator.setScoreAt(slot, aggregate(mode, accumulator.scoreAt(slot), value));
                }
            });
        }
        Result result = new Result(accumulator.size());
        for (int slot = accumulator.nextOccupied(0); slot >= 0; slot = accumulator.nextOccupied(slot + 1)) {
            result.add(accumulator.memberAt(slot), accumulator.scoreAt(slot));
        }
        return result;
    }

    private static Result intersection(Input[] inputs, int mode) {
        Input smallest = inputs[0];
        Result result = new Result(smallest.size());
        if (smallest.size() == 0) {
            return result;
        }
        smallest.forEach((member, score) -> {
            double value = weighted(smallest.weight, score);
            for (int j = 1; j < inputs.length; j++) {
                // the same key twice: its score is known already
                double other = inputs[j].value == smallest.value ? score : inputs[j].score(member);
                if (Double.isNaN(other)) {
                    return;
                }
                value = aggregate(mode, value, other * inputs[j].weight);
            }
            result.add(member, value);
        });
        return result;
    }

    private static long intersectionSize(Input[] inputs, long limit) {
        Input smallest = inputs[0];
        long[] count = new long[1];
        if (smallest.size() == 0) {
            return 0;
        }
        // a plain loop would do, but the inputs iterate through visitors: stop early by a flag
        boolean[] full = new boolean[1];
        smallest.forEach((member, score) -> {
            if (full[0]) {
                return;
            }
            for (int j = 1; j < inputs.length; j++) {
                if (inputs[j].value != smallest.value && Double.isNaN(inputs[j].score(member))) {
                    return;
                }
            }
            count[0]++;
            if (limit > 0 && count[0] >= limit) {
                full[0] = true;
            }
        });
        return count[0];
    }

    private static Result difference(Input[] inputs) {
        Input first = inputs[0];
        Result result = new Result(first.size());
        first.forEach((member, score) -> {
            for (int j = 1; j < inputs.length; j++) {
                if (!Double.isNaN(inputs[j].score(member))) {
                    return;
                }
            }
            result.add(member, score);
        });
        return result;
    }

    // ---- ZSCAN -----------------------------------------------------------------------------------

    /** ZSCAN key cursor [MATCH pattern] [COUNT count] */
    static void zscan(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long cursor = ScanArgs.parseCursor(argv[2]);
        SortedSetValue zset = lookupRead(ctx, argv[1]);
        if (zset == null) {
            ScanArgs.replyEmpty(out);
            return;
        }
        ScanArgs args = ScanArgs.parse(argv, 3, false);
        ScanArgs.Positions found = new ScanArgs.Positions();
        long next = zset.scan(cursor, args.count, args.maxBuckets(), found);
        int kept = 0;
        for (int i = 0; i < found.size; i++) {
            int pos = found.items[i];
            if (args.pattern == null || args.matches(zset.memberAt(pos))) {
                found.items[kept++] = pos;
            }
        }
        ScanArgs.replyCursor(out, next);
        out.arrayHeader(kept * 2);
        boolean compact = zset.isCompact();
        for (int i = 0; i < kept; i++) {
            int pos = found.items[i];
            out.bulk(zset.memberArrayAt(pos), zset.memberOffsetAt(pos), zset.memberLengthAt(pos));
            out.bulk(scanScoreText(zset.scoreAt(pos), compact));
        }
    }

    /**
     * A score as ZSCAN shows it: the text Redis keeps in a listpack for the compact encoding (an
     * integer when the score is one, up to 2^62), %.17g for the large one, as Redis formats them.
     */
    static String scanScoreText(double score, boolean compact) {
        if (compact && score == Math.rint(score) && Math.abs(score) <= LISTPACK_INTEGER_LIMIT) {
            return Long.toString((long) score);
        }
        return DoubleFormat.g17(score);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A score range as ZRANGEBYSCORE reads it: each end a float, "(" before it for an open end. */
    private static final class ScoreRange {
        final double min;
        final double max;
        final boolean minExclusive;
        final boolean maxExclusive;

        private ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
            this.min = min;
            this.max = max;
            this.minExclusive = minExclusive;
            this.maxExclusive = maxExclusive;
        }

        /** Redis's zslParseRange: strtod over the argument up to a NUL, NaN refused. */
        static ScoreRange parse(byte[] min, byte[] max) {
            boolean minExclusive = min.length > 0 && min[0] == '(';
            boolean maxExclusive = max.length > 0 && max[0] == '(';
            return new ScoreRange(bound(min, minExclusive), minExclusive, bound(max, maxExclusive), maxExclusive);
        }

        private static double bound(byte[] arg, boolean exclusive) {
            int from = exclusive ? 1 : 0;
            int end = from;
            while (end < arg.length && arg[end] != 0) {
                end++;
            }
            if (end == from) {
                return 0; // strtod converts nothing and stops at the end: Redis reads 0
            }
            return Strtod.parse(arg, from, end, true, false, NOT_FLOAT_RANGE);
        }

        /** The rank of the first member in the range. */
        long startRank(SortedSetValue zset) {
            return zset.countScoresBelow(min, minExclusive);
        }

        /** The rank after the last member in the range. */
        long endRank(SortedSetValue zset) {
            return zset.countScoresBelow(max, !maxExclusive);
        }
    }

    private static LexBound parseLexBound(byte[] arg) {
        LexBound bound = LexBound.parse(arg);
        if (bound == null) {
            throw NOT_LEX_RANGE;
        }
        return bound;
    }

    private static SortedSetValue lookupRead(CommandContext ctx, byte[] key) {
        return asZset(ctx.db().get(key));
    }

    /** The value as a sorted set, null if missing, or WRONGTYPE. */
    private static SortedSetValue asZset(Object value) {
        if (value == null || value instanceof SortedSetValue) {
            return (SortedSetValue) value;
        }
        throw Errors.WRONGTYPE;
    }

    private static EngineConfig config(CommandContext ctx) {
        return ctx.engine().config();
    }
}
