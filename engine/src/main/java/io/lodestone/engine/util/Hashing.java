package io.lodestone.engine.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast, well-mixed 32-bit hash of byte arrays for the engine's open-addressing tables. */
public final class Hashing {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private Hashing() {}

    public static int hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static int hash(byte[] data, int off, int len) {
        long h = SEED ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = mixRound(h, (long) LONGS.get(data, i));
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (data[i] & 0xFFL) << shift;
        }
        h = mixRound(h, tail);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    private static long mixRound(long h, long word) {
        word *= 0x87C37B91114253D5L;
        word = Long.rotateLeft(word, 31);
        word *= 0x4CF5AD432745937FL;
        h ^= word;
        return Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
}
