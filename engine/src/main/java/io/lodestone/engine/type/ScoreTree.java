package io.lodestone.engine.type;

import io.lodestone.engine.util.HeapSize;

import java.util.Arrays;

/**
 * The ordered half of a large sorted set: a counted B+tree of (score, member) entries, ordered by
 * score and then by member bytes (unsigned), as Redis's skiplist orders them. Rank, select-by-rank,
 * insertion, deletion and the search for a score or lexicographic bound are O(log n); iteration
 * walks the linked leaves.
 *
 * <p>Why a B+tree rather than Redis's skip list: the entries sit in parallel arrays inside leaves
 * (a {@code double} and a reference each, about 17 bytes at the usual fill), where a skip list needs
 * a node object plus level arrays per entry (about 90 bytes on a JVM). Each inner node keeps the
 * entry count of every child (the "span" of Redis's skip list), which gives ranks.
 *
 * <p>Separators: in an inner node, the separator of child {@code i >= 1} is a lower bound of that
 * child's entries and above every entry of child {@code i - 1}. A separator may be a key that was
 * since deleted; it stays a valid bound. Member arrays are the callers' and are never written to.
 * Not thread-safe.
 */
final class ScoreTree {
    static final int LEAF_MAX = 64;
    static final int LEAF_MIN = LEAF_MAX / 4;
    static final int INNER_MAX = 64;
    static final int INNER_MIN = INNER_MAX / 4;
    /** Entries per leaf (children per inner node) when built in bulk: room is left for inserts. */
    private static final int BULK_FILL = 48;

    abstract static class Node {
        int size;
    }

    static final class Leaf extends Node {
        final double[] scores = new double[LEAF_MAX];
        final byte[][] members = new byte[LEAF_MAX][];
        Leaf prev;
        Leaf next;
    }

    static final class Inner extends Node {
        final Node[] children = new Node[INNER_MAX];
        /** Number of entries under each child. */
        final int[] counts = new int[INNER_MAX];
        /** Separators: index 0 is unused (but for a moment during a split). */
        final double[] sepScores = new double[INNER_MAX];
        final byte[][] sepMembers = new byte[INNER_MAX][];
    }

    private Node root;
    private Leaf head;
    private Leaf tail;
    private int size;
    /** Inner levels above the leaves. */
    private int height;
    /** The inner nodes and child indexes of the last descent that changes the tree. */
    private Inner[] pathNodes = new Inner[4];
    private int[] pathIndexes = new int[4];
    private int pathDepth;
    /** The index in its leaf of the entry the last rank descent reached. */
    private int rankIndex;
    /** Nodes in the tree (memoryUsage: every node has the same size). */
    private int leaves = 1;
    private int inners;

    private static final long LEAF_BYTES = HeapSize.object(Integer.BYTES + 4 * HeapSize.REFERENCE)
            + HeapSize.longArray(LEAF_MAX) + HeapSize.referenceArray(LEAF_MAX);
    private static final long INNER_BYTES = HeapSize.object(Integer.BYTES + 4 * HeapSize.REFERENCE)
            + HeapSize.referenceArray(INNER_MAX) + HeapSize.intArray(INNER_MAX) + HeapSize.longArray(INNER_MAX)
            + HeapSize.referenceArray(INNER_MAX);

    /** O(1): the tree object, its descent path and its nodes; members are counted by the table. */
    long memoryUsage() {
        return HeapSize.object(5 * HeapSize.REFERENCE + 5 * Integer.BYTES)
                + HeapSize.referenceArray(pathNodes.length) + HeapSize.intArray(pathIndexes.length)
                + leaves * LEAF_BYTES + inners * INNER_BYTES;
    }

    ScoreTree() {
        Leaf leaf = new Leaf();
        root = leaf;
        head = leaf;
        tail = leaf;
    }

    int size() {
        return size;
    }

    Leaf head() {
        return head;
    }

    Leaf tail() {
        return tail;
    }

    /** The (score, member) order: scores numerically (-0 equals 0), then members as unsigned bytes. */
    static int compare(double score1, byte[] member1, double score2, byte[] member2) {
        if (score1 < score2) {
            return -1;
        }
        if (score1 > score2) {
            return 1;
        }
        return Arrays.compareUnsigned(member1, member2);
    }

    // ---- building ------------------------------------------------------------------------------

