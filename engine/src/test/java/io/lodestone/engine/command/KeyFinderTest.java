package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys found from key specs, checked against what COMMAND GETKEYS answers on Redis 7.0. */
class KeyFinderTest {
    private static CommandSpec command(KeySpec... specs) {
        CommandSpec.Builder b = CommandSpec.builder("x").arity(-1).handler((ctx, argv, out) -> { });
        for (KeySpec s : specs) {
            b.key(s);
        }
        return b.build();
    }

    /** The keys' argv indexes, or null when invalid. */
    private static List<Integer> keys(CommandSpec spec, String line) {
        String[] words = line.split(" ");
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        List<KeyFinder.KeyPosition> found = KeyFinder.find(spec, argv, false);
        if (found == null) {
            return null;
        }
        List<Integer> indexes = new ArrayList<>();
        for (KeyFinder.KeyPosition k : found) {
            indexes.add(k.index());
        }
        return indexes;
    }

    @Test
    void ranges() {
        assertEquals(List.of(1), keys(command(KeySpec.range(1, 0, 1, "RO")), "get k"));
        CommandSpec mset = command(KeySpec.range(1, -1, 2, "OW"));
        assertEquals(List.of(1, 3), keys(mset, "mset a 1 b 2"));
        assertEquals(List.of(1, 3), keys(mset, "mset a b c")); // as Redis: "a", "c"
        CommandSpec blpop = command(KeySpec.range(1, -2, 1, "RW"));
        assertEquals(List.of(1, 2), keys(blpop, "blpop a b 0"));
    }

    @Test
    void aRangeWithALimitTakesItsShareOfTheRest() {
        // XREAD ... STREAMS a b 0 0: half of what follows STREAMS are keys
        CommandSpec xread = command(KeySpec.keywordRange("STREAMS", 1, -1, 1, 2, "RO"));
        assertEquals(List.of(4, 5), keys(xread, "xread count 2 streams a b 0 0"));
    }

    @Test
    void keyCounts() {
        CommandSpec zunionstore = command(KeySpec.range(1, 0, 1, "OW"), KeySpec.keyNum(2, 0, 1, 1, "RO"));
        assertEquals(List.of(1, 3, 4), keys(zunionstore, "zunionstore d 2 a b weights 1 2"));
        assertNull(keys(zunionstore, "zunionstore d x a"), "a key count that is not a number");
        assertNull(keys(zunionstore, "zunionstore d 5 a"), "more keys announced than given");
    }

    @Test
    void keywordsAreSearchedFromEitherEnd() {
        CommandSpec migrate = command(KeySpec.range(3, 0, 1, "RW"), KeySpec.keywordRange("KEYS", -2, -1, 1, 0, "RW"));
        assertEquals(List.of(3, 7, 8), keys(migrate, "migrate h p k 0 5 keys a b"));
        assertEquals(List.of(3), keys(migrate, "migrate h p k 0 5"), "no KEYS keyword: that spec adds nothing");
        CommandSpec georadius = command(KeySpec.range(1, 0, 1, "RO"), KeySpec.keywordRange("STORE", 6, 0, 1, 0, "OW"));
        assertEquals(List.of(1, 9), keys(georadius, "georadius k 1 2 3 m count 5 STORE dest"));
    }

    @Test
    void unknownAndNotKeySpecsAddNothing() {
        CommandSpec sort = command(KeySpec.range(1, 0, 1, "RO"), KeySpec.unknown("OW"));
        assertEquals(List.of(1), keys(sort, "sort k store d"));
        assertFalse(KeyFinder.hasKeys(command(KeySpec.range(1, 0, 1, "RO", "NOT_KEY"))));
        assertTrue(KeyFinder.hasKeys(sort));
        assertFalse(KeyFinder.hasKeys(command()));
    }

    @Test
    void anIndexPastTheEndIsInvalidUnlessPartial() {
        CommandSpec spec = command(KeySpec.range(1, 0, 1, "RO"), KeySpec.range(3, 0, 1, "RO"));
        assertNull(keys(spec, "x a b"));
        byte[][] argv = {{'x'}, {'a'}, {'b'}};
        assertEquals(1, KeyFinder.find(spec, argv, true).size());
    }

    @Test
    void aKeysFunctionAnswersForVariableFlags() {
        CommandSpec set = CommandSpec.builder("set").arity(-3)
                .key(KeySpec.range(1, 0, 1, "RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS"))
                .keysFunction(StringCommands::setKeys).handler((ctx, argv, out) -> { }).build();
        byte[][] plain = {"set".getBytes(StandardCharsets.UTF_8), {'k'}, {'v'}};
        byte[][] withGet = {"set".getBytes(StandardCharsets.UTF_8), {'k'}, {'v'}, "GeT".getBytes(StandardCharsets.UTF_8)};
        assertEquals(List.of("OW", "UPDATE"), KeyFinder.find(set, plain, false).get(0).flags());
        assertEquals(List.of("RW", "ACCESS", "UPDATE"), KeyFinder.find(set, withGet, false).get(0).flags());
    }
}
