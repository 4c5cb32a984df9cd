package io.lodestone.engine.expiry;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.keyspace.Slots;

/**
 * The active half of expiry (the lazy half is in {@link Database}): each cycle walks the slots
 * that hold keys with a TTL, round-robin per database, removing keys past their deadline, until
 * it has visited every slot or spent its time budget. Round-robin rather than Redis's random
 * sampling, so that every expired key is found within a bounded number of cycles.
 */
public final class ActiveExpiry {
    /** Slots visited between two checks of the time budget. */
    private static final int SLOTS_PER_STEP = 256;
    /** Share of each cycle period the cycle may use, as Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC. */
    private static final int CPU_PERCENT = 25;

    private final Keyspace keyspace;
    private final int[] cursors;

    public ActiveExpiry(Keyspace keyspace) {
        this.keyspace = keyspace;
        this.cursors = new int[keyspace.databaseCount()];
    }

    /**
     * Runs one cycle; the caller holds the engine lock and has set the keyspace's time.
     *
     * @param hz        cycles per second, which sets the time budget
     * @param nanoClock monotonic time source for the budget
     * @return the number of keys removed
     */
    public long runCycle(int hz, java.util.function.LongSupplier nanoClock) {
        long budgetNanos = 1_000_000_000L / hz * CPU_PERCENT / 100;
        long start = nanoClock.getAsLong();
        long[] expired = new long[1];
        for (int d = 0; d < cursors.length; d++) {
            Database db = keyspace.db(d);
            int visited = 0;
            while (db.volatileSize() > 0 && visited < Slots.COUNT) {
                cursors[d] = db.expireSlots(cursors[d], SLOTS_PER_STEP, expired);
                visited += SLOTS_PER_STEP;
                if (nanoClock.getAsLong() - start > budgetNanos) {
                    return expired[0];
                }
            }
        }
        return expired[0];
    }
}
