package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a whole RDB file (versions 1 to 10) into a keyspace that nobody else uses yet: the caller
 * swaps it in ({@link Keyspace#adopt}) only once this returned, so a corrupt or truncated file
 * never leaves a half-loaded dataset. Every problem is reported with its byte offset and what was
 * expected there, and the checksum is verified at the end as Redis does.
 *
 * <p>As a master, Redis drops keys whose expiry has passed while loading; so does this.
 */
public final class RdbLoader {
    /** Receives progress now and then (every few thousand keys). */
    public interface Progress {
        void report(long bytesRead, long keysLoaded);
    }

    /** What a load found. */
    public record Result(int version, long keysLoaded, long keysExpired, long emptyKeysSkipped,
                         Map<String, String> aux, boolean checksumVerified) {}

    private static final int PROGRESS_EVERY_KEYS = 1 << 14;

    private final RdbContext ctx;
    private final boolean verifyChecksum;
    private final long nowMillis;
    private final Progress progress;
    private long keyLoadDelayNanos;

    /**
     * @param verifyChecksum rdbchecksum: compare the trailer with the content's CRC-64 (a zero
     *                       trailer means the writer did not compute one, and is accepted)
     * @param nowMillis      keys that expired before this are dropped
     */
    public RdbLoader(RdbContext ctx, boolean verifyChecksum, long nowMillis, Progress progress) {
        this.ctx = ctx;
        this.verifyChecksum = verifyChecksum;
        this.nowMillis = nowMillis;
        this.progress = progress;
    }

    /** Slows loading down by this many microseconds per key (testing, as Redis's key-load-delay). */
    public void setKeyLoadDelayMicros(long micros) {
        this.keyLoadDelayNanos = Math.max(0, micros) * 1000;
    }

    public Result load(InputStream stream, long size, Keyspace into) throws IOException, RdbFormatException {
        return load(new RdbInput(stream, size), into);
    }

    public Result load(RdbInput in, Keyspace into) throws IOException, RdbFormatException {
        try {
            return loadAll(in, into);
        } finally {
            for (int i = 0; i < into.databaseCount(); i++) {
                into.db(i).expectKeys(0); // RESIZEDB's hints are for this load only
            }
        }
    }

    private Result loadAll(RdbInput in, Keyspace into) throws IOException, RdbFormatException {
        int version = readHeader(in);
        Map<String, String> aux = new LinkedHashMap<>();
        Database db = into.db(0);
        long expireAt = 0;
        long loaded = 0;
        long expired = 0;
        long empty = 0;
        while (true) {
            long at = in.offset();
            int type = in.readUnsignedByte("an opcode or a value type");
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME_MS -> {
                    expireAt = in.readLongLE("the expiry time (EXPIRETIME_MS)");
                    continue;
                }
                case Rdb.OPCODE_EXPIRETIME -> {
                    expireAt = (in.readIntLE("the expiry time (EXPIRETIME)") & 0xFFFFFFFFL) * 1000;
                    continue;
                }
                case Rdb.OPCODE_FREQ -> {
                    in.readUnsignedByte("the LFU frequency (FREQ)");
                    continue;
                }
                case Rdb.OPCODE_IDLE -> {
                    in.readLength("the LRU idle time (IDLE)");
                    continue;
                }
                case Rdb.OPCODE_SELECTDB -> {
                    long index = in.readLength("the database number (SELECTDB)");
                    if (index < 0 || index >= into.databaseCount()) {
                        throw new RdbFormatException(at, "the file selects database " + Long.toUnsignedString(index)
                                + " but this server has " + into.databaseCount() + " databases (see 'databases')");
                    }
                    db = into.db((int) index);
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB -> {
                    db.expectKeys(in.readLength("the database size hint (RESIZEDB)"));
                    in.readLength("the expires size hint (RESIZEDB)");
                    continue;
                }
                case Rdb.OPCODE_AUX -> {
                    byte[] key = in.readString("an AUX field name");
                    byte[] value = in.readString("the AUX field " + RdbContext.describe(key));
                    aux.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
                    continue;
                }
                case Rdb.OPCODE_MODULE_AUX -> throw new RdbFormatException(at,
                        "module data (opcode MODULE_AUX 0xF7): Redis modules are not supported");
                case Rdb.OPCODE_FUNCTION2, Rdb.OPCODE_FUNCTION_PRE_GA -> throw new RdbFormatException(at,
                        "a Redis function library (opcode 0x" + Integer.toHexString(type)
                                + "): functions are not supported");
                case Rdb.OPCODE_EOF -> {
                    boolean verified = checkTrailer(in, version);
                    return new Result(version, loaded, expired, empty, aux, verified);
                }
                default -> {
                    // a key and its value
                }
            }
            RdbCodec codec = RdbCodecs.forType(type);
            if (codec == null) {
                throw new RdbFormatException(at, type <= Rdb.TYPE_MAX
                        ? "value type " + type + " (" + Rdb.typeName(type) + ") is not supported yet"
                        : "invalid value type 0x" + Integer.toHexString(type)
                                + " (expected a value type 0..19 or an opcode 0xF5..0xFF)");
            }
            long keyAt = in.offset();
            byte[] key = in.readString("a key name");
            ctx.setCurrentKey(key);
            Object value = codec.read(in, type, ctx);
            ctx.setCurrentKey(null);
            long keyExpire = expireAt;
            expireAt = 0;
            if (value == null) {
                empty++;
                continue;
            }
            if (keyExpire != 0 && keyExpire < nowMillis) {
                expired++;
                continue;
            }
            if (db.peek(key) != null) {
                throw new RdbFormatException(keyAt, "the key " + RdbContext.describe(key) + " appears twice in database "
                        + db.index());
            }
            db.set(key, value, keyExpire);
            loaded++;
            if (keyLoadDelayNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(keyLoadDelayNanos);
            }
            if (progress != null && (loaded & (PROGRESS_EVERY_KEYS - 1)) == 0) {
                progress.report(in.offset(), loaded);
            }
        }
    }

    private static int readHeader(RdbInput in) throws IOException, RdbFormatException {
        byte[] magic = new byte[9];
        in.readFully(magic, 0, 9, "the header (REDIS and a 4-digit version)");
        for (int i = 0; i < Rdb.MAGIC.length; i++) {
            if (magic[i] != Rdb.MAGIC[i]) {
                throw new RdbFormatException(0, "not an RDB file: it does not start with 'REDIS'");
            }
        }
        int version = 0;
        for (int i = 5; i < 9; i++) {
            if (magic[i] < '0' || magic[i] > '9') {
                throw new RdbFormatException(i, "invalid RDB version in the header: expected 4 digits");
            }
            version = version * 10 + (magic[i] - '0');
        }
        if (version < 1 || version > Rdb.VERSION) {
            throw new RdbFormatException(5, "can't handle RDB format version " + version + " (this server loads 1 to "
                    + Rdb.VERSION + ")");
        }
        return version;
    }

    /** Verifies the 8-byte CRC-64 after EOF (files of version 5 and later); true if it was compared. */
    private boolean checkTrailer(RdbInput in, int version) throws IOException, RdbFormatException {
        if (version < 5) {
            return false;
        }
        long expected = in.crc();
        long at = in.offset();
        long stored = in.readLongLE("the checksum after EOF");
        if (!verifyChecksum || stored == 0) {
            return false;
        }
        if (stored != expected) {
            throw new RdbFormatException(at, "wrong RDB checksum: the file says " + String.format("%016x", stored)
                    + ", its content gives " + String.format("%016x", expected));
        }
        return true;
    }
}