    /** A tree of the first {@code n} entries of the arrays, which are in order and distinct. */
    static ScoreTree build(byte[][] members, double[] scores, int n) {
        ScoreTree tree = new ScoreTree();
        if (n == 0) {
            return tree;
        }
        int leafCount = (n + BULK_FILL - 1) / BULK_FILL;
        Node[] level = new Node[leafCount];
        int[] counts = new int[leafCount];
        double[] minScores = new double[leafCount];
        byte[][] minMembers = new byte[leafCount][];
        Leaf previous = null;
        int from = 0;
        for (int i = 0; i < leafCount; i++) {
            int take = share(n, leafCount, i);
            Leaf leaf = new Leaf();
            System.arraycopy(scores, from, leaf.scores, 0, take);
            System.arraycopy(members, from, leaf.members, 0, take);
            leaf.size = take;
            leaf.prev = previous;
            if (previous != null) {
                previous.next = leaf;
            }
            previous = leaf;
            level[i] = leaf;
            counts[i] = take;
            minScores[i] = scores[from];
            minMembers[i] = members[from];
            from += take;
        }
        tree.leaves = leafCount;
        tree.head = (Leaf) level[0];
        tree.tail = previous;
        int height = 0;
        while (level.length > 1) {
            int parents = (level.length + BULK_FILL - 1) / BULK_FILL;
            Node[] up = new Node[parents];
            int[] upCounts = new int[parents];
            double[] upMinScores = new double[parents];
            byte[][] upMinMembers = new byte[parents][];
            int child = 0;
            for (int p = 0; p < parents; p++) {
                int take = share(level.length, parents, p);
                Inner inner = new Inner();
                tree.inners++;
                int total = 0;
                for (int c = 0; c < take; c++, child++) {
                    inner.children[c] = level[child];
                    inner.counts[c] = counts[child];
                    if (c > 0) {
                        inner.sepScores[c] = minScores[child];
                        inner.sepMembers[c] = minMembers[child];
                    }
                    total += counts[child];
                }
                inner.size = take;
                up[p] = inner;
                upCounts[p] = total;
                upMinScores[p] = minScores[child - take];
                upMinMembers[p] = minMembers[child - take];
            }
            level = up;
            counts = upCounts;
            minScores = upMinScores;
            minMembers = upMinMembers;
            height++;
        }
        tree.root = level[0];
        tree.size = n;
        tree.height = height;
        return tree;
    }

    /** Part {@code i} of {@code total} split into {@code parts} as evenly as possible. */
    private static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    // ---- searches ------------------------------------------------------------------------------

