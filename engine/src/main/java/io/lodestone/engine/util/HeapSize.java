package io.lodestone.engine.util;

/**
 * Sizes of Java heap objects as a 64-bit HotSpot JVM lays them out with compressed oops and class
 * pointers (the default for heaps under 32 GB): a 12-byte object header, 16-byte array headers,
 * 4-byte references, everything padded to 8 bytes. The memory estimate (INFO used_memory, MEMORY
 * USAGE, maxmemory) is built from these, since Java cannot ask its allocator what an object costs.
 */
public final class HeapSize {
    /** Header of a plain object: mark word and compressed class pointer. */
    public static final int OBJECT_HEADER = 12;
    /** Header of an array: the object header and the length. */
    public static final int ARRAY_HEADER = 16;
    /** A compressed reference. */
    public static final int REFERENCE = 4;

    private HeapSize() {}

    /** Rounds up to the JVM's 8-byte object alignment. */
    public static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** An object with {@code fieldBytes} of fields. */
    public static long object(int fieldBytes) {
        return align(OBJECT_HEADER + fieldBytes);
    }

    public static long byteArray(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    public static long shortArray(int length) {
        return align(ARRAY_HEADER + 2L * length);
    }

    public static long intArray(int length) {
        return align(ARRAY_HEADER + 4L * length);
    }

    public static long longArray(int length) {
        return align(ARRAY_HEADER + 8L * length);
    }

    /** An array of references ({@code Object[]}, {@code byte[][]}). */
    public static long referenceArray(int length) {
        return align(ARRAY_HEADER + (long) REFERENCE * length);
    }
}
