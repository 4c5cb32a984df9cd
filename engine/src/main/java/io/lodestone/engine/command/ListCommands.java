package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.BLOCKING;
import static io.lodestone.engine.command.CommandFlag.DENYOOM;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.READONLY;
import static io.lodestone.engine.command.CommandFlag.WRITE;

import io.lodestone.engine.blocking.BlockState;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.type.ListValue;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.LongDouble;
import java.util.Arrays;
import java.util.List;

/**
 * List commands (Redis's t_list.c), the blocking ones included. The encoding lives in
 * {@link ListValue}.
 *
 * <p>Blocking commands first try to serve at once, as their non-blocking twins do; when nothing is
 * there they wait through {@link CommandContext#block} and run again when one of their keys is
 * written, trying the key that was written ({@link BlockState#readyKey()}), as Redis serves a client
 * from the key that became ready. A re-run that finds a key of another type keeps waiting (Redis
 * only serves from lists). Served, they propagate as their non-blocking forms (BLPOP as LPOP...).
 */
public final class ListCommands {
    static final CommandError COUNT_NOT_POSITIVE = new CommandError("ERR value is out of range, must be positive");
    static final CommandError INDEX_OUT_OF_RANGE = new CommandError("ERR index out of range");
    static final CommandError RANK_ZERO = new CommandError("ERR RANK can't be zero: use 1 to start from the first"
            + " match, 2 from the second ... or use negative to start from the end of the list");
    static final CommandError LPOS_COUNT_NEGATIVE = new CommandError("ERR COUNT can't be negative");
    static final CommandError LPOS_MAXLEN_NEGATIVE = new CommandError("ERR MAXLEN can't be negative");
    static final CommandError NUMKEYS_NOT_POSITIVE = new CommandError("ERR numkeys should be greater than 0");
    static final CommandError MPOP_COUNT_NOT_POSITIVE = new CommandError("ERR count should be greater than 0");
    static final CommandError TIMEOUT_NOT_FLOAT = new CommandError("ERR timeout is not a float or out of range");
    static final CommandError TIMEOUT_NEGATIVE = new CommandError("ERR timeout is negative");

    private static final byte[] LPOP = Bytes.ascii("LPOP");
    private static final byte[] RPOP = Bytes.ascii("RPOP");
    private static final byte[] LMOVE = Bytes.ascii("LMOVE");
    private static final byte[] RPOPLPUSH = Bytes.ascii("RPOPLPUSH");
    private static final byte[] LEFT = Bytes.ascii("left");
    private static final byte[] RIGHT = Bytes.ascii("right");

    private ListCommands() {}

