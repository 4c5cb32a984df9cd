package io.lodestone.engine.persistence.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives the elements of a compact encoding (listpack, ziplist, intset, zipmap) in order: each
 * is either a string (a slice of the blob, valid during the call only) or an integer.
 */
public interface EntryVisitor {
    void string(byte[] buf, int off, int len);

    void integer(long value);

    /** A visitor that collects every element as its own array, integers as their decimal text. */
    static Collector collector() {
        return new Collector();
    }

    /** Collects elements as byte arrays. */
    final class Collector implements EntryVisitor {
        private final List<byte[]> elements = new ArrayList<>();

        @Override
        public void string(byte[] buf, int off, int len) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            elements.add(copy);
        }

        @Override
        public void integer(long value) {
            elements.add(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }

        public List<byte[]> elements() {
            return elements;
        }
    }
}
