package io.lodestone.engine.persistence.rdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The CRC-64 that RDB files and DUMP payloads end with: the "Jones" polynomial
 * ({@code 0xad93d23594c935a9}), reflected input and output, initial value 0, no final xor.
 * {@code crc64("123456789") == 0xe9c6d914c4b8d9caL}. Eight bytes per step (slicing-by-8), because a
 * snapshot checksums every byte it writes.
 */
public final class Crc64 {
    /** The Jones polynomial with its bits reversed, for the right-shifting (reflected) form. */
    private static final long REFLECTED_POLY = Long.reverse(0xad93d23594c935a9L);
    private static final long[][] TABLES = new long[8][256];
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLY : crc >>> 1;
            }
            TABLES[0][i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            for (int t = 1; t < 8; t++) {
                long prev = TABLES[t - 1][i];
                TABLES[t][i] = (prev >>> 8) ^ TABLES[0][(int) (prev & 0xff)];
            }
        }
    }

    private Crc64() {}

    /** Continues {@code crc} over {@code len} bytes of {@code data} from {@code off}. */
    public static long update(long crc, byte[] data, int off, int len) {
        int end = off + len;
        long[] t0 = TABLES[0];
        long[] t1 = TABLES[1];
        long[] t2 = TABLES[2];
        long[] t3 = TABLES[3];
        long[] t4 = TABLES[4];
        long[] t5 = TABLES[5];
        long[] t6 = TABLES[6];
        long[] t7 = TABLES[7];
        while (end - off >= 8) {
            crc ^= (long) LONG_LE.get(data, off);
            crc = t7[(int) (crc & 0xff)] ^ t6[(int) ((crc >>> 8) & 0xff)] ^ t5[(int) ((crc >>> 16) & 0xff)]
                    ^ t4[(int) ((crc >>> 24) & 0xff)] ^ t3[(int) ((crc >>> 32) & 0xff)]
                    ^ t2[(int) ((crc >>> 40) & 0xff)] ^ t1[(int) ((crc >>> 48) & 0xff)] ^ t0[(int) (crc >>> 56)];
            off += 8;
        }
        while (off < end) {
            crc = t0[(int) ((crc ^ data[off++]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] data) {
        return update(0, data, 0, data.length);
    }
}