    public static List<CommandSpec> specs() {
        String pushComplexity = "O(1) for each element added, so O(N) to add N elements when the command is called"
                + " with multiple arguments.";
        String popComplexity = "O(N) where N is the number of elements returned";
        String mpopComplexity = "O(N+M) where N is the number of provided keys and M is the number of elements"
                + " returned.";
        return List.of(
                writeFast("lpush", -3, ListCommands::lpush, DENYOOM).key(KeySpec.range(1, 0, 1, "RW", "INSERT"))
                        .since("1.0.0").summary("Prepend one or multiple elements to a list")
                        .complexity(pushComplexity).build(),
                writeFast("rpush", -3, ListCommands::rpush, DENYOOM).key(KeySpec.range(1, 0, 1, "RW", "INSERT"))
                        .since("1.0.0").summary("Append one or multiple elements to a list")
                        .complexity(pushComplexity).build(),
                writeFast("lpushx", -3, ListCommands::lpushx, DENYOOM).key(KeySpec.range(1, 0, 1, "RW", "INSERT"))
                        .since("2.2.0").summary("Prepend an element to a list, only if the list exists")
                        .complexity(pushComplexity).build(),
                writeFast("rpushx", -3, ListCommands::rpushx, DENYOOM).key(KeySpec.range(1, 0, 1, "RW", "INSERT"))
                        .since("2.2.0").summary("Append an element to a list, only if the list exists")
                        .complexity(pushComplexity).build(),
                writeFast("lpop", -2, ListCommands::lpop).key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"))
                        .since("1.0.0").summary("Remove and get the first elements in a list")
                        .complexity(popComplexity).build(),
                writeFast("rpop", -2, ListCommands::rpop).key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE"))
                        .since("1.0.0").summary("Remove and get the last elements in a list")
                        .complexity(popComplexity).build(),
                CommandSpec.builder("llen").arity(2).flags(READONLY, FAST).acl("read", "list", "fast")
                        .key(KeySpec.range(1, 0, 1, "RO")).group("list").since("1.0.0")
                        .summary("Get the length of a list").complexity("O(1)").handler(ListCommands::llen).build(),
                read("lrange", 4, ListCommands::lrange).since("1.0.0").summary("Get a range of elements from a list")
                        .complexity("O(S+N) where S is the distance of start offset from HEAD for small lists, from"
                                + " nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the"
                                + " specified range.").build(),
                read("lindex", 3, ListCommands::lindex).since("1.0.0").summary("Get an element from a list by its index")
                        .complexity("O(N) where N is the number of elements to traverse to get to the element at"
                                + " index. This makes asking for the first or the last element of the list O(1).")
                        .build(),
                writeSlow("lset", 4, ListCommands::lset, DENYOOM).key(KeySpec.range(1, 0, 1, "RW", "UPDATE"))
                        .since("1.0.0").summary("Set the value of an element in a list by its index")
                        .complexity("O(N) where N is the length of the list. Setting either the first or the last"
                                + " element of the list is O(1).").build(),
                writeSlow("linsert", 5, ListCommands::linsert, DENYOOM).key(KeySpec.range(1, 0, 1, "RW", "INSERT"))
                        .since("2.2.0").summary("Insert an element before or after another element in a list")
                        .complexity("O(N) where N is the number of elements to traverse before seeing the value"
                                + " pivot. This means that inserting somewhere on the left end on the list (head) can"
                                + " be considered O(1) and inserting somewhere on the right end (tail) is O(N).")
                        .build(),
                writeSlow("lrem", 4, ListCommands::lrem).key(KeySpec.range(1, 0, 1, "RW", "DELETE"))
                        .since("1.0.0").summary("Remove elements from a list")
                        .complexity("O(N+M) where N is the length of the list and M is the number of elements"
                                + " removed.").build(),
                writeSlow("ltrim", 4, ListCommands::ltrim).key(KeySpec.range(1, 0, 1, "RW", "DELETE"))
                        .since("1.0.0").summary("Trim a list to the specified range")
                        .complexity("O(N) where N is the number of elements to be removed by the operation.").build(),
                read("lpos", -3, ListCommands::lpos).since("6.0.6").summary("Return the index of matching elements on a list")
                        .complexity("O(N) where N is the number of elements in the list, for the average case. When"
                                + " searching for elements near the head or the tail of the list, or when the MAXLEN"
                                + " option is provided, the command may run in constant time.").build(),
                move(writeSlow("lmove", 5, ListCommands::lmove, DENYOOM)).since("6.2.0")
                        .summary("Pop an element from a list, push it to another list and return it")
                        .complexity("O(1)").build(),
                move(writeSlow("rpoplpush", 3, ListCommands::rpoplpush, DENYOOM)).since("1.2.0")
                        .summary("Remove the last element in a list, prepend it to another list and return it")
                        .complexity("O(1)").build(),
                writeSlow("lmpop", -4, ListCommands::lmpop).key(KeySpec.keyNum(1, 0, 1, 1, "RW", "ACCESS", "DELETE"))
                        .since("7.0.0").summary("Pop elements from a list").complexity(mpopComplexity).build(),
                blocking("blpop", -3, ListCommands::blpop, NOSCRIPT)
                        .key(KeySpec.range(1, -2, 1, "RW", "ACCESS", "DELETE")).since("2.0.0")
                        .summary("Remove and get the first element in a list, or block until one is available")
                        .complexity("O(N) where N is the number of provided keys.").build(),
                blocking("brpop", -3, ListCommands::brpop, NOSCRIPT)
                        .key(KeySpec.range(1, -2, 1, "RW", "ACCESS", "DELETE")).since("2.0.0")
                        .summary("Remove and get the last element in a list, or block until one is available")
                        .complexity("O(N) where N is the number of provided keys.").build(),
                move(blocking("blmove", 6, ListCommands::blmove, DENYOOM, NOSCRIPT)).since("6.2.0")
                        .summary("Pop an element from a list, push it to another list and return it; or block until"
                                + " one is available").complexity("O(1)").build(),
                move(blocking("brpoplpush", 4, ListCommands::brpoplpush, DENYOOM, NOSCRIPT)).since("2.2.0")
                        .summary("Pop an element from a list, push it to another list and return it; or block until"
                                + " one is available").complexity("O(1)").build(),
                blocking("blmpop", -5, ListCommands::blmpop).key(KeySpec.keyNum(2, 0, 1, 1, "RW", "ACCESS", "DELETE"))
                        .since("7.0.0").summary("Pop elements from a list, or block until one is available")
                        .complexity(mpopComplexity).build());
    }

