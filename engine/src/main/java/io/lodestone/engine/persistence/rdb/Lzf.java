package io.lodestone.engine.persistence.rdb;

/**
 * LZF compression in liblzf's format, which RDB files use for strings ({@code rdbcompression yes}).
 *
 * <p>The compressed stream is a sequence of items, each starting with a control byte:
 * <ul>
 *   <li>{@code 000nnnnn}: a literal run of {@code n + 1} bytes (1..32) that follow;</li>
 *   <li>{@code lllooooo oooooooo}: a back reference of length {@code l + 2} (3..8) to the byte
 *       {@code o + 1} (1..8192) positions back in the output;</li>
 *   <li>{@code 111ooooo LLLLLLLL oooooooo}: the same with length {@code L + 9} (9..264).</li>
 * </ul>
 *
 * <p>The compressor finds matches through a hash table of 3-byte prefixes. An instance keeps its
 * table between calls (stale entries are harmless: a candidate is always checked byte by byte), so
 * compressing many small strings allocates nothing; an instance is not thread-safe.
 */
public final class Lzf {
    private static final int HASH_BITS = 14;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 8192;
    private static final int MAX_MATCH = 264;
    private static final int SHORT_MATCH_LIMIT = 9;

    private final int[] table = new int[1 << HASH_BITS];

    /**
     * Compresses {@code in[inOff, inOff + inLen)} into {@code out} from index 0, writing at most
     * {@code maxOut} bytes. Returns the compressed length, or 0 if it would not fit (as liblzf's
     * {@code lzf_compress}), which is how callers learn that compression does not pay.
     */
    public int compress(byte[] in, int inOff, int inLen, byte[] out, int maxOut) {
        int end = inOff + inLen;
        int ip = inOff;
        int literalStart = ip;
        int op = 0;
        int[] table = this.table;
        while (ip + 2 < end) {
            int h = hash(in, ip);
            int ref = table[h];
            table[h] = ip;
            if (ref >= inOff && ref < ip && ip - ref <= MAX_DISTANCE
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int maxLen = Math.min(MAX_MATCH, end - ip);
                int len = 3;
                while (len < maxLen && in[ref + len] == in[ip + len]) {
                    len++;
                }
                op = literals(in, literalStart, ip - literalStart, out, op, maxOut);
                if (op < 0) {
                    return 0;
                }
                int offset = ip - ref - 1;
                if (len < SHORT_MATCH_LIMIT) {
                    if (op + 2 > maxOut) {
                        return 0;
                    }
                    out[op++] = (byte) (((len - 2) << 5) | (offset >>> 8));
                } else {
                    if (op + 3 > maxOut) {
                        return 0;
                    }
                    out[op++] = (byte) ((7 << 5) | (offset >>> 8));
                    out[op++] = (byte) (len - SHORT_MATCH_LIMIT);
                }
                out[op++] = (byte) offset;
                // index the positions inside the match too: later repeats of them are found
                int matchEnd = ip + len;
                for (int p = ip + 1; p < matchEnd && p + 2 < end; p++) {
                    table[hash(in, p)] = p;
                }
                ip = matchEnd;
                literalStart = ip;
            } else {
                ip++;
            }
        }
        op = literals(in, literalStart, end - literalStart, out, op, maxOut);
        return op < 0 ? 0 : op;
    }

    /** Writes a run of literals as items of at most 32 bytes; returns the new output index, or -1. */
    private static int literals(byte[] in, int from, int count, byte[] out, int op, int maxOut) {
        while (count > 0) {
            int n = Math.min(count, MAX_LITERAL);
            if (op + 1 + n > maxOut) {
                return -1;
            }
            out[op++] = (byte) (n - 1);
            System.arraycopy(in, from, out, op, n);
            op += n;
            from += n;
            count -= n;
        }
        return op;
    }

    private static int hash(byte[] in, int p) {
        int v = ((in[p] & 0xff) << 16) | ((in[p + 1] & 0xff) << 8) | (in[p + 2] & 0xff);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /**
     * Decompresses {@code in[inOff, inOff + inLen)} into {@code out[outOff, outOff + outLen)}.
     * Returns the number of bytes produced, or -1 if the input is corrupt: a truncated item, a back
     * reference before the start of the output, or more output than {@code outLen}.
     */
    public static int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        int ip = inOff;
        int inEnd = inOff + inLen;
        int op = outOff;
        int outEnd = outOff + outLen;
        while (ip < inEnd) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LITERAL) {
                int n = ctrl + 1;
                if (ip + n > inEnd || op + n > outEnd) {
                    return -1;
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
                continue;
            }
            int len = ctrl >>> 5;
            if (len == 7) {
                if (ip >= inEnd) {
                    return -1;
                }
                len += in[ip++] & 0xff;
            }
            if (ip >= inEnd) {
                return -1;
            }
            int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
            len += 2;
            if (ref < outOff || op + len > outEnd) {
                return -1;
            }
            // byte by byte: the reference may overlap what it produces (runs)
            for (int i = 0; i < len; i++) {
                out[op++] = out[ref++];
            }
        }
        return op - outOff;
    }
}
