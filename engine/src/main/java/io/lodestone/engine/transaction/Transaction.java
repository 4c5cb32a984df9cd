package io.lodestone.engine.transaction;

import io.lodestone.engine.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's MULTI/EXEC state (Redis's multiState plus the CLIENT_MULTI, CLIENT_DIRTY_EXEC and
 * CLIENT_DIRTY_CAS flags) and the keys it WATCHes. Created on the client's first MULTI or WATCH;
 * used under the engine lock only.
 */
public final class Transaction {
    private boolean inMulti;
    private boolean executing;
    /** A command was refused while queueing: EXEC replies EXECABORT. */
    private boolean aborted;
    /** A watched key was touched: EXEC replies a null array. */
    private boolean watchedKeyTouched;
    private final List<CommandSpec> specs = new ArrayList<>();
    private final List<byte[][]> argvs = new ArrayList<>();
    /** The keys this client watches, as registered in {@link WatchedKeys}. */
    final List<WatchedKeys.Watch> watches = new ArrayList<>(2);

    public boolean inMulti() {
        return inMulti;
    }

    /** MULTI: commands are queued from now on. */
    public void begin() {
        inMulti = true;
    }

    /** True while EXEC runs the queue: blocking commands then reply at once instead of waiting. */
    public boolean executing() {
        return executing;
    }

    public void setExecuting(boolean executing) {
        this.executing = executing;
    }

    public void queue(CommandSpec spec, byte[][] argv) {
        if (aborted || watchedKeyTouched) {
            return; // EXEC will not run anything: no need to keep it (Redis does the same)
        }
        specs.add(spec);
        argvs.add(argv);
    }

    public int queuedCount() {
        return specs.size();
    }

    public CommandSpec queuedSpec(int i) {
        return specs.get(i);
    }

    public byte[][] queuedArgv(int i) {
        return argvs.get(i);
    }

    /** A command was refused while queueing (unknown, wrong arity, not allowed here). */
    public void abort() {
        if (inMulti) {
            aborted = true;
        }
    }

    public boolean aborted() {
        return aborted;
    }

    public boolean watchedKeyTouched() {
        return watchedKeyTouched;
    }

    void markWatchedKeyTouched() {
        watchedKeyTouched = true;
    }

    /** UNWATCH: forgets a touch, the keys themselves are unwatched by {@link WatchedKeys#unwatchAll}. */
    public void clearTouched() {
        watchedKeyTouched = false;
    }

    public boolean watchesKeys() {
        return !watches.isEmpty();
    }

    /** Ends MULTI: the queue and the flags are dropped (EXEC, DISCARD, RESET). */
    public void reset() {
        inMulti = false;
        executing = false;
        aborted = false;
        watchedKeyTouched = false;
        specs.clear();
        argvs.clear();
    }
}