    private static CommandSpec.Builder writeFast(String name, int arity, CommandHandler handler, CommandFlag... extra) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE).flags(extra).flags(FAST)
                .acl("write", "list", "fast").group("list").handler(handler);
    }

    private static CommandSpec.Builder writeSlow(String name, int arity, CommandHandler handler, CommandFlag... extra) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE).flags(extra).acl("write", "list", "slow")
                .group("list").handler(handler);
    }

    private static CommandSpec.Builder read(String name, int arity, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity).flags(READONLY).acl("read", "list", "slow")
                .key(KeySpec.range(1, 0, 1, "RO", "ACCESS")).group("list").handler(handler);
    }

    private static CommandSpec.Builder blocking(String name, int arity, CommandHandler handler, CommandFlag... extra) {
        return CommandSpec.builder(name).arity(arity).flags(WRITE, BLOCKING).flags(extra)
                .acl("write", "list", "slow", "blocking").group("list").handler(handler);
    }

    /** The two keys of LMOVE and its kin: the source popped from, the destination pushed to. */
    private static CommandSpec.Builder move(CommandSpec.Builder builder) {
        return builder.key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "DELETE")).key(KeySpec.range(2, 0, 1, "RW", "INSERT"));
    }

    // ---- pushes --------------------------------------------------------------------------------

    /** LPUSH key element [element ...] */
    static void lpush(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        push(ctx, argv, out, true, false);
    }

    /** RPUSH key element [element ...] */
    static void rpush(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        push(ctx, argv, out, false, false);
    }

    /** LPUSHX key element [element ...]: only onto an existing list. */
    static void lpushx(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        push(ctx, argv, out, true, true);
    }

    /** RPUSHX key element [element ...]: only onto an existing list. */
    static void rpushx(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        push(ctx, argv, out, false, true);
    }

    private static void push(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean head, boolean onlyExisting) {
        Database db = ctx.db();
        ListValue list = asList(db.getForWrite(argv[1]));
        if (list == null) {
            if (onlyExisting) {
                out.integer(0);
                return;
            }
            list = new ListValue();
            db.set(argv[1], list);
        }
        int fill = fill(ctx);
        for (int i = 2; i < argv.length; i++) {
            if (head) {
                list.pushHead(argv[i], fill);
            } else {
                list.pushTail(argv[i], fill);
            }
        }
        ctx.dirty(argv.length - 2);
        out.integer(list.size());
    }

    // ---- pops ----------------------------------------------------------------------------------

    /** LPOP key [count] */
    static void lpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        pop(ctx, argv, out, true);
    }

    /** RPOP key [count] */
    static void rpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        pop(ctx, argv, out, false);
    }

    private static void pop(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean head) {
        if (argv.length > 3) {
            throw Errors.arity(head ? "lpop" : "rpop"); // the table says -2: Redis checks the rest here
        }
        boolean withCount = argv.length == 3;
        long count = 1;
        if (withCount) {
            count = Bytes.isLong(argv[2]) ? Bytes.parseLong(argv[2]) : -1;
            if (count < 0) {
                throw COUNT_NOT_POSITIVE;
            }
        }
        Database db = ctx.db();
        if (withCount && count == 0) {
            // nothing is popped: Redis replies without touching the key
            ListValue list = asList(db.peek(argv[1]));
            if (list == null) {
                out.nullArray();
            } else {
                out.emptyArray();
            }
            return;
        }
        ListValue list = asList(db.getForWrite(argv[1]));
        if (list == null) {
            if (withCount) {
                out.nullArray();
            } else {
                out.nullBulk();
            }
            return;
        }
        if (withCount) {
            long popped = writeRange(list, head, count, out);
            removeEnd(list, head, popped);
            ctx.dirty(popped);
        } else {
            out.bulk(head ? list.popHead() : list.popTail());
            ctx.dirty();
        }
        if (list.isEmpty()) {
            db.delete(argv[1]);
        }
    }

    /** Replies up to {@code count} elements from one end, in pop order; returns how many. */
    private static long writeRange(ListValue list, boolean head, long count, ReplyWriter out) {
        long n = Math.min(count, list.size());
        out.arrayHeader((int) n);
        ListValue.Cursor c = list.cursor(head ? 0 : list.size() - 1);
        for (long i = 0; i < n; i++) {
            out.bulk(c.array(), c.offset(), c.length());
            if (head) {
                c.next();
            } else {
                c.prev();
            }
        }
        return n;
    }

    private static void removeEnd(ListValue list, boolean head, long n) {
        if (head) {
            list.removeHead(n);
        } else {
            list.removeTail(n);
        }
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** LLEN key */
    static void llen(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ListValue list = asList(ctx.db().get(argv[1]));
        out.integer(list == null ? 0 : list.size());
    }

    /** LRANGE key start stop */
    static void lrange(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long start = Bytes.parseLong(argv[2]);
        long stop = Bytes.parseLong(argv[3]);
        ListValue list = asList(ctx.db().get(argv[1]));
        if (list == null) {
            out.emptyArray();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start += size;
        }
        if (stop < 0) {
            stop += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= size) {
            out.emptyArray();
            return;
        }
        if (stop >= size) {
            stop = size - 1;
        }
        long n = stop - start + 1;
        out.arrayHeader((int) n);
        ListValue.Cursor c = list.cursor(start);
        for (long i = 0; i < n; i++) {
            out.bulk(c.array(), c.offset(), c.length());
            c.next();
        }
    }

    /** LINDEX key index */
    static void lindex(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ListValue list = asList(ctx.db().get(argv[1]));
        if (list == null) {
            out.nullBulk();
            return;
        }
        long index = normalizeIndex(Bytes.parseLong(argv[2]), list.size());
        if (index < 0) {
            out.nullBulk();
            return;
        }
        ListValue.Cursor c = list.cursor(index);
        out.bulk(c.array(), c.offset(), c.length());
    }

    /** An index counted from the tail when negative, as a position from the head; -1 if outside. */
    private static long normalizeIndex(long index, long size) {
        if (index < 0) {
            index += size;
        }
        return index >= 0 && index < size ? index : -1;
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
    static void lpos(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long rank = 1;
        long count = -1; // -1: no COUNT, reply one index
        long maxlen = 0;
        for (int i = 3; i < argv.length; i++) {
            boolean hasValue = i + 1 < argv.length;
            if (hasValue && Bytes.is(argv[i], "rank")) {
                rank = Bytes.parseLong(argv[++i]);
                if (rank == 0) {
                    throw RANK_ZERO;
                }
            } else if (hasValue && Bytes.is(argv[i], "count")) {
                count = nonNegative(argv[++i], LPOS_COUNT_NEGATIVE);
            } else if (hasValue && Bytes.is(argv[i], "maxlen")) {
                maxlen = nonNegative(argv[++i], LPOS_MAXLEN_NEGATIVE);
            } else {
                throw Errors.SYNTAX;
            }
        }
        ListValue list = asList(ctx.db().get(argv[1]));
        if (list == null) {
            if (count >= 0) {
                out.emptyArray();
            } else {
                out.nullBulk();
            }
            return;
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank; // Long.MIN_VALUE stays negative: every match then qualifies, as in Redis
        }
        long size = list.size();
        byte[] element = argv[2];
        long[] found = count >= 0 ? new long[(int) Math.min(Math.max(count, 1), Math.min(size, 1024))] : null;
        int foundCount = 0;
        long matches = 0;
        ListValue.Cursor c = list.cursor(fromTail ? size - 1 : 0);
        for (long index = 0; index < size && (maxlen == 0 || index < maxlen); index++) {
            if (c.valueEquals(element)) {
                matches++;
                if (matches >= rank) {
                    long position = fromTail ? size - 1 - index : index;
                    if (found == null) {
                        out.integer(position);
                        return;
                    }
                    if (foundCount == found.length) {
                        found = Arrays.copyOf(found, foundCount * 2);
                    }
                    found[foundCount++] = position;
                    // written as Redis computes it, wrapping for RANK -9223372036854775808
                    if (count != 0 && matches - rank + 1 >= count) {
                        break;
                    }
                }
            }
            if (fromTail) {
                c.prev();
            } else {
                c.next();
            }
        }
        if (found == null) {
            out.nullBulk();
            return;
        }
        out.arrayHeader(foundCount);
        for (int i = 0; i < foundCount; i++) {
            out.integer(found[i]);
        }
    }

    private static long nonNegative(byte[] arg, CommandError error) {
        long value = Bytes.isLong(arg) ? Bytes.parseLong(arg) : -1;
        if (value < 0) {
            throw error;
        }
        return value;
    }

    // ---- changes in place ----------------------------------------------------------------------

    /** LSET key index element */
    static void lset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Database db = ctx.db();
        ListValue list = asList(db.peek(argv[1]));
        if (list == null) {
            throw Errors.NO_SUCH_KEY;
        }
        long index = normalizeIndex(Bytes.parseLong(argv[2]), list.size());
        if (index < 0) {
            throw INDEX_OUT_OF_RANGE;
        }
        db.getForWrite(argv[1]);
        list.set(index, argv[3], fill(ctx));
        ctx.dirty();
        out.ok();
    }

    /** LINSERT key BEFORE|AFTER pivot element */
    static void linsert(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean after;
        if (Bytes.is(argv[2], "after")) {
            after = true;
        } else if (Bytes.is(argv[2], "before")) {
            after = false;
        } else {
            throw Errors.SYNTAX;
        }
        Database db = ctx.db();
        ListValue list = asList(db.peek(argv[1]));
        if (list == null) {
            out.integer(0);
            return;
        }
        ListValue.Cursor pivot = list.find(argv[3]);
        if (pivot == null) {
            out.integer(-1);
            return;
        }
        db.getForWrite(argv[1]);
        list.insert(pivot, argv[4], after, fill(ctx));
        ctx.dirty();
        out.integer(list.size());
    }

    /** LREM key count element */
    static void lrem(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long count = Bytes.parseLong(argv[2]);
        Database db = ctx.db();
        ListValue list = asList(db.peek(argv[1]));
        if (list == null) {
            out.integer(0);
            return;
        }
        if (list.find(argv[3]) == null) {
            out.integer(0); // nothing to remove: the key is not touched
            return;
        }
        db.getForWrite(argv[1]);
        long removed = list.remove(argv[3], count);
        if (list.isEmpty()) {
            db.delete(argv[1]);
        }
        ctx.dirty(removed);
        out.integer(removed);
    }

    /** LTRIM key start stop */
    static void ltrim(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long start = Bytes.parseLong(argv[2]);
        long stop = Bytes.parseLong(argv[3]);
        Database db = ctx.db();
        ListValue list = asList(db.getForWrite(argv[1]));
        if (list == null) {
            out.ok();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start += size;
        }
        if (stop < 0) {
            stop += size;
        }
        if (start < 0) {
            start = 0;
        }
        long fromHead;
        long fromTail;
        if (start > stop || start >= size) {
            fromHead = size; // an empty range: everything goes
            fromTail = 0;
        } else {
            if (stop >= size) {
                stop = size - 1;
            }
            fromHead = start;
            fromTail = size - stop - 1;
        }
        list.removeHead(fromHead);
        list.removeTail(fromTail);
        if (list.isEmpty()) {
            db.delete(argv[1]);
        }
        ctx.dirty(fromHead + fromTail);
        out.ok();
    }

    // ---- moves ---------------------------------------------------------------------------------

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
    static void lmove(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean fromHead = side(argv[3]);
        boolean toHead = side(argv[4]);
        byte[] value = move(ctx, argv[1], argv[2], fromHead, toHead);
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(value);
        }
    }

    /** RPOPLPUSH source destination (deprecated: LMOVE source destination RIGHT LEFT) */
    static void rpoplpush(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        byte[] value = move(ctx, argv[1], argv[2], false, true);
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(value);
        }
    }

    /** LEFT or RIGHT, as true for the head; anything else is a syntax error. */
    private static boolean side(byte[] arg) {
        if (Bytes.is(arg, "left")) {
            return true;
        }
        if (Bytes.is(arg, "right")) {
            return false;
        }
        throw Errors.SYNTAX;
    }

    /**
     * Pops from one end of {@code source} and pushes onto one end of {@code destination} (created if
     * missing); returns the element, or null if the source is missing. Both types are checked
     * before anything changes.
     */
    private static byte[] move(CommandContext ctx, byte[] source, byte[] destination, boolean fromHead, boolean toHead) {
        Database db = ctx.db();
        ListValue src = asList(db.peek(source));
        if (src == null) {
            return null;
        }
        ListValue dst = asList(db.peek(destination));
        db.getForWrite(source);
        byte[] value = fromHead ? src.popHead() : src.popTail();
        int fill = fill(ctx);
        if (dst == null) {
            dst = new ListValue();
            db.set(destination, dst);
        } else {
            db.getForWrite(destination);
        }
        if (toHead) {
            dst.pushHead(value, fill);
        } else {
            dst.pushTail(value, fill);
        }
        if (src.isEmpty()) {
            db.delete(source); // never the destination: that one just got an element
        }
        ctx.dirty();
        return value;
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    static void lmpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        MultiPop request = MultiPop.parse(argv, 1);
        if (!servePop(ctx, argv, request, out, null)) {
            out.nullArray();
        }
    }

    /** LMPOP's arguments: the keys at {@code [firstKey, firstKey + numKeys)}, the end, the count. */
    private record MultiPop(int firstKey, int numKeys, boolean head, long count) {
        static MultiPop parse(byte[][] argv, int numKeysIndex) {
            long numKeys = Bytes.isLong(argv[numKeysIndex]) ? Bytes.parseLong(argv[numKeysIndex]) : 0;
            if (numKeys <= 0) {
                throw NUMKEYS_NOT_POSITIVE;
            }
            int firstKey = numKeysIndex + 1;
            if (numKeys >= argv.length - firstKey) {
                throw Errors.SYNTAX; // no room left for LEFT|RIGHT
            }
            int whereIndex = firstKey + (int) numKeys;
            boolean head = side(argv[whereIndex]);
            long count = -1;
            for (int i = whereIndex + 1; i < argv.length; i++) {
                if (count == -1 && i + 1 < argv.length && Bytes.is(argv[i], "count")) {
                    byte[] value = argv[++i];
                    count = Bytes.isLong(value) ? Bytes.parseLong(value) : 0;
                    if (count <= 0) {
                        throw MPOP_COUNT_NOT_POSITIVE;
                    }
                } else {
                    throw Errors.SYNTAX;
                }
            }
            return new MultiPop(firstKey, (int) numKeys, head, count == -1 ? 1 : count);
        }
    }

    /**
     * Pops from the first non-empty list among the request's keys (only {@code onlyKey} if not
     * null), replying {@code [key, [elements]]} and propagating LPOP/RPOP key count. False when
     * nothing could be served (nothing was replied). Keys of another type are errors, unless only
     * {@code onlyKey} is tried for a blocked client, which then keeps waiting.
     */
    private static boolean servePop(CommandContext ctx, byte[][] argv, MultiPop request, ReplyWriter out,
                                    byte[] onlyKey) {
        Database db = ctx.db();
        for (int i = request.firstKey; i < request.firstKey + request.numKeys; i++) {
            byte[] key = argv[i];
            if (onlyKey != null && !Arrays.equals(key, onlyKey)) {
                continue;
            }
            Object value = db.peek(key);
            if (value == null) {
                continue;
            }
            if (!(value instanceof ListValue list)) {
                if (onlyKey != null) {
                    return false;
                }
                throw Errors.WRONGTYPE;
            }
            db.getForWrite(key);
            out.arrayHeader(2);
            out.bulk(key);
            long popped = writeRange(list, request.head, request.count, out);
            removeEnd(list, request.head, popped);
            if (list.isEmpty()) {
                db.delete(key);
            }
            ctx.dirty(popped);
            ctx.rewriteAs(request.head ? LPOP : RPOP, key, Bytes.toBytes(popped));
            return true;
        }
        return false;
    }

    // ---- blocking ------------------------------------------------------------------------------

    /** BLPOP key [key ...] timeout */
    static void blpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        blockingPop(ctx, argv, out, true);
    }

    /** BRPOP key [key ...] timeout */
    static void brpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        blockingPop(ctx, argv, out, false);
    }

    private static void blockingPop(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean head) {
        long timeout = timeoutMillis(ctx, argv[argv.length - 1]);
        Database db = ctx.db();
        BlockState state = ctx.blockState();
        if (!state.timedOut()) {
            for (int i = 1; i < argv.length - 1; i++) {
                byte[] key = argv[i];
                if (state.isRerun() && !Arrays.equals(key, state.readyKey())) {
                    continue;
                }
                Object value = db.peek(key);
                if (value == null) {
                    continue;
                }
                if (!(value instanceof ListValue list)) {
                    if (state.isRerun()) {
                        break; // a blocked client is only served from a list: it keeps waiting
                    }
                    throw Errors.WRONGTYPE;
                }
                db.getForWrite(key);
                byte[] element = head ? list.popHead() : list.popTail();
                if (list.isEmpty()) {
                    db.delete(key);
                }
                out.arrayHeader(2);
                out.bulk(key);
                out.bulk(element);
                ctx.dirty();
                ctx.rewriteAs(head ? LPOP : RPOP, key);
                return;
            }
        }
        if (ctx.block(keys(argv, 1, argv.length - 1), timeout)) {
            return;
        }
        out.nullArray();
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
    static void blmove(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        boolean fromHead = side(argv[3]);
        boolean toHead = side(argv[4]);
        long timeout = timeoutMillis(ctx, argv[5]);
        if (blockingMove(ctx, argv, out, fromHead, toHead, timeout)) {
            // served after waiting, Redis names the ends itself, in lower case
            boolean rerun = ctx.blockState().isRerun();
            ctx.rewriteAs(LMOVE, argv[1], argv[2], rerun ? word(fromHead) : argv[3], rerun ? word(toHead) : argv[4]);
        }
    }

    /** BRPOPLPUSH source destination timeout (deprecated: BLMOVE source destination RIGHT LEFT timeout) */
    static void brpoplpush(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        long timeout = timeoutMillis(ctx, argv[3]);
        if (blockingMove(ctx, argv, out, false, true, timeout)) {
            ctx.rewriteAs(RPOPLPUSH, argv[1], argv[2]);
        }
    }

    private static byte[] word(boolean head) {
        return head ? LEFT : RIGHT;
    }

    /** Moves an element if the source has one (replying it) and returns true; otherwise waits. */
    private static boolean blockingMove(CommandContext ctx, byte[][] argv, ReplyWriter out, boolean fromHead,
                                        boolean toHead, long timeout) {
        BlockState state = ctx.blockState();
        if (!state.timedOut()) {
            boolean servable = true;
            if (state.isRerun() && !(ctx.db().peek(argv[1]) instanceof ListValue)) {
                servable = false; // the source became another type: keep waiting for a list
            }
            byte[] value = servable ? move(ctx, argv[1], argv[2], fromHead, toHead) : null;
            if (value != null) {
                out.bulk(value);
                return true;
            }
        }
        if (!ctx.block(keys(argv, 1, 2), timeout)) {
            out.nullArray();
        }
        return false;
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    static void blmpop(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        MultiPop request = MultiPop.parse(argv, 2); // before the timeout, as Redis does
        long timeout = timeoutMillis(ctx, argv[1]);
        BlockState state = ctx.blockState();
        if (!state.timedOut() && servePop(ctx, argv, request, out, state.isRerun() ? state.readyKey() : null)) {
            return;
        }
        if (ctx.block(keys(argv, request.firstKey, request.firstKey + request.numKeys), timeout)) {
            return;
        }
        out.nullArray();
    }

    /**
     * A blocking command's timeout in seconds, as milliseconds (0 = wait forever). Parsed as Redis
     * does: a long double, times 1000, rounded up, converted as the processor converts (so that
     * "inf" or 1e400 come out negative); a deadline beyond the clock's range never comes.
     */
    static long timeoutMillis(CommandContext ctx, byte[] arg) {
        long millis;
        if (Bytes.isLong(arg)) {
            long seconds = Bytes.parseLong(arg);
            millis = seconds > Long.MAX_VALUE / 1000 || seconds < Long.MIN_VALUE / 1000
                    ? Long.MIN_VALUE : seconds * 1000;
        } else {
            LongDouble seconds = LongDouble.parse(arg);
            if (seconds == null) {
                throw TIMEOUT_NOT_FLOAT;
            }
            millis = seconds.times(1000).ceilToLong();
        }
        if (millis < 0) {
            throw TIMEOUT_NEGATIVE;
        }
        return millis > Long.MAX_VALUE - ctx.now() ? 0 : millis;
    }

    private static List<byte[]> keys(byte[][] argv, int from, int to) {
        return Arrays.asList(argv).subList(from, to);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ListValue asList(Object value) {
        if (value == null || value instanceof ListValue) {
            return (ListValue) value;
        }
        throw Errors.WRONGTYPE;
    }

    private static int fill(CommandContext ctx) {
        return ctx.engine().config().listMaxListpackSize();
    }
}
