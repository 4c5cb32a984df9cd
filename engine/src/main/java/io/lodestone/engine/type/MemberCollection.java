package io.lodestone.engine.type;

import java.util.function.Consumer;

/**
 * A collection of distinct members without scores: how ZUNION, ZINTER, ZDIFF and their STORE forms
 * read a plain set given among their inputs, each member counting with score 1 (as Redis's zui*
 * iterator does). The set type implements it.
 */
public interface MemberCollection {
    /** Number of members. */
    int size();

    boolean contains(byte[] member);

    /** Visits every member once, in any order (an integer member as its decimal text). */
    void forEachMember(Consumer<byte[]> action);
}
