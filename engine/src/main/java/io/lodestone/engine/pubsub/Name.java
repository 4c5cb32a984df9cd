package io.lodestone.engine.pubsub;

import java.util.Arrays;

/** A channel or pattern name as a hash key, compared by content. */
record Name(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Name n && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
