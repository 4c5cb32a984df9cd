package io.lodestone.engine;

import io.lodestone.engine.command.CommandError;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Counters shown by INFO stats and errorstats; read and written under the engine lock only. */
public final class EngineStats {
    /** Redis stops tracking new error codes past this many, so a client cannot grow the table without end. */
    public static final int MAX_ERROR_CODES = 128;

    public long commandsProcessed;
    public long expiredKeys;
    /** Keys removed to bring memory under maxmemory (INFO evicted_keys). */
    public long evictedKeys;
    /** Time spent over maxmemory in finished episodes (INFO total_eviction_exceeded_time). */
    public long evictionExceededMicros;
    public long errorReplies;
    /** Writes since the last save (Redis's server.dirty). */
    public long dirty;
    /** Error replies by code ({@code ERR}, {@code WRONGTYPE}...), in name order as INFO errorstats lists them. */
    private final Map<String, long[]> errorsByCode = new TreeMap<>();

    /** Counts an error reply, in total and under its code. */
    public void recordError(CommandError error) {
        errorReplies++;
        long[] count = errorsByCode.get(error.code());
        if (count == null) {
            if (errorsByCode.size() >= MAX_ERROR_CODES) {
                return;
            }
            count = new long[1];
            errorsByCode.put(error.code(), count);
        }
        count[0]++;
    }

    /** Error code to count, a read-only view; iterate under the engine lock. */
    public Map<String, long[]> errorsByCode() {
        return Collections.unmodifiableMap(errorsByCode);
    }

    public void reset() {
        commandsProcessed = 0;
        expiredKeys = 0;
        evictedKeys = 0;
        evictionExceededMicros = 0;
        errorReplies = 0;
        errorsByCode.clear();
    }
}
