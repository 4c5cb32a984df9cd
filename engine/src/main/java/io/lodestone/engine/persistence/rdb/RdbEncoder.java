package io.lodestone.engine.persistence.rdb;

import java.nio.charset.StandardCharsets;

/** The parts of an RDB file around the values: header, AUX fields, database markers, entries, end. */
public final class RdbEncoder {
    /** The redis-ver AUX field: the Redis version whose behaviour and format we follow. */
    public static final String REDIS_VERSION = "7.0.15";

    private RdbEncoder() {}

    /** {@code REDIS0010}. */
    public static void writeHeader(RdbOutput out) {
        out.writeBytes(Rdb.MAGIC);
        out.writeBytes(String.format("%04d", Rdb.VERSION).getBytes(StandardCharsets.US_ASCII));
    }

    public static void writeAux(RdbOutput out, String key, String value) {
        out.writeByte(Rdb.OPCODE_AUX);
        out.writeString(key.getBytes(StandardCharsets.US_ASCII));
        out.writeString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An AUX field with an integer value, written as Redis does (integer-encoded when it fits). */
    public static void writeAux(RdbOutput out, String key, long value) {
        out.writeByte(Rdb.OPCODE_AUX);
        out.writeString(key.getBytes(StandardCharsets.US_ASCII));
        out.writeLongAsString(value);
    }

    /**
     * The AUX fields Redis 7.0 writes after the header: redis-ver, redis-bits, ctime, used-mem,
     * aof-base (1 when the file is the preamble of an AOF).
     */
    public static void writeStandardAux(RdbOutput out, long nowMillis, long usedMemory, boolean aofBase) {
        writeAux(out, "redis-ver", REDIS_VERSION);
        writeAux(out, "redis-bits", 64);
        writeAux(out, "ctime", nowMillis / 1000);
        writeAux(out, "used-mem", usedMemory);
        writeAux(out, "aof-base", aofBase ? 1 : 0);
    }

    /** SELECTDB then RESIZEDB (the sizes are a hint for the loader). */
    public static void writeDatabaseStart(RdbOutput out, int db, long keys, long volatileKeys) {
        out.writeByte(Rdb.OPCODE_SELECTDB);
        out.writeLength(db);
        out.writeByte(Rdb.OPCODE_RESIZEDB);
        out.writeLength(keys);
        out.writeLength(volatileKeys);
    }

    /** One key: its expiry (EXPIRETIME_MS, when it has one), type byte, key, value. */
    public static void writeEntry(RdbOutput out, byte[] key, Object value, long expireAt, RdbContext ctx) {
        if (expireAt != 0) {
            out.writeByte(Rdb.OPCODE_EXPIRETIME_MS);
            out.writeLongLE(expireAt);
        }
        RdbCodec codec = RdbCodecs.forValue(value);
        out.writeByte(codec.typeOf(value));
        out.writeString(key);
        codec.write(out, value, ctx);
    }

    /**
     * One string key (what {@link #writeEntry} writes for a {@code byte[]} value), without the
     * codec lookup and without touching an {@link RdbContext}: a snapshot writer calls it on its own
     * thread while commands run.
     */
    public static void writeStringEntry(RdbOutput out, byte[] key, byte[] value, long expireAt) {
        if (expireAt != 0) {
            out.writeByte(Rdb.OPCODE_EXPIRETIME_MS);
            out.writeLongLE(expireAt);
        }
        out.writeByte(Rdb.TYPE_STRING);
        out.writeString(key);
        out.writeString(value);
    }

    /** The EOF opcode; the 8-byte checksum follows it. */
    public static void writeEof(RdbOutput out) {
        out.writeByte(Rdb.OPCODE_EOF);
    }
}
