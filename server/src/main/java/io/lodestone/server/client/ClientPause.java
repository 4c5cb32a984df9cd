package io.lodestone.server.client;

import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CLIENT PAUSE: while a pause lasts, the requests it covers (all of them, or those that may write)
 * wait before they run. A held client's requests stay in its connection's queue and its socket
 * stops being read, as for a blocked client; nothing waits on an event loop. On CLIENT UNPAUSE or
 * at the deadline every held client is resumed, in the order it was held.
 *
 * <p>As in Redis 7.0: a new pause replaces the mode and keeps the later deadline; requests that
 * Redis answers before reaching its pause check (unknown command, wrong arity, not authenticated)
 * are answered at once; in ALL mode every other request waits, CLIENT UNPAUSE included.
 *
 * <p>Used under the engine lock.
 */
public final class ClientPause {
    /** What a pause holds back. */
    public enum Mode {
        /** No pause in effect. */
        NONE,
        /** Commands that may write (write or may-replicate flags, and EXEC). */
        WRITE,
        /** Every command. */
        ALL
    }

    private Mode mode = Mode.NONE;
    private long deadlineMillis;
    private final Set<Connection> held = new LinkedHashSet<>();

    public Mode mode() {
        return mode;
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Clients waiting for the pause to end. */
    public int heldCount() {
        return held.size();
    }

    /** CLIENT PAUSE: sets the mode; the deadline moves only later. */
    public void pause(Mode newMode, long deadline) {
        mode = newMode;
        deadlineMillis = Math.max(deadlineMillis, deadline);
    }

    /** CLIENT UNPAUSE, or the deadline passed: ends the pause and resumes every held client. */
    public void unpause() {
        mode = Mode.NONE;
        deadlineMillis = 0;
        if (held.isEmpty()) {
            return;
        }
        List<Connection> resumed = new ArrayList<>(held);
        held.clear();
        for (Connection c : resumed) {
            c.onUnpaused();
        }
    }

    /** Ends the pause if its deadline has passed (the timer, or any check after it). */
    public void unpauseIfDue(long nowMillis) {
        if (mode != Mode.NONE && nowMillis >= deadlineMillis) {
            unpause();
        }
    }

    /**
     * Whether the pause holds this request back now. If it does, the client is recorded as held
     * and resumed when the pause ends; it must run nothing until then.
     */
    public boolean holds(Connection client, byte[][] argv, CommandTable table, long nowMillis) {
        if (mode == Mode.NONE) {
            return false;
        }
        unpauseIfDue(nowMillis);
        if (mode == Mode.NONE) {
            return false;
        }
        CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
            spec = spec.subcommand(argv[1]);
        }
        if (spec == null || !spec.arityAccepts(argv.length)
                || !client.isAuthenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            return false; // answered with its error at once, as Redis does before its pause check
        }
        if (mode == Mode.WRITE && !mayWrite(spec)) {
            return false;
        }
        held.add(client);
        client.setPaused(true);
        return true;
    }

    /**
     * A command that may write under a WRITE pause. EXEC is held whatever its transaction holds,
     * which errs on the safe side: Redis holds it only when a queued command may write.
     */
    private static boolean mayWrite(CommandSpec spec) {
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE) || spec.fullName().equals("exec");
    }

    /** A held client disconnected. */
    public void forget(Connection client) {
        held.remove(client);
    }
}
