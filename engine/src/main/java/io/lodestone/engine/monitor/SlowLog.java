package io.lodestone.engine.monitor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The slow log (SLOWLOG GET/LEN/RESET): the most recent commands that ran for at least
 * {@code slowlog-log-slower-than} microseconds, newest first, at most {@code slowlog-max-len} of
 * them. As in Redis an entry keeps at most {@value #MAX_ARGS} arguments (the last one then says how
 * many more there were) and at most {@value #MAX_ARG_BYTES} bytes of each. Ids keep counting across
 * SLOWLOG RESET. Used under the engine lock only.
 */
public final class SlowLog {
    /** Arguments an entry keeps, the last of them standing for the rest. */
    public static final int MAX_ARGS = 32;
    /** Bytes an argument keeps before "... (N more bytes)". */
    public static final int MAX_ARG_BYTES = 128;
    /**
     * What a secret argument (AUTH's password...) shows as. A handler that reads a secret replaces
     * it in its argv with this array once it is done with it, as Redis's redactClientCommandArgument.
     */
    public static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** One logged command. {@code argv} is the trimmed copy; peer and name as when it ran. */
    public record Entry(long id, long unixSeconds, long durationMicros, byte[][] argv, String peerId, String clientName) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    /**
     * Logs a command (the caller has decided it was slow enough) and drops the oldest entries
     * beyond {@code maxLen}: with 0 the log empties, as Redis's does.
     */
    public void add(byte[][] argv, long durationMicros, long nowMillis, String peerId, String clientName, long maxLen) {
        entries.addFirst(new Entry(nextId++, nowMillis / 1000, durationMicros, trim(argv), peerId, clientName));
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** Up to {@code count} entries, newest first; a negative count means all. */
    public List<Entry> newest(long count) {
        int n = count < 0 || count > entries.size() ? entries.size() : (int) count;
        List<Entry> out = new ArrayList<>(n);
        Iterator<Entry> it = entries.iterator();
        for (int i = 0; i < n; i++) {
            out.add(it.next());
        }
        return out;
    }

    public int size() {
        return entries.size();
    }

    /** SLOWLOG RESET: empties the log; ids go on from where they were. */
    public void reset() {
        entries.clear();
    }

    /** A copy of argv as the log keeps it: arguments counted and cut as described above. */
    static byte[][] trim(byte[][] argv) {
        int kept = Math.min(argv.length, MAX_ARGS);
        byte[][] out = new byte[kept][];
        for (int i = 0; i < kept; i++) {
            if (kept < argv.length && i == kept - 1) {
                out[i] = ascii("... (" + (argv.length - kept + 1) + " more arguments)");
            } else if (argv[i].length > MAX_ARG_BYTES) {
                byte[] suffix = ascii("... (" + (argv[i].length - MAX_ARG_BYTES) + " more bytes)");
                out[i] = Arrays.copyOf(argv[i], MAX_ARG_BYTES + suffix.length);
                System.arraycopy(suffix, 0, out[i], MAX_ARG_BYTES, suffix.length);
            } else {
                // a copy: the request's arrays may end up stored as values, and values change
                out[i] = argv[i] == REDACTED ? REDACTED : argv[i].clone();
            }
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
