package io.lodestone.engine.blocking;

import io.lodestone.engine.command.CommandContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN...), as Redis's blocked.c keeps them. A
 * blocking command that finds nothing to serve calls {@link CommandContext#block}; the client then
 * waits in a FIFO queue per key. A write to a key with waiters marks it ready; once the command
 * that wrote it has finished, the waiters' commands are executed again in the order they blocked,
 * and each one that can now be served replies and is released. On its deadline a client's command
 * runs once more in "timed out" mode, where it replies its timeout value.
 *
 * <p>Everything here runs under the engine lock.
 */
public final class BlockedClients {
    /** What re-runs a blocked command: the engine's dispatcher, with the client's deferred writer. */
    public interface Executor {
        void rerun(CommandContext ctx, byte[][] argv);
    }

    private final Map<WaitKey, ArrayDeque<CommandContext>> waiting = new HashMap<>();
    private final Set<WaitKey> ready = new LinkedHashSet<>();
    private final Set<CommandContext> blocked = new LinkedHashSet<>();
    private final Executor executor;

    public BlockedClients(Executor executor) {
        this.executor = executor;
    }

    /** A (database, key) pair; keys are compared by content. */
    private record WaitKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WaitKey w && w.db == db && Arrays.equals(w.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    public int size() {
        return blocked.size();
    }

    /** Blocked clients with a deadline (INFO clients_in_timeout_table). */
    public int withTimeout() {
        int n = 0;
        for (CommandContext ctx : blocked) {
            if (ctx.blockState().deadline() != 0) {
                n++;
            }
        }
        return n;
    }

    /** Registers a client whose current command could not be served, waiting on {@code keys}. */
    public void block(CommandContext ctx, List<byte[]> keys, byte[][] argv) {
        if (blocked.add(ctx)) {
            List<WaitKey> waitKeys = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                WaitKey wk = new WaitKey(ctx.dbIndex(), key);
                waiting.computeIfAbsent(wk, k -> new ArrayDeque<>()).add(ctx);
                waitKeys.add(wk);
            }
            ctx.blockState().waitingOn(waitKeys, argv);
        }
    }

    /** A key was written: if anyone waits on it, serve them once the current command is done. */
    public void signal(int db, byte[] key) {
        if (waiting.isEmpty()) {
            return; // the common case: costs one check per write
        }
        WaitKey wk = new WaitKey(db, key);
        if (waiting.containsKey(wk)) {
            ready.add(wk);
        }
    }

    /**
     * Every key waited on in database {@code db} may have changed at once (SWAPDB): each is
     * treated as written, and its waiters try again.
     */
    public void signalDatabase(int db) {
        for (WaitKey wk : waiting.keySet()) {
            if (wk.db == db) {
                ready.add(wk);
            }
        }
    }

    /** Serves the clients waiting on keys written since the last call, in the order they blocked. */
    public void serveReady() {
        while (!ready.isEmpty()) {
            var it = ready.iterator();
            WaitKey key = it.next();
            it.remove();
            ArrayDeque<CommandContext> queue = waiting.get(key);
            if (queue == null) {
                continue;
            }
            // each waiter gets one try per readiness; a served command may make other keys ready
            for (CommandContext ctx : queue.toArray(new CommandContext[0])) {
                if (blocked.contains(ctx)) {
                    rerun(ctx, false, key.key());
                }
            }
        }
    }

    /** Times out every client whose deadline is at or before {@code now}; returns the earliest deadline left, or 0. */
    public long expire(long now) {
        long next = 0;
        for (CommandContext ctx : blocked.toArray(new CommandContext[0])) {
            long deadline = ctx.blockState().deadline();
            if (deadline != 0 && deadline <= now) {
                rerun(ctx, true, null);
            } else if (deadline != 0 && (next == 0 || deadline < next)) {
                next = deadline;
            }
        }
        return next;
    }

    /**
     * CLIENT UNBLOCK: releases a blocked client as if it timed out, or with {@code error} as its
     * reply. Returns false if the client was not blocked.
     */
    public boolean unblock(CommandContext ctx, io.lodestone.engine.command.CommandError error) {
        if (!blocked.contains(ctx)) {
            return false;
        }
        if (error == null) {
            rerun(ctx, true, null);
        } else {
            release(ctx);
            var out = ctx.openAsync();
            out.error(error);
            ctx.closeAsync();
            ctx.onUnblocked();
        }
        return true;
    }

    /** Forgets a client that disconnected while blocked. */
    public void remove(CommandContext ctx) {
        if (blocked.contains(ctx)) {
            release(ctx);
        }
    }

    private void rerun(CommandContext ctx, boolean timedOut, byte[] readyKey) {
        BlockState state = ctx.blockState();
        byte[][] argv = state.argv();
        state.setRerun(true, timedOut, readyKey);
        executor.rerun(ctx, argv);
        state.setRerun(false, false, null);
        if (!state.stillBlocked()) {
            release(ctx);
            ctx.onUnblocked();
        }
        state.clearStillBlocked();
    }

    private void release(CommandContext ctx) {
        blocked.remove(ctx);
        for (Object o : ctx.blockState().keys()) {
            WaitKey wk = (WaitKey) o;
            ArrayDeque<CommandContext> queue = waiting.get(wk);
            if (queue != null) {
                queue.remove(ctx);
                if (queue.isEmpty()) {
                    waiting.remove(wk);
                    ready.remove(wk);
                }
            }
        }
        ctx.blockState().clear();
    }
}
