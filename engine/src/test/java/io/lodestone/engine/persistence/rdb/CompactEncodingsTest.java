package io.lodestone.engine.persistence.rdb;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listpack, ziplist, intset and zipmap: read from blobs redis-server 7.0.15 wrote, and written back identically. */
class CompactEncodingsTest {
    private static List<String> listpack(byte[] lp) throws RdbFormatException {
        EntryVisitor.Collector c = EntryVisitor.collector();
        Listpack.forEach(lp, 0, "test", c);
        return FormatTest.strings(c.elements());
    }

    private static byte[] writeListpack(List<String> elements) {
        Listpack.Writer w = new Listpack.Writer();
        for (String e : elements) {
            w.add(e.getBytes(ISO_8859_1));
        }
        return w.toByteArray();
    }

    @Test
    void listpackOfAHashAsRedisWroteIt() throws Exception {
        byte[] lp = Fixtures.payloadBlob("dump-hash-listpack.bin");
        assertEquals(List.of("f1", "v1", "f2", "2"), listpack(lp));
        assertArrayEquals(lp, writeListpack(List.of("f1", "v1", "f2", "2")), "our listpack is byte-identical");
    }

    @Test
    void listpackOfASortedSetAsRedisWroteIt() throws Exception {
        byte[] lp = Fixtures.payloadBlob("dump-zset-listpack.bin");
        List<String> elements = listpack(lp);
        assertEquals(List.of("c", "-3", "a", "1", "b", "2.5", "12", "100"), elements);
        assertArrayEquals(lp, writeListpack(elements));
    }

    @Test
    void quicklistNodeAsRedisWroteIt() throws Exception {
        // a list: RDB type 18, one node, container 2 (packed), a listpack compressed with LZF
        byte[] payload = Fixtures.bytes("dump-list-quicklist2.bin");
        RdbInput in = new RdbInput(payload, payload.length - 10);
        assertEquals(Rdb.TYPE_LIST_QUICKLIST_2, in.readUnsignedByte("type"));
        assertEquals(1, in.readLength("nodes"));
        assertEquals(2, in.readLength("container"));
        byte[] lp = in.readString("node");
        List<String> elements = listpack(lp);
        assertEquals(List.of("a", "1", "-1", "200", "x".repeat(100), "70000", "5000000000"), elements);
        assertArrayEquals(lp, writeListpack(elements));
    }

    @Test
    void listpackEveryEncodingRoundTrips() throws Exception {
        List<String> elements = new ArrayList<>();
        for (long v : new long[] {0, 127, 128, -1, -4096, 4095, -4097, 4096, 32767, -32768, 32768, 8388607,
                -8388608, 8388608, 2147483647L, -2147483648L, 2147483648L, Long.MAX_VALUE, Long.MIN_VALUE + 1}) {
            elements.add(Long.toString(v));
        }
        for (int len : new int[] {0, 1, 63, 64, 127, 4095, 4096, 16380, 16383, 70000}) {
            elements.add("s".repeat(len));
        }
        elements.addAll(List.of("007", "-0", "+5", "1.0", "99999999999999999999"));
        byte[] lp = writeListpack(elements);
        assertEquals(elements, listpack(lp));
    }

    @Test
    void listpackCorruptionIsReportedWithItsOffset() {
        byte[] lp = writeListpack(List.of("f1", "v1"));
        byte[] badEnd = lp.clone();
        badEnd[badEnd.length - 1] = 0;
        assertEquals("offset 114: test: listpack does not end with 0xFF", error(badEnd, 100));
        byte[] badTotal = Arrays.copyOf(lp, lp.length + 1);
        badTotal[badTotal.length - 1] = (byte) 0xFF;
        assertEquals("offset 100: test: listpack header says 15 bytes, blob has 16", error(badTotal, 100));
        byte[] badBacklen = lp.clone();
        badBacklen[9] = 9;
        assertEquals("offset 109: test: listpack entry back length does not match its size 3", error(badBacklen, 100));
        byte[] badCount = lp.clone();
        badCount[4] = 3;
        assertEquals("offset 104: test: listpack header counts 3 elements, found 2", error(badCount, 100));
        byte[] badEncoding = lp.clone();
        badEncoding[6] = (byte) 0xF7;
        assertEquals("offset 106: test: invalid listpack entry encoding 0xf7", error(badEncoding, 100));
        byte[] overrun = lp.clone();
        overrun[6] = (byte) 0xBF; // a 63-byte string in a 15-byte listpack
        assertEquals("offset 106: test: listpack entry runs past the end of the listpack", error(overrun, 100));
    }

    private static String error(byte[] lp, long at) {
        return assertThrows(RdbFormatException.class, () -> Listpack.forEach(lp, at, "test", EntryVisitor.collector()))
                .getMessage();
    }

    // ---- ziplist ----

