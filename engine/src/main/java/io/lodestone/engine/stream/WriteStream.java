package io.lodestone.engine.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one ordered stream of effective writes (DESIGN.md): every write becomes one entry, the
 * command as its deterministic argv, in the database it applies to. The AOF, standalone replicas
 * and cluster replicas all consume this stream. Offsets count the bytes of the entries as RESP,
 * as Redis's replication offset does. Appended to under the engine lock only.
 */
public final class WriteStream {
    private final List<WriteStreamConsumer> consumers = new CopyOnWriteArrayList<>();
    private long offset;
    private long entries;

    public void subscribe(WriteStreamConsumer consumer) {
        consumers.add(consumer);
    }

    public void unsubscribe(WriteStreamConsumer consumer) {
        consumers.remove(consumer);
    }

    public void append(int db, byte[][] argv) {
        offset += respLength(argv);
        entries++;
        for (WriteStreamConsumer c : consumers) {
            c.accept(offset, db, argv);
        }
    }

    /** Bytes written so far, as RESP (the replication offset). */
    public long offset() {
        return offset;
    }

    public long entries() {
        return entries;
    }

    /** Length of argv encoded as a RESP array of bulk strings. */
    public static long respLength(byte[][] argv) {
        long n = 1 + digits(argv.length) + 2;
        for (byte[] arg : argv) {
            n += 1 + digits(arg.length) + 2 + arg.length + 2;
        }
        return n;
    }

    private static int digits(long v) {
        if (v < 10) {
            return 1;
        }
        if (v < 100) {
            return 2;
        }
        if (v < 1000) {
            return 3;
        }
        int d = 4;
        for (long limit = 10_000; v >= limit && d < 19; limit *= 10) {
            d++;
        }
        return d;
    }
}
