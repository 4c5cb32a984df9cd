package io.lodestone.engine.command;

import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.Glob;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * What the SCAN family shares (Redis's scanGenericCommand): the cursor, the MATCH / COUNT (and, for
 * SCAN, TYPE) options, and the two-element reply. The walk itself belongs to each value type.
 */
final class ScanArgs {
    static final CommandError INVALID_CURSOR = new CommandError("ERR invalid cursor");
    private static final byte[] CURSOR_ZERO = {'0'};
    private static final long DEFAULT_COUNT = 10;

    /** About how many elements one step returns. */
    long count = DEFAULT_COUNT;
    /** The MATCH pattern, or null when everything matches. */
    byte[] pattern;
    /** SCAN's TYPE option, or null. */
    byte[] type;

    private ScanArgs() {}

    /** Parses {@code [MATCH pattern] [COUNT count]} (and {@code [TYPE type]} if allowed) from {@code argv[from]}. */
    static ScanArgs parse(byte[][] argv, int from, boolean allowType) {
        ScanArgs args = new ScanArgs();
        for (int i = from; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (hasValue && Bytes.is(argv[i], "count")) {
                args.count = Bytes.parseLong(argv[i + 1]);
                if (args.count < 1) {
                    throw Errors.SYNTAX;
                }
            } else if (hasValue && Bytes.is(argv[i], "match")) {
                byte[] pattern = argv[i + 1];
                args.pattern = pattern.length == 1 && pattern[0] == '*' ? null : pattern;
            } else if (hasValue && allowType && Bytes.is(argv[i], "type")) {
                args.type = argv[i + 1];
            } else {
                throw Errors.SYNTAX;
            }
        }
        return args;
    }

    /** True if {@code subject} passes the MATCH option. */
    boolean matches(byte[] subject) {
        return pattern == null || Glob.matches(pattern, subject);
    }

    /** At most this many buckets per step, as Redis bounds a step of sparse tables: 10 x COUNT. */
    long maxBuckets() {
        return Math.min(count, Long.MAX_VALUE / 10) * 10;
    }

    /** Starts the reply: the two-element array and the next cursor; the caller writes the elements. */
    static void replyCursor(ReplyWriter out, long next) {
        out.arrayHeader(2);
        out.bulk(next == 0 ? CURSOR_ZERO : Bytes.ascii(Long.toUnsignedString(next)));
    }

    /** The whole reply for a missing key: cursor 0, no elements. */
    static void replyEmpty(ReplyWriter out) {
        replyCursor(out, 0);
        out.emptyArray();
    }

    /**
     * A SCAN cursor as Redis reads it (strtoul in base 10): an unsigned 64-bit number, optional sign
     * ("-1" wraps to 2^64-1), nothing before or after it, "" meaning 0. strtoul stops at a NUL byte
     * and Redis only checks that it stopped at the string's end, so "12\0x" reads as 12.
     */
    static long parseCursor(byte[] arg) {
        int end = arg.length;
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                end = i;
                break;
            }
        }
        if (end == 0) {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (arg[0] == '+' || arg[0] == '-') {
            negative = arg[0] == '-';
            i++;
        }
        if (i == end) {
            throw INVALID_CURSOR; // a sign without digits
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = arg[i] - '0';
            if (digit < 0 || digit > 9) {
                throw INVALID_CURSOR;
            }
            // value * 10 + digit must stay below 2^64
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw INVALID_CURSOR;
            }
            long times10 = value * 10;
            value = times10 + digit;
            if (Long.compareUnsigned(value, times10) < 0) {
                throw INVALID_CURSOR;
            }
        }
        return negative ? -value : value;
    }

    /** The positions one step visited (table slots or compact offsets), in visiting order. */
    static final class Positions implements IntConsumer {
        int[] items = new int[16];
        int size;

        @Override
        public void accept(int pos) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = pos;
        }
    }
}
