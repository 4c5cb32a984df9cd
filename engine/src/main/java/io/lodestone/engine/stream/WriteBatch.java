package io.lodestone.engine.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the write-stream entries that must apply as one: what one command propagates (its own
 * argv plus also-propagated ones), or everything a MULTI/EXEC block writes. Between {@link
 * #begin()} and the matching {@link #end()} entries are held back; at the outermost end they are
 * appended, wrapped in MULTI ... EXEC when there is more than one (Redis 7.0's
 * propagatePendingCommands: a transaction that wrote one key propagates that one command alone).
 * Outside a batch an entry is appended at once. Used under the engine lock only.
 */
public final class WriteBatch {
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    private final WriteStream stream;
    private final List<byte[][]> pending = new ArrayList<>();
    private int[] pendingDbs = new int[8];
    private int depth;

    public WriteBatch(WriteStream stream) {
        this.stream = stream;
    }

    /** Opens a batch; batches nest, and only the outermost one appends. */
    public void begin() {
        depth++;
    }

    /** Appends an entry, or holds it back until the batch ends. */
    public void add(int db, byte[][] argv) {
        if (depth == 0) {
            stream.append(db, argv);
            return;
        }
        int n = pending.size();
        if (n == pendingDbs.length) {
            pendingDbs = java.util.Arrays.copyOf(pendingDbs, n * 2);
        }
        pendingDbs[n] = db;
        pending.add(argv);
    }

    /** Closes a batch; the outermost close appends what was held back. */
    public void end() {
        if (--depth > 0) {
            return;
        }
        int n = pending.size();
        if (n == 0) {
            return;
        }
        try {
            if (n == 1) {
                stream.append(pendingDbs[0], pending.get(0));
                return;
            }
            // MULTI in the first entry's db and EXEC in the last's: no SELECT lands inside the block needlessly
            stream.append(pendingDbs[0], MULTI);
            for (int i = 0; i < n; i++) {
                stream.append(pendingDbs[i], pending.get(i));
            }
            stream.append(pendingDbs[n - 1], EXEC);
        } finally {
            pending.clear();
        }
    }
}
