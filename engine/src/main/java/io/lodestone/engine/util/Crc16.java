package io.lodestone.engine.util;

/** CRC16/XMODEM (polynomial 0x1021, initial 0), the checksum Redis Cluster hashes keys with. */
public final class Crc16 {
    private static final char[] TABLE = new char[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = (char) crc;
        }
    }

    private Crc16() {}

    public static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = update(crc, data[i]);
        }
        return crc & 0xFFFF;
    }

    /**
     * One byte more of a running CRC. Bits above the low 16 are left as garbage (they never reach
     * the table index, which reads bits 8..15): mask the final value with 0xFFFF.
     */
    public static int update(int crc, byte b) {
        return (crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF];
    }
}
