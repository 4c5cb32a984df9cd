package io.lodestone.engine;

/** Counters shown by INFO stats; read and written under the engine lock only. */
public final class EngineStats {
    public long commandsProcessed;
    public long expiredKeys;
    public long errorReplies;
    /** Writes since the last save (Redis's server.dirty). */
    public long dirty;

    public void reset() {
        commandsProcessed = 0;
        expiredKeys = 0;
        errorReplies = 0;
    }
}
