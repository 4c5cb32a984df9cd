package io.lodestone.engine.type;

import io.lodestone.engine.util.HeapSize;

import io.lodestone.engine.EngineConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A sorted set (Redis's t_zset.c): members with double scores, ordered by score and then by member
 * bytes (unsigned, as memcmp), in one of two encodings behind one API:
 *
 * <ul>
 *   <li><b>listpack</b> (compact): one packed {@code byte[]} of {@code [score][len member]...} entries
 *       in order, each score as 8 raw bytes and each member prefixed by its length as a varint, and
 *       nothing else. Linear search; every change allocates an exact-size array. Used while the set
 *       has at most {@code zset-max-listpack-entries} members, none longer than
 *       {@code zset-max-listpack-value} bytes.</li>
 *   <li><b>skiplist</b> (large): a counted B+tree of (score, member) for ranks and ranges in
 *       O(log n) ({@link ScoreTree}) plus a member-to-score table for O(1) lookups
 *       ({@link ScoreTable}), sharing the member arrays.</li>
 * </ul>
 *
 * <p>A set converts from listpack to skiplist when a limit is crossed and never back, as in Redis.
 * Redis keeps a listpack's scores as text, where -0 is written as "0": the compact encoding likewise
 * stores -0 as 0, and only the large one keeps a negative zero.
 *
 * <p><b>Ranks and cursors.</b> Range operations speak in ranks (0 = lowest); a {@link Cursor} walks
 * the entries in order from a rank. <b>Positions</b> ({@link #firstPosition()}, {@link #scan}...)
 * are the unordered handles of ZSCAN and ZRANDMEMBER: an entry's offset in the packed array, or a
 * slot of the member table. Cursors and positions are valid until the next change to the set.
 *
 * <p>The large encoding stores the callers' member arrays themselves (no copy) and never writes into
 * them, so callers must not modify arrays after handing them over, and {@link #copy()} may share
 * them.
 */
public final class SortedSetValue implements TypedValue, Sampleable {
    private static final byte[] EMPTY = new byte[0];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int SCORE_BYTES = 8;
    /** Redis's lpSafeToAdd: a listpack never grows past 1 GB, whatever the configured limits allow. */
    private static final long PACKED_SAFETY_LIMIT = 1L << 30;

    /** A packed {@code byte[]} (listpack) or a {@link Large} (skiplist). */
    private Object repr;

    /** The large encoding's two structures. */
    private static final class Large {
        final ScoreTree tree;
        final ScoreTable index;

        Large(ScoreTree tree, ScoreTable index) {
            this.tree = tree;
            this.index = index;
        }
    }

    /** An empty sorted set in the compact encoding. */
    public SortedSetValue() {
        this.repr = EMPTY;
    }

    private SortedSetValue(Object repr) {
        this.repr = repr;
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return repr instanceof byte[] ? "listpack" : "skiplist";
    }

    /** True while the set uses the compact (listpack) encoding. */
    @Override
    public boolean isCompact() {
        return repr instanceof byte[];
    }

    @Override
    public boolean isEmpty() {
        return repr instanceof byte[] packed ? packed.length == 0 : ((Large) repr).tree.size() == 0;
    }

    /** Number of members. */
    @Override
    public int size() {
        return repr instanceof byte[] packed ? Packed.count(packed) : ((Large) repr).tree.size();
    }

    @Override
    public SortedSetValue copy() {
        if (repr instanceof byte[] packed) {
            return new SortedSetValue(packed.clone());
        }
        Large large = (Large) repr;
        int n = large.tree.size();
        byte[][] members = new byte[n][];
        double[] scores = new double[n];
        int i = 0;
        for (ScoreTree.Leaf leaf = large.tree.head(); leaf != null; leaf = leaf.next) {
            System.arraycopy(leaf.members, 0, members, i, leaf.size);
            System.arraycopy(leaf.scores, 0, scores, i, leaf.size);
            i += leaf.size;
        }
        return new SortedSetValue(new Large(ScoreTree.build(members, scores, n), large.index.copy()));
    }

    /** O(1): the packed array, or the tree and the table (each keeps its own sums). */
    @Override
    public long memoryUsage() {
        long self = HeapSize.object(HeapSize.REFERENCE);
        if (repr instanceof byte[] packed) {
            return self + HeapSize.byteArray(packed.length);
        }
        Large large = (Large) repr;
        return self + HeapSize.object(2 * HeapSize.REFERENCE) + large.tree.memoryUsage() + large.index.memoryUsage();
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The position of {@code member} (see the class comment), or -1 if it is not in the set. */
    public int find(byte[] member) {
        if (repr instanceof byte[] packed) {
            return Packed.find(packed, member);
        }
        return ((Large) repr).index.find(member);
    }

    /** The score of {@code member}, or NaN (never a stored score) if it is not in the set. */
    public double score(byte[] member) {
        if (repr instanceof byte[] packed) {
            int at = Packed.find(packed, member);
            return at < 0 ? Double.NaN : Packed.score(packed, at);
        }
        return ((Large) repr).index.get(member);
    }

    public boolean contains(byte[] member) {
        return !Double.isNaN(score(member));
    }

    /** The rank of {@code member} in ascending order (0 = lowest score), or -1 if it is not in the set. */
    public long rank(byte[] member) {
        if (repr instanceof byte[] packed) {
            long rank = 0;
            for (int at = 0; at < packed.length; at = Packed.next(packed, at)) {
                if (Packed.memberEquals(packed, at, member)) {
                    return rank;
                }
                rank++;
            }
            return -1;
        }
        Large large = (Large) repr;
        int slot = large.index.find(member);
        return slot < 0 ? -1 : large.tree.rank(large.index.scoreAt(slot), large.index.memberAt(slot));
    }

    // ---- writes --------------------------------------------------------------------------------

    /**
     * Sets the score of {@code member}, adding it if needed; true if it is new. Converts to the
     * large encoding when the member is longer than {@code zset-max-listpack-value} or the set would
     * exceed {@code zset-max-listpack-entries} members. The score must not be NaN.
     */
    public boolean put(byte[] member, double score, EngineConfig config) {
        int pos = find(member);
        if (pos >= 0) {
            setScoreAt(pos, score);
            return false;
        }
        addNew(member, score, config);
        return true;
    }

    /**
     * Adds a member that is not in the set (ZADD looked it up with {@link #find} already), converting
     * to the large encoding first if the compact one's limits would be crossed.
     */
    public void addNew(byte[] member, double score, EngineConfig config) {
        if (repr instanceof byte[] packed) {
            if (member.length <= config.zsetMaxListpackValue()
                    && Packed.count(packed) + 1L <= config.zsetMaxListpackEntries()
                    && (long) packed.length + member.length + SCORE_BYTES + 5 <= PACKED_SAFETY_LIMIT) {
                double stored = score == 0 ? 0.0 : score; // the listpack's text form has no negative zero
                repr = Packed.insert(packed, stored, member, 0, member.length);
                return;
            }
            convertToLarge();
        }
        Large large = (Large) repr;
        large.tree.insert(score, member);
        large.index.putNew(member, score);
    }

    /** Gives the member at {@code pos} (from {@link #find}, with no change since) a new score. */
    public void setScoreAt(int pos, double score) {
        if (repr instanceof byte[] packed) {
            double stored = score == 0 ? 0.0 : score;
            if (Packed.score(packed, pos) != stored) {
                int data = Packed.memberData(packed, pos);
                int length = Packed.memberLength(packed, pos);
                byte[] member = Arrays.copyOfRange(packed, data, data + length);
                byte[] without = Packed.cut(packed, pos, data + length);
                repr = Packed.insert(without, stored, member, 0, length);
            }
            return;
        }
        Large large = (Large) repr;
        double old = large.index.scoreAt(pos);
        if (old != score) {
            byte[] member = large.index.memberAt(pos);
            large.tree.delete(old, member);
            large.tree.insert(score, member);
            large.index.setScoreAt(pos, score);
        }
    }

    /** Removes {@code member}; true if it was there. */
    public boolean remove(byte[] member) {
        if (repr instanceof byte[] packed) {
            int at = Packed.find(packed, member);
            if (at < 0) {
                return false;
            }
            repr = Packed.cut(packed, at, Packed.next(packed, at));
            return true;
        }
        Large large = (Large) repr;
        int slot = large.index.find(member);
        if (slot < 0) {
            return false;
        }
        large.tree.delete(large.index.scoreAt(slot), large.index.memberAt(slot));
        large.index.removeAt(slot);
        return true;
    }

    /** Removes the members of ranks {@code [from, to)}. */
    public void removeRange(long from, long to) {
        if (from >= to) {
            return;
        }
        if (repr instanceof byte[] packed) {
            int[] offsets = Packed.offsets(packed);
            int end = to < offsets.length ? offsets[(int) to] : packed.length;
            repr = Packed.cut(packed, offsets[(int) from], end);
            return;
        }
        Large large = (Large) repr;
        if (from == 0 && to == large.tree.size()) {
            repr = new Large(new ScoreTree(), new ScoreTable());
            return;
        }
        for (long i = from; i < to; i++) {
            large.index.remove(large.tree.deleteRank(from));
        }
    }

    private void convertToLarge() {
        byte[] packed = (byte[]) repr;
        int[] offsets = Packed.offsets(packed);
        int n = offsets.length;
        byte[][] members = new byte[n][];
        double[] scores = new double[n];
        ScoreTable index = new ScoreTable(n + 1);
        for (int i = 0; i < n; i++) {
            members[i] = Packed.member(packed, offsets[i]);
            scores[i] = Packed.score(packed, offsets[i]);
            index.putNew(members[i], scores[i]);
        }
        repr = new Large(ScoreTree.build(members, scores, n), index);
    }

    // ---- building from sorted entries ------------------------------------------------------------

    /**
     * A sorted set of the first {@code n} entries of the arrays, which must be in (score, member)
     * order with distinct members: compact when it fits the listpack limits, large otherwise (the
     * encoding Redis gives the result of ZUNIONSTORE and ZRANGESTORE).
     */
    public static SortedSetValue fromSorted(byte[][] members, double[] scores, int n, EngineConfig config) {
        boolean fits = n <= config.zsetMaxListpackEntries();
        long bytes = 0;
        for (int i = 0; i < n && fits; i++) {
            fits = members[i].length <= config.zsetMaxListpackValue();
            bytes += SCORE_BYTES + HashValue.varintSize(members[i].length) + members[i].length;
        }
        if (fits && bytes <= PACKED_SAFETY_LIMIT) {
            byte[] packed = new byte[(int) bytes];
            int off = 0;
            for (int i = 0; i < n; i++) {
                off = Packed.write(packed, off, scores[i] == 0 ? 0.0 : scores[i], members[i], 0, members[i].length);
            }
            return new SortedSetValue(packed);
        }
        ScoreTable index = new ScoreTable(n);
        for (int i = 0; i < n; i++) {
            index.putNew(members[i], scores[i]);
        }
        return new SortedSetValue(new Large(ScoreTree.build(members, scores, n), index));
    }

    /** Sorts the first {@code n} entries of the parallel arrays into (score, member) order. */
    public static void sort(byte[][] members, double[] scores, int n) {
        if (n < 2) {
            return;
        }
        byte[][] tmpMembers = new byte[n][];
        double[] tmpScores = new double[n];
        mergeSort(members, scores, tmpMembers, tmpScores, 0, n);
    }

    private static void mergeSort(byte[][] members, double[] scores, byte[][] tmpMembers, double[] tmpScores,
                                  int from, int to) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                byte[] m = members[i];
                double s = scores[i];
                int j = i - 1;
                while (j >= from && ScoreTree.compare(scores[j], members[j], s, m) > 0) {
                    members[j + 1] = members[j];
                    scores[j + 1] = scores[j];
                    j--;
                }
                members[j + 1] = m;
                scores[j + 1] = s;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(members, scores, tmpMembers, tmpScores, from, mid);
        mergeSort(members, scores, tmpMembers, tmpScores, mid, to);
        if (ScoreTree.compare(scores[mid - 1], members[mid - 1], scores[mid], members[mid]) <= 0) {
            return; // already in order
        }
        System.arraycopy(members, from, tmpMembers, from, to - from);
        System.arraycopy(scores, from, tmpScores, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && ScoreTree.compare(tmpScores[i], tmpMembers[i], tmpScores[j], tmpMembers[j]) <= 0)) {
                members[k] = tmpMembers[i];
                scores[k] = tmpScores[i++];
            } else {
                members[k] = tmpMembers[j];
                scores[k] = tmpScores[j++];
            }
        }
    }

    // ---- score ranges --------------------------------------------------------------------------

    /**
     * Number of members whose score is below {@code score} ({@code orEqual}: at most it). A score
     * range {@code [min, max]} covers ranks from {@code countScoresBelow(min, minExclusive)} up to
     * (excluding) {@code countScoresBelow(max, !maxExclusive)}.
     */
    public long countScoresBelow(double score, boolean orEqual) {
        if (repr instanceof byte[] packed) {
            long count = 0;
            for (int at = 0; at < packed.length; at = Packed.next(packed, at)) {
                double s = Packed.score(packed, at);
                if (orEqual ? s > score : s >= score) {
                    break;
                }
                count++;
            }
            return count;
        }
        return ((Large) repr).tree.countScoresBelow(score, orEqual);
    }

    // ---- lexicographic ranges ------------------------------------------------------------------

    /**
     * One end of a lexicographic range, as ZRANGEBYLEX reads it: {@code -} (below everything),
     * {@code +} (above everything), {@code [member} (inclusive) or {@code (member} (exclusive). The
     * member is kept inside the argument, after its first byte.
     */
    public static final class LexBound {
        private static final int NEGATIVE_INFINITY = -1;
        private static final int VALUE = 0;
        private static final int POSITIVE_INFINITY = 1;

        private final int kind;
        private final byte[] arg;
        private final boolean exclusive;

        private LexBound(int kind, byte[] arg, boolean exclusive) {
            this.kind = kind;
            this.arg = arg;
            this.exclusive = exclusive;
        }

        /** The bound an argument names, or null if it is not one (Redis's zslParseLexRangeItem). */
        public static LexBound parse(byte[] arg) {
            if (arg.length == 0) {
                return null;
            }
            switch (arg[0]) {
                case '+':
                case '-':
                    // C reads the argument up to a NUL: "+" must stand alone
                    if (arg.length > 1 && arg[1] != 0) {
                        return null;
                    }
                    return new LexBound(arg[0] == '+' ? POSITIVE_INFINITY : NEGATIVE_INFINITY, arg, true);
                case '(':
                    return new LexBound(VALUE, arg, true);
                case '[':
                    return new LexBound(VALUE, arg, false);
                default:
                    return null;
            }
        }

        /** The sign of (member - this bound). */
        int compareMember(byte[] b, int off, int len) {
            if (kind != VALUE) {
                return -kind;
            }
            return Arrays.compareUnsigned(b, off, off + len, arg, 1, arg.length);
        }

        boolean admitsAsMin(byte[] b, int off, int len) {
            int c = compareMember(b, off, len);
            return exclusive ? c > 0 : c >= 0;
        }

        boolean admitsAsMax(byte[] b, int off, int len) {
            int c = compareMember(b, off, len);
            return exclusive ? c < 0 : c <= 0;
        }

        /** True when no member can lie between {@code min} and {@code max} (min above max, or equal and open). */
        static boolean emptyRange(LexBound min, LexBound max) {
            int c;
            if (min.kind == max.kind && min.kind != VALUE) {
                c = 0;
            } else if (min.kind == NEGATIVE_INFINITY || max.kind == POSITIVE_INFINITY) {
                c = -1;
            } else if (min.kind == POSITIVE_INFINITY || max.kind == NEGATIVE_INFINITY) {
                c = 1;
            } else {
                c = Arrays.compareUnsigned(min.arg, 1, min.arg.length, max.arg, 1, max.arg.length);
            }
            return c > 0 || (c == 0 && (min.exclusive || max.exclusive));
        }
    }

    /** Number of members a tree search puts below {@code min} (not admitted as a minimum). */
    private static long countBelowMin(ScoreTree tree, LexBound min) {
        if (min.kind != LexBound.VALUE) {
            return min.kind == LexBound.NEGATIVE_INFINITY ? 0 : tree.size();
        }
        return tree.countMembersBelow(min.arg, 1, min.arg.length, min.exclusive);
    }

    /** Number of members a tree search puts at or below {@code max} (admitted as a maximum). */
    private static long countUpToMax(ScoreTree tree, LexBound max) {
        if (max.kind != LexBound.VALUE) {
            return max.kind == LexBound.NEGATIVE_INFINITY ? 0 : tree.size();
        }
        return tree.countMembersBelow(max.arg, 1, max.arg.length, !max.exclusive);
    }

    /**
     * Redis's quick refusal of a lexicographic range (zslIsInLexRange): empty when the bounds cross,
     * when the last member is below {@code min} or when the first member is above {@code max}.
     */
    private boolean mayHaveLexRange(LexBound min, LexBound max) {
        if (LexBound.emptyRange(min, max) || isEmpty()) {
            return false;
        }
        Cursor first = cursor(0);
        if (!max.admitsAsMax(first.memberArray(), first.memberOffset(), first.memberLength())) {
            return false;
        }
        Cursor last = cursor(size() - 1L);
        return min.admitsAsMin(last.memberArray(), last.memberOffset(), last.memberLength());
    }

    /**
     * The rank of the first member in the range, or -1, found as Redis does: the compact encoding
     * walks from the lowest entry to the first one at or above {@code min}; the large one searches
     * as if the members were in lexicographic order (true when all scores are equal).
     */
    public long lexFirst(LexBound min, LexBound max) {
        if (!mayHaveLexRange(min, max)) {
            return -1;
        }
        long rank;
        if (repr instanceof byte[] packed) {
            rank = 0;
            int at = 0;
            while (at < packed.length && !min.admitsAsMin(packed, Packed.memberData(packed, at),
                    Packed.memberLength(packed, at))) {
                at = Packed.next(packed, at);
                rank++;
            }
            if (at == packed.length) {
                return -1;
            }
        } else {
            rank = countBelowMin(((Large) repr).tree, min);
            if (rank >= size()) {
                return -1;
            }
        }
        Cursor c = cursor(rank);
        return max.admitsAsMax(c.memberArray(), c.memberOffset(), c.memberLength()) ? rank : -1;
    }

    /** How many members from rank {@code from} upwards are at most {@code max}, one after another. */
    public long lexCountUpFrom(long from, LexBound max) {
        int size = size();
        if (from < 0 || from >= size) {
            return 0;
        }
        if (repr instanceof byte[]) {
            long count = 0;
            for (Cursor c = cursor(from); c.valid(); c.next()) {
                if (!max.admitsAsMax(c.memberArray(), c.memberOffset(), c.memberLength())) {
                    break;
                }
                count++;
            }
            return count;
        }
        return Math.max(0, countUpToMax(((Large) repr).tree, max) - from);
    }

    /** The rank of the last member in the range, or -1: {@link #lexFirst} from the other end. */
    public long lexLast(LexBound min, LexBound max) {
        if (!mayHaveLexRange(min, max)) {
            return -1;
        }
        long rank;
        if (repr instanceof byte[]) {
            Cursor c = cursor(size() - 1L);
            while (c.valid() && !max.admitsAsMax(c.memberArray(), c.memberOffset(), c.memberLength())) {
                c.previous();
            }
            if (!c.valid()) {
                return -1;
            }
            rank = c.rank();
        } else {
            rank = countUpToMax(((Large) repr).tree, max) - 1;
            if (rank < 0) {
                return -1;
            }
        }
        Cursor c = cursor(rank);
        return min.admitsAsMin(c.memberArray(), c.memberOffset(), c.memberLength()) ? rank : -1;
    }

    /** How many members from rank {@code from} downwards are at least {@code min}, one after another. */
    public long lexCountDownFrom(long from, LexBound min) {
        if (from < 0 || from >= size()) {
            return 0;
        }
        if (repr instanceof byte[]) {
            long count = 0;
            for (Cursor c = cursor(from); c.valid(); c.previous()) {
                if (!min.admitsAsMin(c.memberArray(), c.memberOffset(), c.memberLength())) {
                    break;
                }
                count++;
            }
            return count;
        }
        return Math.max(0, from - countBelowMin(((Large) repr).tree, min) + 1);
    }

    // ---- ordered iteration ---------------------------------------------------------------------

    /** A cursor on the member of rank {@code rank}; invalid at once if the rank is out of range. */
    public Cursor cursor(long rank) {
        return new Cursor(this, rank);
    }

    /**
     * Walks members in order from a rank. Read the current member through {@link #memberArray()},
     * {@link #memberOffset()} and {@link #memberLength()} (no copy) and its score through
     * {@link #score()}.
     */
    public static final class Cursor {
        private final byte[] packed;
        private final int[] offsets;
        private ScoreTree.Leaf leaf;
        private int index;
        private long rank;
        private final long size;

        private Cursor(SortedSetValue set, long rank) {
            this.rank = rank;
            if (set.repr instanceof byte[] p) {
                packed = p;
                offsets = Packed.offsets(p);
                size = offsets.length;
            } else {
                packed = null;
                offsets = null;
                ScoreTree tree = ((Large) set.repr).tree;
                size = tree.size();
                if (rank >= 0 && rank < size) {
                    int[] at = new int[1];
                    leaf = tree.seek(rank, at);
                    index = at[0];
                }
            }
        }

        public boolean valid() {
            return rank >= 0 && rank < size;
        }

        /** The rank of the current member. */
        public long rank() {
            return rank;
        }

        public void next() {
            rank++;
            if (leaf != null && ++index == leaf.size) {
                leaf = leaf.next;
                index = 0;
            }
        }

        public void previous() {
            rank--;
            if (leaf != null && --index < 0) {
                leaf = leaf.prev;
                index = leaf == null ? 0 : leaf.size - 1;
            }
        }

        public double score() {
            return packed != null ? Packed.score(packed, offsets[(int) rank]) : leaf.scores[index];
        }

        public byte[] memberArray() {
            return packed != null ? packed : leaf.members[index];
        }

        public int memberOffset() {
            return packed != null ? Packed.memberData(packed, offsets[(int) rank]) : 0;
        }

        public int memberLength() {
            return packed != null ? Packed.memberLength(packed, offsets[(int) rank]) : leaf.members[index].length;
        }

        /** The current member as its own array (a copy for the compact encoding; never modify it). */
        public byte[] member() {
            return packed != null ? Packed.member(packed, offsets[(int) rank]) : leaf.members[index];
        }
    }

    // ---- positions (unordered: ZSCAN, ZRANDMEMBER) ---------------------------------------------

    /** The first position, or -1 if empty. */
    public int firstPosition() {
        if (repr instanceof byte[] packed) {
            return packed.length == 0 ? -1 : 0;
        }
        return ((Large) repr).index.nextOccupied(0);
    }

    /** The position after {@code pos}, or -1 at the end. */
    public int nextPosition(int pos) {
        if (repr instanceof byte[] packed) {
            int next = Packed.next(packed, pos);
            return next < packed.length ? next : -1;
        }
        return ((Large) repr).index.nextOccupied(pos + 1);
    }

    /** Every position. */
    @Override
    public int[] positions() {
        if (repr instanceof byte[] packed) {
            return Packed.offsets(packed);
        }
        int[] all = new int[size()];
        int n = 0;
        for (int pos = firstPosition(); pos >= 0; pos = nextPosition(pos)) {
            all[n++] = pos;
        }
        return all;
    }

    /** An exclusive upper bound of positions, for callers that mark positions in a bitmap. */
    @Override
    public int positionBound() {
        return repr instanceof byte[] packed ? packed.length : ((Large) repr).index.capacity();
    }

    /** A uniformly chosen position; the set must not be empty. */
    @Override
    public int randomPosition(RandomGenerator random) {
        if (repr instanceof byte[]) {
            int[] all = positions();
            return all[random.nextInt(all.length)];
        }
        return ((Large) repr).index.randomSlot(random);
    }

    public double scoreAt(int pos) {
        return repr instanceof byte[] packed ? Packed.score(packed, pos) : ((Large) repr).index.scoreAt(pos);
    }

    public byte[] memberArrayAt(int pos) {
        return repr instanceof byte[] packed ? packed : ((Large) repr).index.memberAt(pos);
    }

    public int memberOffsetAt(int pos) {
        return repr instanceof byte[] packed ? Packed.memberData(packed, pos) : 0;
    }

    public int memberLengthAt(int pos) {
        return repr instanceof byte[] packed ? Packed.memberLength(packed, pos) : ((Large) repr).index.memberAt(pos).length;
    }

    /** The member at {@code pos} as its own array (a copy for the compact encoding; never modify it). */
    public byte[] memberAt(int pos) {
        return repr instanceof byte[] packed ? Packed.member(packed, pos) : ((Large) repr).index.memberAt(pos);
    }

    /**
     * One ZSCAN step: visits some positions and returns the next cursor, 0 when done. A compact set is
     * visited whole in one step; a large one walks its member table as HSCAN walks a hash table.
     */
    public long scan(long cursor, long maxEntries, long maxBuckets, IntConsumer visitor) {
        if (repr instanceof byte[]) {
            for (int pos = firstPosition(); pos >= 0; pos = nextPosition(pos)) {
                visitor.accept(pos);
            }
            return 0;
        }
        return ((Large) repr).index.scan(cursor, maxEntries, maxBuckets, visitor);
    }

    /** Verifies the large encoding's invariants and that its two halves agree; for tests. */
    void check() {
        if (repr instanceof Large large) {
            large.tree.check();
            if (large.index.size() != large.tree.size()) {
                throw new IllegalStateException("index holds " + large.index.size() + ", tree " + large.tree.size());
            }
            for (ScoreTree.Leaf leaf = large.tree.head(); leaf != null; leaf = leaf.next) {
                for (int i = 0; i < leaf.size; i++) {
                    double s = large.index.get(leaf.members[i]);
                    if (Double.doubleToRawLongBits(s) != Double.doubleToRawLongBits(leaf.scores[i])) {
                        throw new IllegalStateException("index and tree disagree on a score");
                    }
                }
            }
        }
    }

    // ---- listpack: the packed encoding ---------------------------------------------------------

    /** Operations on the packed array {@code [score: 8 bytes][len][member]...}, in (score, member) order. */
    private static final class Packed {
        private Packed() {}

        static double score(byte[] packed, int at) {
            return Double.longBitsToDouble((long) LONGS.get(packed, at));
        }

        static int memberLength(byte[] packed, int at) {
            return HashValue.readVarint(packed, at + SCORE_BYTES);
        }

        /** Offset of the member bytes of the entry at {@code at}. */
        static int memberData(byte[] packed, int at) {
            int pos = at + SCORE_BYTES;
            while (packed[pos] < 0) {
                pos++;
            }
            return pos + 1;
        }

        static int next(byte[] packed, int at) {
            return memberData(packed, at) + memberLength(packed, at);
        }

        static byte[] member(byte[] packed, int at) {
            int data = memberData(packed, at);
            return Arrays.copyOfRange(packed, data, data + memberLength(packed, at));
        }

        static boolean memberEquals(byte[] packed, int at, byte[] member) {
            int len = memberLength(packed, at);
            if (len != member.length) {
                return false;
            }
            int data = memberData(packed, at);
            return Arrays.equals(packed, data, data + len, member, 0, len);
        }

        static int count(byte[] packed) {
            int count = 0;
            for (int at = 0; at < packed.length; at = next(packed, at)) {
                count++;
            }
            return count;
        }

        static int[] offsets(byte[] packed) {
            int[] offsets = new int[count(packed)];
            int i = 0;
            for (int at = 0; at < packed.length; at = next(packed, at)) {
                offsets[i++] = at;
            }
            return offsets;
        }

        /** The offset of the entry holding {@code member}, or -1. */
        static int find(byte[] packed, byte[] member) {
            for (int at = 0; at < packed.length; at = next(packed, at)) {
                if (memberEquals(packed, at, member)) {
                    return at;
                }
            }
            return -1;
        }

        /** A copy with the entry (score, member) added in order; the member must not be there. */
        static byte[] insert(byte[] packed, double score, byte[] member, int off, int len) {
            int at = 0;
            while (at < packed.length) {
                double s = score(packed, at);
                if (s > score || (s == score && Arrays.compareUnsigned(packed, memberData(packed, at),
                        memberData(packed, at) + memberLength(packed, at), member, off, off + len) > 0)) {
                    break;
                }
                at = next(packed, at);
            }
            int entrySize = SCORE_BYTES + HashValue.varintSize(len) + len;
            byte[] out = new byte[packed.length + entrySize];
            System.arraycopy(packed, 0, out, 0, at);
            int end = write(out, at, score, member, off, len);
            System.arraycopy(packed, at, out, end, packed.length - at);
            return out;
        }

        /** Writes one entry at {@code at}; returns the offset after it. */
        static int write(byte[] out, int at, double score, byte[] member, int off, int len) {
            LONGS.set(out, at, Double.doubleToRawLongBits(score));
            int data = HashValue.writeVarint(out, at + SCORE_BYTES, len);
            System.arraycopy(member, off, out, data, len);
            return data + len;
        }

        /** A copy without the bytes {@code [from, to)} (whole entries). */
        static byte[] cut(byte[] packed, int from, int to) {
            if (from == 0 && to == packed.length) {
                return EMPTY;
            }
            byte[] out = new byte[packed.length - (to - from)];
            System.arraycopy(packed, 0, out, 0, from);
            System.arraycopy(packed, to, out, from, packed.length - to);
            return out;
        }
    }
}
