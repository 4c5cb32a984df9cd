package io.lodestone.engine.command;

/**
 * A check a command must pass before it runs, made after the arity check and before
 * authentication, as Redis checks its protected commands (DEBUG under enable-debug-command).
 */
@FunctionalInterface
public interface CommandGate {
    /** Throws the error to reply (a rejected call) if this client may not run the command. */
    void check(CommandContext ctx);
}
