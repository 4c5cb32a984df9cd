package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The legacy first/last/step triple and the movablekeys flag, derived from key specs as Redis 7.0 does. */
class CommandSpecTest {
    private static CommandSpec command(KeySpec... specs) {
        CommandSpec.Builder b = CommandSpec.builder("x").arity(-2).handler((ctx, argv, out) -> { });
        for (KeySpec s : specs) {
            b.key(s);
        }
        return b.build();
    }

    private static void assertLegacy(CommandSpec spec, int first, int last, int step, boolean movable) {
        assertEquals(List.of(first, last, step), List.of(spec.firstKey(), spec.lastKey(), spec.keyStep()), "first/last/step");
        assertEquals(movable, spec.has(CommandFlag.MOVABLEKEYS), "movablekeys");
        assertEquals(movable, spec.flags().contains(CommandFlag.MOVABLEKEYS), "movablekeys listed in flags");
    }

    @Test
    void noKeys() {
        assertLegacy(command(), 0, 0, 0, false);
    }

    @Test
    void oneRangeIsTakenAsItIs() {
        assertLegacy(command(KeySpec.range(1, 0, 1, "RO")), 1, 1, 1, false); // GET
        assertLegacy(command(KeySpec.range(1, -1, 2, "OW")), 1, -1, 2, false); // MSET
        assertLegacy(command(KeySpec.range(1, -2, 1, "RW")), 1, -2, 1, false); // BLPOP
    }

    @Test
    void anIncompleteRangeMakesTheKeysMovable() {
        assertLegacy(command(KeySpec.range(1, 0, 1, "RW", "INCOMPLETE")), 1, 1, 1, true);
    }

    @Test
    void adjacentRangesAreMerged() {
        // RENAME, SMOVE: two specs, one key each, one after the other
        assertLegacy(command(KeySpec.range(1, 0, 1, "RW"), KeySpec.range(2, 0, 1, "OW")), 1, 2, 1, false);
    }

    @Test
    void aGapOrAnotherStepMakesTheKeysMovable() {
        assertLegacy(command(KeySpec.range(1, 0, 1, "RW"), KeySpec.range(3, 0, 1, "OW")), 1, 1, 1, true);
        assertLegacy(command(KeySpec.range(1, 0, 1, "RW"), KeySpec.range(2, -1, 2, "OW")), 1, 1, 1, true);
    }

    @Test
    void keyCountsAndKeywordsAreMovable() {
        // ZUNIONSTORE: destination, then numkeys keys
        assertLegacy(command(KeySpec.range(1, 0, 1, "OW"), KeySpec.keyNum(2, 0, 1, 1, "RO")), 1, 1, 1, true);
        // EVAL: only a key count
        assertLegacy(command(KeySpec.keyNum(2, 0, 1, 1, "RW")), 0, 0, 0, true);
        // MIGRATE: a key, and the KEYS keyword searched from the end
        assertLegacy(command(KeySpec.range(3, 0, 1, "RW"), KeySpec.keywordRange("KEYS", -2, -1, 1, 0, "RW", "INCOMPLETE")),
                3, 3, 1, true);
        // SORT: a key, and keys that cannot be located
        assertLegacy(command(KeySpec.range(1, 0, 1, "RO"), KeySpec.unknown("RO"), KeySpec.unknown("OW")), 1, 1, 1, true);
    }

    @Test
    void declaredLegacyKeysWin() {
        CommandSpec spec = CommandSpec.builder("y").arity(3).key(KeySpec.range(2, 0, 1, "OW"))
                .legacyKeys(1, 2, 1).handler((ctx, argv, out) -> { }).build();
        assertEquals(List.of(1, 2, 1), List.of(spec.firstKey(), spec.lastKey(), spec.keyStep()));
    }

    @Test
    void keySpecWithersKeepTheRest() {
        KeySpec spec = KeySpec.keywordRange("STREAMS", 1, -1, 1, 0, "RO").withLimit(2).withNotes("n");
        assertEquals(KeySpec.BeginSearch.KEYWORD, spec.begin());
        assertEquals("STREAMS", spec.keyword());
        assertEquals(2, spec.limit());
        assertEquals("n", spec.notes());
        assertTrue(spec.hasFlag("ro"));
        assertFalse(spec.isKeyNum());
    }
}
