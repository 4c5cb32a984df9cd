package io.lodestone.engine.command;

import java.util.List;

/**
 * The escape hatch for commands whose keys or key flags the specs cannot state exactly (SET's
 * flags depend on GET; SORT's STORE can be anywhere): finds them from the arguments. Used by
 * {@link KeyFinder} when a spec has VARIABLE_FLAGS or the specs do not fit the arguments.
 */
@FunctionalInterface
public interface KeysFunction {
    /** The keys of argv (argv[0] is the command name), each with its access flags. */
    List<KeyFinder.KeyPosition> find(byte[][] argv);
}
