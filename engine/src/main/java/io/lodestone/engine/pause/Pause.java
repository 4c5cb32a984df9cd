package io.lodestone.engine.pause;

import io.lodestone.engine.blocking.BlockedClients;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE (Redis 7.0): until the pause ends, commands of the paused kind (all of them, or only
 * those that write or may replicate) are postponed: the client waits, as if blocked, and its
 * command runs when the pause ends (CLIENT UNPAUSE or the deadline). Meanwhile the dataset stays
 * still: keys are not expired, neither lazily nor by the active cycle. Monitors are never paused
 * (Redis treats them as replicas). Under the engine lock.
 */
public final class Pause {
    /** What a pause holds back; a later pause can only widen it. */
    public enum Mode { OFF, WRITE, ALL }

    /** What runs a postponed command again: the dispatcher, replying through the client's out-of-band writer. */
    public interface Executor {
        void rerun(CommandContext ctx, byte[][] argv);
    }

    private final Keyspace keyspace;
    private final BlockedClients blockedClients;
    private final Executor executor;
    private Mode mode = Mode.OFF;
    private long endMillis;
    private final List<CommandContext> postponed = new ArrayList<>();
    private final List<byte[][]> postponedArgv = new ArrayList<>();

    public Pause(Keyspace keyspace, BlockedClients blockedClients, Executor executor) {
        this.keyspace = keyspace;
        this.blockedClients = blockedClients;
        this.executor = executor;
    }

    public boolean isActive() {
        return mode != Mode.OFF;
    }

    public Mode mode() {
        return mode;
    }

    /** CLIENT PAUSE: the stricter mode and the later deadline of this and any current pause win. */
    public void pause(Mode requested, long untilMillis) {
        if (requested.ordinal() > mode.ordinal()) {
            mode = requested;
        }
        endMillis = Math.max(endMillis, untilMillis);
        keyspace.setExpiryPaused(true);
    }

    /** Ends the pause if its deadline has passed; returns whether clients are still paused. */
    public boolean checkDeadline(long nowMillis) {
        if (mode != Mode.OFF && endMillis < nowMillis) {
            unpause();
        }
        return mode != Mode.OFF;
    }

    /** CLIENT UNPAUSE, or the deadline: the postponed commands run, in the order they came. */
    public void unpause() {
        mode = Mode.OFF;
        endMillis = 0;
        keyspace.setExpiryPaused(false);
        List<CommandContext> clients = new ArrayList<>(postponed);
        List<byte[][]> argvs = new ArrayList<>(postponedArgv);
        postponed.clear();
        postponedArgv.clear();
        for (int i = 0; i < clients.size(); i++) {
            CommandContext ctx = clients.get(i);
            if (!ctx.blockState().isBlocked()) {
                continue; // disconnected meanwhile
            }
            blockedClients.remove(ctx);
            executor.rerun(ctx, argvs.get(i)); // may block again (BLPOP) or be postponed by a new pause
            if (!ctx.blockState().isBlocked()) {
                ctx.onUnblocked();
            }
        }
    }

    /** Whether this command of this client must wait for the end of the pause. */
    public boolean holds(CommandContext ctx, CommandSpec spec) {
        if (mode == Mode.OFF || ctx.isMonitor()) {
            return false;
        }
        return mode == Mode.ALL || mayReplicate(spec) || execOfWrites(ctx, spec);
    }

    private static boolean mayReplicate(CommandSpec spec) {
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }

    private static boolean execOfWrites(CommandContext ctx, CommandSpec spec) {
        if (!spec.fullName().equals("exec") || !ctx.inMulti()) {
            return false;
        }
        Transaction tx = ctx.transaction();
        for (int i = 0; i < tx.queuedCount(); i++) {
            if (mayReplicate(tx.queuedSpec(i))) {
                return true;
            }
        }
        return false;
    }

    /** The client waits, holding back its later requests, until the pause ends. */
    public void postpone(CommandContext ctx, byte[][] argv) {
        if (ctx.blockState().isRerun()) {
            ctx.blockState().markStillBlocked(); // re-run while still paused (CLIENT UNBLOCK): it keeps waiting
            if (postponed.contains(ctx)) {
                return;
            }
        } else {
            ctx.blockState().setDeadline(0);
            blockedClients.block(ctx, List.of(), argv);
        }
        postponed.add(ctx);
        postponedArgv.add(argv);
    }

    /** Clients waiting for the pause to end. */
    public int postponedCount() {
        return postponed.size();
    }
}