    @Test
    void ziplistEveryEncodingRoundTrips() throws Exception {
        Ziplist.Writer w = new Ziplist.Writer();
        List<String> elements = new ArrayList<>();
        for (long v : new long[] {0, 12, 13, -1, 127, -128, 128, 32767, -32768, 8388607, -8388608, 2147483647L,
                -2147483648L, 2147483648L, Long.MAX_VALUE}) {
            elements.add(Long.toString(v));
        }
        for (int len : new int[] {0, 1, 63, 64, 300, 16383, 16384, 70000}) {
            elements.add("z".repeat(len));
        }
        for (String e : elements) {
            w.add(e.getBytes(ISO_8859_1));
        }
        byte[] zl = w.toByteArray();
        EntryVisitor.Collector c = EntryVisitor.collector();
        assertEquals(elements.size(), Ziplist.forEach(zl, 0, "zl", c));
        assertEquals(elements, FormatTest.strings(c.elements()));
    }

    @Test
    void ziplistCorruption() {
        byte[] zl = new Ziplist.Writer().add("a".getBytes(ISO_8859_1)).add(5).toByteArray();
        byte[] badTail = zl.clone();
        badTail[4] = 10;
        assertEquals("offset 54: zl: ziplist tail offset 10 is not the last entry (13)", zlError(badTail));
        byte[] badPrev = zl.clone();
        badPrev[13] = 7;
        assertEquals("offset 63: zl: ziplist entry says the previous one is 7 bytes, it is 3", zlError(badPrev));
        byte[] badEnc = zl.clone();
        badEnc[11] = (byte) 0xC5;
        assertEquals("offset 61: zl: invalid ziplist encoding 0xc5", zlError(badEnc));
    }

    private static String zlError(byte[] zl) {
        return assertThrows(RdbFormatException.class, () -> Ziplist.forEach(zl, 50, "zl", EntryVisitor.collector()))
                .getMessage();
    }

    // ---- intset ----

    @Test
    void intsetsAsRedisWroteThem() throws Exception {
        assertIntset("dump-intset16.bin", new long[] {-2, 1, 300, 32767});
        assertIntset("dump-intset32.bin", new long[] {-70000, 1, 70000});
        assertIntset("dump-intset64.bin", new long[] {Long.MIN_VALUE, 1, 5000000000L});
    }

    private static void assertIntset(String fixture, long[] expected) throws Exception {
        byte[] blob = Fixtures.payloadBlob(fixture);
        List<Long> values = new ArrayList<>();
        Intset.forEach(blob, 0, fixture, new EntryVisitor() {
            @Override
            public void string(byte[] buf, int off, int len) {
                throw new AssertionError("intsets hold integers only");
            }

            @Override
            public void integer(long value) {
                values.add(value);
            }
        });
        assertEquals(Arrays.stream(expected).boxed().toList(), values, fixture);
        assertArrayEquals(blob, Intset.of(expected), fixture + ": our intset is byte-identical");
    }

    @Test
    void intsetCorruption() {
        byte[] unsorted = Intset.of(new long[] {1, 2});
        unsorted[8] = 5;
        assertEquals("offset 10: s: intset elements are not in strictly ascending order", intsetError(unsorted));
        byte[] badWidth = Intset.of(new long[] {1});
        badWidth[0] = 3;
        assertEquals("offset 0: s: invalid intset element width 3", intsetError(badWidth));
        byte[] badSize = Arrays.copyOf(Intset.of(new long[] {1}), 11);
        assertEquals("offset 4: s: intset of 1 elements of 2 bytes cannot be 11 bytes long", intsetError(badSize));
    }

    private static String intsetError(byte[] is) {
        return assertThrows(RdbFormatException.class, () -> Intset.forEach(is, 0, "s", EntryVisitor.collector()))
                .getMessage();
    }

    // ---- zipmap ----

    @Test
    void zipmapReadsKeysAndValuesSkippingFreeBytes() throws Exception {
        // count 2; "ab" -> "xyz" with 2 free bytes; a 300-byte key (5-byte length) -> "1"
        byte[] big = "k".repeat(300).getBytes(ISO_8859_1);
        java.io.ByteArrayOutputStream zm = new java.io.ByteArrayOutputStream();
        zm.write(2);
        zm.write(2);
        zm.writeBytes("ab".getBytes(ISO_8859_1));
        zm.write(3);
        zm.write(2);
        zm.writeBytes("xyz??".getBytes(ISO_8859_1));
        zm.write(0xFE);
        zm.writeBytes(new byte[] {(byte) 0x2C, 1, 0, 0});
        zm.writeBytes(big);
        zm.write(1);
        zm.write(0);
        zm.write('1');
        zm.write(0xFF);
        EntryVisitor.Collector c = EntryVisitor.collector();
        assertEquals(4, Zipmap.forEach(zm.toByteArray(), 0, "zm", c));
        assertEquals(List.of("ab", "xyz", "k".repeat(300), "1"), FormatTest.strings(c.elements()));
        byte[] cut = Arrays.copyOf(zm.toByteArray(), 8);
        assertThrows(RdbFormatException.class, () -> Zipmap.forEach(cut, 0, "zm", EntryVisitor.collector()));
    }
}
