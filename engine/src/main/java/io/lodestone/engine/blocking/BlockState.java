package io.lodestone.engine.blocking;

import java.util.List;

/** One client's blocking state: what it waits on, its command, its deadline. */
public final class BlockState {
    private List<?> keys = List.of();
    private byte[][] argv;
    private long deadline;
    private boolean blocked;
    private boolean rerunning;
    private boolean timedOut;
    private byte[] readyKey;
    private boolean stillBlocked;

    /** True while the client waits: its later requests are held back. */
    public boolean isBlocked() {
        return blocked;
    }

    /** Absolute deadline in ms, 0 for none. */
    public long deadline() {
        return deadline;
    }

    /** Records the deadline of a command that is about to block for the first time. */
    public void setDeadline(long deadline) {
        this.deadline = deadline;
    }

    public boolean isRerun() {
        return rerunning;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /**
     * During a re-run caused by a write: the key that was written, which the command should try
     * to serve from (Redis serves a client from the key that became ready, not from its first
     * key). Null otherwise (first run, timeout, CLIENT UNBLOCK).
     */
    public byte[] readyKey() {
        return readyKey;
    }

    void waitingOn(List<?> keys, byte[][] argv) {
        this.keys = keys;
        this.argv = argv;
        this.blocked = true;
    }

    List<?> keys() {
        return keys;
    }

    /** The command the client waits in (CLIENT LIST's argv-mem of a blocked client), or null. */
    public byte[][] argv() {
        return argv;
    }

    void setRerun(boolean rerunning, boolean timedOut, byte[] readyKey) {
        this.rerunning = rerunning;
        this.timedOut = timedOut;
        this.readyKey = readyKey;
    }

    /** During a re-run: the command found nothing again and keeps waiting. */
    public void markStillBlocked() {
        this.stillBlocked = true;
    }

    boolean stillBlocked() {
        return stillBlocked;
    }

    void clearStillBlocked() {
        stillBlocked = false;
    }

    void clear() {
        keys = List.of();
        argv = null;
        deadline = 0;
        blocked = false;
        stillBlocked = false;
    }
}
