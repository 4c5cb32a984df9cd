package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.type.SortedSetValue;
import io.lodestone.engine.util.DoubleFormat;
import io.lodestone.engine.util.Strtod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted sets. Written as Redis 7.0 writes them: a compact set as {@code ZSET_LISTPACK} (type 17,
 * one string holding a real listpack of member, score, member, score... in order, each score as
 * Redis's d2string text, stored as an integer entry when integral), a large one as {@code ZSET_2}
 * (type 5: the member count, then member strings each followed by its score as 8 little-endian
 * bytes, highest score first as Redis writes them). Read also from {@code ZSET} (3: scores as
 * length-prefixed text) and {@code ZSET_ZIPLIST} (12). A loaded set takes the encoding our limits
 * give it; a repeated member or a NaN score is reported as corruption, as Redis does.
 */
public final class SortedSetCodec implements RdbCodec {
    public static final SortedSetCodec INSTANCE = new SortedSetCodec();

    /** d2string prints integral scores strictly inside (-(2^52 - 1), 2^52) as integers. */
    private static final double INTEGRAL_MIN = -4503599627370495.0;
    private static final double INTEGRAL_MAX = 4503599627370496.0;
    private static final CommandError NOT_A_SCORE = new CommandError("not a score");

    private SortedSetCodec() {}

    @Override
    public Class<?> valueClass() {
        return SortedSetValue.class;
    }

    @Override
    public int[] readableTypes() {
        return new int[] {Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2, Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_ZSET_LISTPACK};
    }

    @Override
    public int typeOf(Object value) {
        return ((SortedSetValue) value).isCompact() ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2;
    }

    @Override
    public void write(RdbOutput out, Object value, RdbContext ctx) {
        SortedSetValue zset = (SortedSetValue) value;
        if (zset.isCompact()) {
            Listpack.Writer lp = ctx.listpackWriter();
            for (SortedSetValue.Cursor c = zset.cursor(0); c.valid(); c.next()) {
                lp.add(c.memberArray(), c.memberOffset(), c.memberLength());
                double score = c.score();
                if (score > INTEGRAL_MIN && score < INTEGRAL_MAX && score == (double) (long) score
                        && !(score == 0 && Double.doubleToRawLongBits(score) < 0)) {
                    lp.add((long) score);
                } else {
                    lp.add(DoubleFormat.g17(score).getBytes(StandardCharsets.US_ASCII));
                }
            }
            int size = lp.finish();
            out.writeString(lp.array(), 0, size);
            return;
        }
        int size = zset.size();
        out.writeLength(size);
        // from the highest score down, as Redis does, so that its loader inserts each at the head
        for (SortedSetValue.Cursor c = zset.cursor(size - 1); c.valid(); c.previous()) {
            out.writeString(c.memberArray(), c.memberOffset(), c.memberLength());
            out.writeBinaryDouble(c.score());
        }
    }

    @Override
    public Object read(RdbInput in, int type, RdbContext ctx) throws IOException, RdbFormatException {
        Object what = ctx.what();
        long at = in.offset();
        byte[][] members;
        double[] scores;
        int n;
        if (type == Rdb.TYPE_ZSET_2 || type == Rdb.TYPE_ZSET) {
            int count = in.readIntLength(RdbContext.named("the member count of ", what));
            members = new byte[count][];
            scores = new double[count];
            for (n = 0; n < count; n++) {
                members[n] = in.readString(RdbContext.named("a member of ", what));
                long scoreAt = in.offset();
                scores[n] = type == Rdb.TYPE_ZSET_2 ? in.readBinaryDouble(RdbContext.named("a score of ", what)) : readTextScore(in, what);
                if (Double.isNaN(scores[n])) {
                    throw new RdbFormatException(scoreAt, what + " has a NaN score");
                }
            }
        } else {
            byte[] blob = in.readString(what);
            long blobAt = in.lastBlobOffset();
            EntryVisitor.Collector elements = EntryVisitor.collector();
            if (type == Rdb.TYPE_ZSET_LISTPACK) {
                Listpack.forEach(blob, blobAt, what, elements);
            } else {
                Ziplist.forEach(blob, blobAt, what, elements);
            }
            List<byte[]> all = elements.elements();
            if (all.size() % 2 != 0) {
                throw new RdbFormatException(at, what + ": a sorted set needs an even number of elements, found "
                        + all.size());
            }
            n = all.size() / 2;
            members = new byte[n][];
            scores = new double[n];
            for (int i = 0; i < n; i++) {
                members[i] = all.get(2 * i);
                scores[i] = parseScore(all.get(2 * i + 1), at, what);
                if (Double.isNaN(scores[i])) {
                    throw new RdbFormatException(at, what + " has a NaN score");
                }
            }
        }
        if (n == 0) {
            return null;
        }
        byte[][] byMember = Arrays.copyOf(members, n);
        Arrays.sort(byMember, Arrays::compareUnsigned);
        for (int i = 1; i < n; i++) {
            if (Arrays.equals(byMember[i - 1], byMember[i])) {
                throw new RdbFormatException(at, what + " has the member " + RdbContext.describe(byMember[i]) + " twice");
            }
        }
        // as Redis, the encoding is chosen once every member is known ("convert after loading")
        SortedSetValue.sort(members, scores, n);
        return SortedSetValue.fromSorted(members, scores, n, ctx.config());
    }

    /** A score as the old ZSET type writes it: a length byte (253 NaN, 254 +inf, 255 -inf), then text. */
    private static double readTextScore(RdbInput in, Object what) throws IOException, RdbFormatException {
        long at = in.offset();
        int length = in.readUnsignedByte(RdbContext.named("a score of ", what));
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                return parseScore(in.readBytes(length, RdbContext.named("a score of ", what)), at, what);
        }
    }

    private static double parseScore(byte[] text, long at, Object what) throws RdbFormatException {
        try {
            return Strtod.parse(text, 0, text.length, false, false, NOT_A_SCORE);
        } catch (CommandError e) {
            throw new RdbFormatException(at, what + " has the score " + RdbContext.describe(text) + ", not a number");
        }
    }
}
