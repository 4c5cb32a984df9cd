package io.lodestone.jcache.copy;

import java.nio.charset.StandardCharsets;
import javax.cache.CacheException;

/**
 * The default codec: Java serialisation, with compact encodings for the JDK's common immutable
 * key and value types so that they stay small, fast and readable in {@code redis-cli}.
 *
 * <p>Format: the first byte says what follows.
 * <ul>
 *   <li>{@code 's'} + UTF-8: a {@link String}</li>
 *   <li>{@code 'i'} + decimal ASCII: an {@link Integer}</li>
 *   <li>{@code 'l'} + decimal ASCII: a {@link Long}</li>
 *   <li>{@code 'b'} + the bytes: a {@code byte[]}</li>
 *   <li>{@code 0xAC} (the first byte of every Java serialisation stream): anything else, Java
 *       serialised</li>
 * </ul>
 * So the cache key {@code 42} of cache {@code users} is the Lodestone key {@code jcache:users:i42}.
 */
public class DefaultCodec implements Codec {
    static final byte STRING = 's';
    static final byte INT = 'i';
    static final byte LONG = 'l';
    static final byte BYTES = 'b';

    @Override
    public byte[] encode(Object value, int headroom) {
        if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[headroom + 1 + utf8.length];
            out[headroom] = STRING;
            System.arraycopy(utf8, 0, out, headroom + 1, utf8.length);
            return out;
        }
        if (value instanceof Integer i) {
            return decimal(INT, i, headroom);
        }
        if (value instanceof Long l) {
            return decimal(LONG, l, headroom);
        }
        if (value instanceof byte[] b) {
            byte[] out = new byte[headroom + 1 + b.length];
            out[headroom] = BYTES;
            System.arraycopy(b, 0, out, headroom + 1, b.length);
            return out;
        }
        return JavaSerializationCodec.serialize(value, headroom);
    }

    @Override
    public Object decode(byte[] data, int offset, ClassLoader classLoader) {
        if (offset >= data.length) {
            throw new CacheException("empty encoding");
        }
        switch (data[offset]) {
            case STRING:
                return new String(data, offset + 1, data.length - offset - 1, StandardCharsets.UTF_8);
            case INT:
                return (int) parseDecimal(data, offset + 1);
            case LONG:
                return parseDecimal(data, offset + 1);
            case BYTES: {
                byte[] copy = new byte[data.length - offset - 1];
                System.arraycopy(data, offset + 1, copy, 0, copy.length);
                return copy;
            }
            default:
                return JavaSerializationCodec.deserialize(data, offset, classLoader);
        }
    }

    // ---- decimal ASCII, without a String on the way ----

    private static byte[] decimal(byte tag, long v, int headroom) {
        int digits = v < 0 ? digits(v) + 1 : digits(v);
        byte[] out = new byte[headroom + 1 + digits];
        out[headroom] = tag;
        int end = out.length;
        if (v == Long.MIN_VALUE) {
            byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, out, headroom + 1, min.length);
            return out;
        }
        long rest = Math.abs(v);
        for (int i = end - 1; i > headroom + (v < 0 ? 1 : 0); i--) {
            out[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (v < 0) {
            out[headroom + 1] = '-';
        }
        return out;
    }

    /** Number of digits of |v|. */
    private static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 19;
        }
        long a = Math.abs(v);
        int d = 1;
        while (a >= 10) {
            a /= 10;
            d++;
        }
        return d;
    }

    private static long parseDecimal(byte[] data, int from) {
        boolean negative = from < data.length && data[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= data.length) {
            throw new CacheException("malformed number encoding");
        }
        long v = 0;
        for (; i < data.length; i++) {
            int d = data[i] - '0';
            if (d < 0 || d > 9) {
                throw new CacheException("malformed number encoding");
            }
            v = v * 10 - d; // accumulate negatively so that Long.MIN_VALUE fits
        }
        return negative ? v : -v;
    }
}
