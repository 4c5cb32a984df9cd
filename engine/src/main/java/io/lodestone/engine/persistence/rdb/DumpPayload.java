package io.lodestone.engine.persistence.rdb;

import java.io.IOException;

/**
 * The serialisation DUMP produces and RESTORE reads, byte for byte Redis's: the value's type byte
 * and RDB encoding, then the RDB version (2 bytes, little-endian) and a CRC-64 of everything before
 * it (8 bytes, little-endian). Payloads move between Redis and Lodestone in both directions.
 */
public final class DumpPayload {
    private static final int FOOTER = 10;

    private DumpPayload() {}

    public static byte[] create(Object value, RdbContext ctx, boolean compress) {
        RdbOutput out = new RdbOutput(64, compress);
        RdbCodecs.writeTyped(out, value, ctx);
        out.writeByte(Rdb.VERSION & 0xff);
        out.writeByte((Rdb.VERSION >>> 8) & 0xff);
        out.writeLongLE(Crc64.update(0, out.array(), 0, out.size()));
        return out.toByteArray();
    }

    /**
     * True if the footer is valid: a version we can read and a matching checksum (Redis's
     * verifyDumpPayload). RESTORE answers "payload version or checksum are wrong" otherwise.
     */
    public static boolean verify(byte[] payload) {
        if (payload.length < FOOTER) {
            return false;
        }
        int footer = payload.length - FOOTER;
        int version = (payload[footer] & 0xff) | ((payload[footer + 1] & 0xff) << 8);
        if (version > Rdb.VERSION) {
            return false;
        }
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (payload[footer + 2 + i] & 0xffL) << (8 * i);
        }
        return Crc64.update(0, payload, 0, footer + 2) == stored;
    }

    /** The value of a verified payload; throws for a malformed one (RESTORE's "Bad data format"). */
    public static Object read(byte[] payload, RdbContext ctx) throws RdbFormatException {
        RdbInput in = new RdbInput(payload, payload.length - FOOTER);
        try {
            int type = in.readUnsignedByte("the value type");
            RdbCodec codec = RdbCodecs.forType(type);
            if (codec == null) {
                throw new RdbFormatException(0, "unsupported value type " + type);
            }
            Object value = codec.read(in, type, ctx);
            if (value == null) {
                throw new RdbFormatException(1, "empty collection");
            }
            if (!in.atEnd()) {
                throw new RdbFormatException(in.offset(), "bytes after the value");
            }
            return value;
        } catch (IOException e) {
            throw new RdbFormatException(in.offset(), e.getMessage()); // a byte array never fails to read
        }
    }
}
