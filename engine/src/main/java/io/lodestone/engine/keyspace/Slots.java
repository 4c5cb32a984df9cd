package io.lodestone.engine.keyspace;

import io.lodestone.engine.util.Crc16;

/** The 16384 Redis Cluster hash slots: CRC16 of the key, or of its first non-empty {hash tag}. */
public final class Slots {
    public static final int COUNT = 16384;
    public static final int MASK = COUNT - 1;

    private Slots() {}

    public static int slotOf(byte[] key) {
        // one pass for the common key without '{': the CRC of the whole key, computed while looking
        int crc = 0;
        for (int i = 0; i < key.length; i++) {
            byte b = key[i];
            if (b == '{') {
                int close = indexOf(key, (byte) '}', i + 1);
                if (close > i + 1) {
                    return Crc16.crc16(key, i + 1, close) & MASK;
                }
                return Crc16.crc16(key, 0, key.length) & MASK;
            }
            crc = Crc16.update(crc, b);
        }
        return crc & MASK;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