    /** The child of {@code node} whose range holds the key: the last child whose separator is <= it. */
    private static int childFor(Inner node, double score, byte[] member) {
        int lo = 1;
        int hi = node.size - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(node.sepScores[mid], node.sepMembers[mid], score, member) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The index of the first entry of {@code leaf} that is >= the key. */
    private static int lowerBound(Leaf leaf, double score, byte[] member) {
        int lo = 0;
        int hi = leaf.size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(leaf.scores[mid], leaf.members[mid], score, member) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * A test on entries that holds for a prefix of them in tree order and fails for the rest ("score
     * below 3", "before this key"). Separators, being bounds of real entries, answer it consistently.
     */
    @FunctionalInterface
    interface Prefix {
        boolean holds(double score, byte[] member);
    }

    /** The number of entries for which {@code prefix} holds: the rank at which it starts to fail. */
    long countPrefix(Prefix prefix) {
        long rank = 0;
        Node node = root;
        while (node instanceof Inner inner) {
            // the boundary lies in the last child whose separator still passes (or at its end)
            int lo = 1;
            int hi = inner.size - 1;
            int found = 0;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (prefix.holds(inner.sepScores[mid], inner.sepMembers[mid])) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            rank += sumCounts(inner, 0, found);
            node = inner.children[found];
        }
        Leaf leaf = (Leaf) node;
        int lo = 0;
        int hi = leaf.size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix.holds(leaf.scores[mid], leaf.members[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return rank + lo;
    }

    /** The rank (0-based) of an entry that is in the tree. */
    long rank(double score, byte[] member) {
        return countPrefix((s, m) -> compare(s, m, score, member) < 0);
    }

    /** Number of entries whose score is below {@code score} ({@code orEqual}: at most {@code score}). */
    long countScoresBelow(double score, boolean orEqual) {
        return orEqual ? countPrefix((s, m) -> s <= score) : countPrefix((s, m) -> s < score);
    }

    /**
     * Number of entries whose member is below {@code bound[from, to)} ({@code orEqual}: at most it),
     * searching as if the entries were ordered by member, which they are when all scores are equal
     * (the case lexicographic ranges are meant for).
     */
    long countMembersBelow(byte[] bound, int from, int to, boolean orEqual) {
        return countPrefix((s, m) -> {
            int c = Arrays.compareUnsigned(m, 0, m.length, bound, from, to);
            return orEqual ? c <= 0 : c < 0;
        });
    }

    /** The leaf holding the entry of rank {@code rank} (0 <= rank < size); its index goes to {@code at[0]}. */
    Leaf seek(long rank, int[] at) {
        Leaf leaf = descendToRank(rank, 0);
        at[0] = rankIndex;
        return leaf;
    }

    /**
     * Walks from the root to the leaf holding the entry of rank {@code rank}, adding {@code delta} to
     * the entry counts on the way (-1 when the entry is about to go) and recording the path; the
     * entry's index in the leaf goes to {@link #rankIndex}.
     */
    private Leaf descendToRank(long rank, int delta) {
        ensurePathCapacity();
        Node node = root;
        int depth = 0;
        long remaining = rank;
        while (node instanceof Inner inner) {
            int i = 0;
            while (remaining >= inner.counts[i]) {
                remaining -= inner.counts[i];
                i++;
            }
            inner.counts[i] += delta;
            pathNodes[depth] = inner;
            pathIndexes[depth] = i;
            depth++;
            node = inner.children[i];
        }
        pathDepth = depth;
        rankIndex = (int) remaining;
        return (Leaf) node;
    }

    private static long sumCounts(Inner inner, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += inner.counts[i];
        }
        return sum;
    }

    // ---- insertion -----------------------------------------------------------------------------

    /** Adds an entry whose member is not in the tree. */
    void insert(double score, byte[] member) {
        Leaf leaf = descend(score, member, 1);
        int depth = pathDepth;
        int pos = lowerBound(leaf, score, member);
        size++;
        if (leaf.size < LEAF_MAX) {
            insertInLeaf(leaf, pos, score, member);
            return;
        }
        // appending past the highest entry (rising scores, such as timestamps): keep the full leaf
        // full and start a new one, rather than leave two half-empty leaves behind
        Leaf right = leaf == tail && pos == leaf.size ? splitLeaf(leaf, leaf.size) : splitLeaf(leaf, leaf.size / 2);
        if (pos <= leaf.size && leaf.size < LEAF_MAX) {
            insertInLeaf(leaf, pos, score, member);
        } else {
            insertInLeaf(right, pos - leaf.size, score, member);
        }
        addChild(depth - 1, leaf.size, right, right.scores[0], right.members[0], right.size);
    }

    private static void insertInLeaf(Leaf leaf, int pos, double score, byte[] member) {
        int tailLength = leaf.size - pos;
        moveEntries(leaf, pos, leaf, pos + 1, tailLength);
        leaf.scores[pos] = score;
        leaf.members[pos] = member;
        leaf.size++;
    }

    /** Moves the entries of a full leaf from {@code half} on into a new leaf linked after it. */
    private Leaf splitLeaf(Leaf leaf, int half) {
        Leaf right = new Leaf();
        leaves++;
        int moved = leaf.size - half;
        moveEntries(leaf, half, right, 0, moved);
        Arrays.fill(leaf.members, half, leaf.size, null);
        right.size = moved;
        leaf.size = half;
        right.prev = leaf;
        right.next = leaf.next;
        if (leaf.next != null) {
            leaf.next.prev = right;
        } else {
            tail = right;
        }
        leaf.next = right;
        return right;
    }

    /**
     * After the node at path level {@code level + 1} split: records its new entry count and adds the
     * new right sibling to its parent, splitting parents up the path as needed.
     */
    private void addChild(int level, int leftCount, Node right, double sepScore, byte[] sepMember, int rightCount) {
        while (true) {
            if (level < 0) {
                Inner newRoot = new Inner();
                inners++;
                newRoot.children[0] = root;
                newRoot.counts[0] = leftCount;
                newRoot.children[1] = right;
                newRoot.counts[1] = rightCount;
                newRoot.sepScores[1] = sepScore;
                newRoot.sepMembers[1] = sepMember;
                newRoot.size = 2;
                root = newRoot;
                height++;
                return;
            }
            Inner parent = pathNodes[level];
            int i = pathIndexes[level];
            parent.counts[i] = leftCount;
            if (parent.size < INNER_MAX) {
                insertChildAt(parent, i + 1, right, sepScore, sepMember, rightCount);
                return;
            }
            Inner sibling = splitInner(parent);
            inners++;
            if (i + 1 <= parent.size) {
                insertChildAt(parent, i + 1, right, sepScore, sepMember, rightCount);
            } else {
                insertChildAt(sibling, i + 1 - parent.size, right, sepScore, sepMember, rightCount);
            }
            // the sibling's first separator moves up to the grandparent
            sepScore = sibling.sepScores[0];
            sepMember = sibling.sepMembers[0];
            sibling.sepMembers[0] = null;
            leftCount = (int) sumCounts(parent, 0, parent.size);
            rightCount = (int) sumCounts(sibling, 0, sibling.size);
            right = sibling;
            level--;
        }
    }

    private static void insertChildAt(Inner node, int at, Node child, double sepScore, byte[] sepMember, int count) {
        int tailLength = node.size - at;
        moveChildren(node, at, node, at + 1, tailLength);
        node.children[at] = child;
        node.counts[at] = count;
        node.sepScores[at] = sepScore;
        node.sepMembers[at] = sepMember;
        node.size++;
    }

    /** Moves the upper half of a full inner node into a new one; its separator 0 is the one to promote. */
    private static Inner splitInner(Inner node) {
        int half = node.size / 2;
        int moved = node.size - half;
        Inner right = new Inner();
        moveChildren(node, half, right, 0, moved);
        Arrays.fill(node.children, half, node.size, null);
        Arrays.fill(node.sepMembers, half, node.size, null);
        right.size = moved;
        node.size = half;
        return right;
    }

    /**
     * Walks from the root to the leaf where the key belongs, adding {@code delta} to the entry count of
     * every child taken (the entry is about to be added or removed) and recording the path.
     */
    private Leaf descend(double score, byte[] member, int delta) {
        ensurePathCapacity();
        Node node = root;
        int depth = 0;
        while (node instanceof Inner inner) {
            int i = childFor(inner, score, member);
            inner.counts[i] += delta;
            pathNodes[depth] = inner;
            pathIndexes[depth] = i;
            depth++;
            node = inner.children[i];
        }
        pathDepth = depth;
        return (Leaf) node;
    }

    private void ensurePathCapacity() {
        if (pathNodes.length <= height) {
            pathNodes = Arrays.copyOf(pathNodes, height + 4);
            pathIndexes = Arrays.copyOf(pathIndexes, height + 4);
        }
    }

    // ---- deletion ------------------------------------------------------------------------------

    /** Removes an entry that is in the tree. */
    void delete(double score, byte[] member) {
        Leaf leaf = descend(score, member, -1);
        removeFromLeaf(leaf, lowerBound(leaf, score, member));
        size--;
        rebalanceLeaf(leaf, pathDepth);
    }

    /** Removes the entry of rank {@code rank} and returns its member. */
    byte[] deleteRank(long rank) {
        Leaf leaf = descendToRank(rank, -1);
        byte[] member = leaf.members[rankIndex];
        removeFromLeaf(leaf, rankIndex);
        size--;
        rebalanceLeaf(leaf, pathDepth);
        return member;
    }

    private static void removeFromLeaf(Leaf leaf, int pos) {
        int tailLength = leaf.size - pos - 1;
        moveEntries(leaf, pos + 1, leaf, pos, tailLength);
        leaf.size--;
        leaf.members[leaf.size] = null;
    }

    /** A child that fell below the minimum pairs with its right sibling, or its left one if last. */
    private static int leftOfPair(Inner parent, int child) {
        return child + 1 < parent.size ? child : child - 1;
    }

    /** Refills a leaf that fell below the minimum from a sibling, or merges the two. */
    private void rebalanceLeaf(Leaf leaf, int depth) {
        if (depth == 0 || leaf.size >= LEAF_MIN) {
            return; // a root leaf may hold any number of entries
        }
        Inner parent = pathNodes[depth - 1];
        int li = leftOfPair(parent, pathIndexes[depth - 1]);
        int ri = li + 1;
        Leaf left = (Leaf) parent.children[li];
        Leaf right = (Leaf) parent.children[ri];
        if (left.size + right.size <= LEAF_MAX) {
            moveEntries(right, 0, left, left.size, right.size);
            left.size += right.size;
            left.next = right.next;
            if (right.next != null) {
                right.next.prev = left;
            } else {
                tail = left;
            }
            parent.counts[li] += parent.counts[ri];
            removeChildAt(parent, ri);
            leaves--;
            rebalanceInner(depth - 1);
            return;
        }
        int newLeftSize = (left.size + right.size) / 2;
        if (left.size < newLeftSize) {
            int k = newLeftSize - left.size;
            moveEntries(right, 0, left, left.size, k);
            moveEntries(right, k, right, 0, right.size - k);
            Arrays.fill(right.members, right.size - k, right.size, null);
            left.size += k;
            right.size -= k;
        } else {
            int k = left.size - newLeftSize;
            moveEntries(right, 0, right, k, right.size);
            moveEntries(left, newLeftSize, right, 0, k);
            Arrays.fill(left.members, newLeftSize, left.size, null);
            left.size -= k;
            right.size += k;
        }
        parent.counts[li] = left.size;
        parent.counts[ri] = right.size;
        parent.sepScores[ri] = right.scores[0];
        parent.sepMembers[ri] = right.members[0];
    }

    /** Refills or merges the inner node at path level {@code level} and its ancestors as needed. */
    private void rebalanceInner(int level) {
        while (true) {
            Inner node = pathNodes[level];
            if (level == 0) {
                if (node.size == 1) {
                    root = node.children[0]; // the root lost its last sibling pair: the tree gets shorter
                    height--;
                    inners--;
                }
                return;
            }
            if (node.size >= INNER_MIN) {
                return;
            }
            Inner parent = pathNodes[level - 1];
            int li = leftOfPair(parent, pathIndexes[level - 1]);
            int ri = li + 1;
            Inner left = (Inner) parent.children[li];
            Inner right = (Inner) parent.children[ri];
            if (left.size + right.size <= INNER_MAX) {
                int base = left.size;
                moveChildren(right, 0, left, base, right.size);
                // the right node's first child is bounded by the parent's separator
                left.sepScores[base] = parent.sepScores[ri];
                left.sepMembers[base] = parent.sepMembers[ri];
                left.size += right.size;
                parent.counts[li] += parent.counts[ri];
                removeChildAt(parent, ri);
                inners--;
                level--;
                continue;
            }
            int newLeftSize = (left.size + right.size) / 2;
            if (left.size < newLeftSize) {
                // rotate the right node's first k children through the parent into the left node
                int k = newLeftSize - left.size;
                int base = left.size;
                moveChildren(right, 0, left, base, k);
                left.sepScores[base] = parent.sepScores[ri];
                left.sepMembers[base] = parent.sepMembers[ri];
                parent.sepScores[ri] = right.sepScores[k];
                parent.sepMembers[ri] = right.sepMembers[k];
                int rest = right.size - k;
                moveChildren(right, k, right, 0, rest);
                Arrays.fill(right.children, rest, right.size, null);
                Arrays.fill(right.sepMembers, rest, right.size, null);
                right.sepMembers[0] = null;
                left.size += k;
                right.size = rest;
            } else {
                // rotate the left node's last k children through the parent into the right node
                int k = left.size - newLeftSize;
                moveChildren(right, 0, right, k, right.size);
                right.sepScores[k] = parent.sepScores[ri];
                right.sepMembers[k] = parent.sepMembers[ri];
                moveChildren(left, newLeftSize, right, 0, k);
                parent.sepScores[ri] = right.sepScores[0];
                parent.sepMembers[ri] = right.sepMembers[0];
                right.sepMembers[0] = null;
                Arrays.fill(left.children, newLeftSize, left.size, null);
                Arrays.fill(left.sepMembers, newLeftSize, left.size, null);
                right.size += k;
                left.size = newLeftSize;
            }
            parent.counts[li] = (int) sumCounts(left, 0, left.size);
            parent.counts[ri] = (int) sumCounts(right, 0, right.size);
            return;
        }
    }

    private static void removeChildAt(Inner node, int at) {
        int tailLength = node.size - at - 1;
        moveChildren(node, at + 1, node, at, tailLength);
        node.size--;
        node.children[node.size] = null;
        node.sepMembers[node.size] = null;
    }

    /** Copies {@code n} entries between leaves (or within one; overlapping ranges are fine). */
    private static void moveEntries(Leaf from, int fromPos, Leaf to, int toPos, int n) {
        System.arraycopy(from.scores, fromPos, to.scores, toPos, n);
        System.arraycopy(from.members, fromPos, to.members, toPos, n);
    }

    /** Copies {@code n} children with their counts and separators, as {@link #moveEntries} does. */
    private static void moveChildren(Inner from, int fromPos, Inner to, int toPos, int n) {
        System.arraycopy(from.children, fromPos, to.children, toPos, n);
        System.arraycopy(from.counts, fromPos, to.counts, toPos, n);
        System.arraycopy(from.sepScores, fromPos, to.sepScores, toPos, n);
        System.arraycopy(from.sepMembers, fromPos, to.sepMembers, toPos, n);
    }

    // ---- checks --------------------------------------------------------------------------------

    /** Verifies every invariant (order, counts, separators, links, fill); for tests. */
    void check() {
        long[] seen = new long[1];
        checkNode(root, 0, null, Double.NaN, null, Double.NaN, seen);
        if (seen[0] != size) {
            throw new IllegalStateException("size " + size + " but " + seen[0] + " entries");
        }
        long linked = 0;
        Leaf previous = null;
        for (Leaf leaf = head; leaf != null; leaf = leaf.next) {
            if (leaf.prev != previous) {
                throw new IllegalStateException("broken prev link");
            }
            linked += leaf.size;
            previous = leaf;
        }
        if (previous != tail || linked != size) {
            throw new IllegalStateException("leaf chain holds " + linked + " of " + size);
        }
    }

    private int checkNode(Node node, int depth, byte[] loMember, double loScore, byte[] hiMember, double hiScore,
                          long[] seen) {
        boolean isRoot = node == root;
        if (node instanceof Leaf leaf) {
            if (depth != height) {
                throw new IllegalStateException("leaf at depth " + depth + " of " + height);
            }
            // the last leaf may be short: appends start it with one entry
            if (!isRoot && leaf != tail && leaf.size < LEAF_MIN) {
                throw new IllegalStateException("underfull leaf: " + leaf.size);
            }
            for (int i = 0; i < leaf.size; i++) {
                if (i > 0 && compare(leaf.scores[i - 1], leaf.members[i - 1], leaf.scores[i], leaf.members[i]) >= 0) {
                    throw new IllegalStateException("leaf out of order");
                }
                checkBounds(leaf.scores[i], leaf.members[i], loMember, loScore, hiMember, hiScore);
            }
            seen[0] += leaf.size;
            return leaf.size;
        }
        Inner inner = (Inner) node;
        if (inner.size < (isRoot ? 2 : INNER_MIN)) {
            throw new IllegalStateException("underfull inner node: " + inner.size);
        }
        int total = 0;
        for (int i = 0; i < inner.size; i++) {
            byte[] lo = i == 0 ? loMember : inner.sepMembers[i];
            double los = i == 0 ? loScore : inner.sepScores[i];
            byte[] hi = i + 1 < inner.size ? inner.sepMembers[i + 1] : hiMember;
            double his = i + 1 < inner.size ? inner.sepScores[i + 1] : hiScore;
            int count = checkNode(inner.children[i], depth + 1, lo, los, hi, his, seen);
            if (count != inner.counts[i]) {
                throw new IllegalStateException("count " + inner.counts[i] + " but " + count + " entries");
            }
            total += count;
        }
        return total;
    }

    private static void checkBounds(double score, byte[] member, byte[] loMember, double loScore, byte[] hiMember,
                                    double hiScore) {
        if (loMember != null && compare(score, member, loScore, loMember) < 0) {
            throw new IllegalStateException("entry below its separator");
        }
        if (hiMember != null && compare(score, member, hiScore, hiMember) >= 0) {
            throw new IllegalStateException("entry at or above the next separator");
        }
    }
}
