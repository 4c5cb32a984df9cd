package io.lodestone.engine.persistence.rdb;

import io.lodestone.engine.EngineConfig;
import java.nio.charset.StandardCharsets;

/**
 * What codecs need besides the bytes: the encoding limits of the engine (a loaded hash becomes
 * compact or not by the same rules as one built by commands), reusable scratch buffers, and the key
 * being read, for error messages. One per save or load; not thread-safe.
 */
public final class RdbContext {
    private final EngineConfig config;
    private Listpack.Writer listpack;
    private byte[] scratch;
    private byte[] currentKey;

    public RdbContext(EngineConfig config) {
        this.config = config;
    }

    public EngineConfig config() {
        return config;
    }

    /** An empty listpack writer, reused between values. */
    public Listpack.Writer listpackWriter() {
        if (listpack == null) {
            listpack = new Listpack.Writer();
        }
        listpack.reset();
        return listpack;
    }

    /** A buffer of at least {@code size} bytes, reused between values (its contents are not kept). */
    byte[] scratch(int size) {
        if (scratch == null || scratch.length < size) {
            scratch = new byte[Math.max(size, 256)];
        }
        return scratch;
    }

    void setCurrentKey(byte[] key) {
        this.currentKey = key;
    }

    /**
     * "the value of key 'k'" for the key being read, for error messages: an object whose
     * {@code toString} names it, so that the name is built only when an error is reported, not for
     * every key of a load.
     */
    public Object what() {
        return valueOfCurrentKey;
    }

    private final Object valueOfCurrentKey = new Object() {
        @Override
        public String toString() {
            return currentKey == null ? "the value" : "the value of key " + describe(currentKey);
        }
    };

    /** "{@code prefix}{@code what}", put together only if its {@code toString} is called (an error). */
    public static Object named(String prefix, Object what) {
        return new Object() {
            @Override
            public String toString() {
                return prefix + what;
            }
        };
    }

    /** A key for a message: quoted, at most 64 characters, non-printable bytes escaped. */
    public static String describe(byte[] key) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(key.length, 64);
        for (int i = 0; i < n; i++) {
            int c = key[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (key.length > n) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
