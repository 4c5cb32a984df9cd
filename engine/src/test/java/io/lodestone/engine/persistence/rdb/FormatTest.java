package io.lodestone.engine.persistence.rdb;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CRC-64, LZF, lengths and strings: checked against known vectors and bytes redis-server wrote. */
class FormatTest {
    // ---- CRC-64 ----

    /** Bit-at-a-time reference of the reflected Jones CRC-64. */
    private static long referenceCrc(byte[] data, int off, int len) {
        long poly = Long.reverse(0xad93d23594c935a9L);
        long crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xff;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
        }
        return crc;
    }

    @Test
    void crc64KnownVector() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(US_ASCII)));
        assertEquals(0L, Crc64.of(new byte[0]));
    }

    @Test
    void crc64SlicedMatchesBitwiseReferenceAtEveryLengthAndOffset() {
        byte[] data = new byte[300];
        new Random(42).nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len + off <= data.length; len += 7) {
                assertEquals(referenceCrc(data, off, len), Crc64.update(0, data, off, len), off + "/" + len);
            }
        }
        // continuing a CRC over two pieces gives the CRC of the whole
        assertEquals(Crc64.update(0, data, 0, 300), Crc64.update(Crc64.update(0, data, 0, 123), data, 123, 177));
    }

    @Test
    void crc64MatchesTheTrailerOfEveryFileRedisWrote() {
        for (String name : List.of("strings.rdb", "hashes.rdb", "multidb.rdb", "uncompressed.rdb", "empty.rdb")) {
            byte[] file = Fixtures.bytes(name);
            long stored = 0;
            for (int i = 0; i < 8; i++) {
                stored |= (file[file.length - 8 + i] & 0xffL) << (8 * i);
            }
            assertEquals(stored, Crc64.update(0, file, 0, file.length - 8), name);
        }
    }

    @Test
    void crc64MatchesTheFooterOfDumpPayloadsRedisWrote() {
        for (String name : List.of("dump-string.bin", "dump-int.bin", "dump-lzf.bin", "dump-hash-listpack.bin",
                "dump-hash-table.bin", "dump-intset16.bin", "dump-zset-listpack.bin", "dump-list-quicklist2.bin")) {
            assertTrue(DumpPayload.verify(Fixtures.bytes(name)), name);
        }
    }

    // ---- LZF ----

    private static byte[] roundTrip(byte[] in) {
        Lzf lzf = new Lzf();
        byte[] out = new byte[in.length + in.length / 16 + 64];
        int n = lzf.compress(in, 0, in.length, out, out.length);
        assertTrue(n > 0 || in.length == 0);
        byte[] back = new byte[in.length];
        assertEquals(in.length, Lzf.decompress(out, 0, n, back, 0, in.length));
        assertArrayEquals(in, back);
        return Arrays.copyOf(out, n);
    }

    @Test
    void lzfRoundTripsAllKindsOfInput() {
        Random random = new Random(1);
        for (int len = 0; len < 600; len++) {
            byte[] rnd = new byte[len];
            random.nextBytes(rnd);
            roundTrip(rnd);
            byte[] runs = new byte[len];
            for (int i = 0; i < len; i++) {
                runs[i] = (byte) ((i / 37) % 3);
            }
            roundTrip(runs);
        }
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : i % 251);
        }
        roundTrip(big);
    }

    @Test
    void lzfCompressesRepetitiveDataAndReusesItsTable() {
        Lzf lzf = new Lzf();
        byte[] out = new byte[100];
        byte[] as = "a".repeat(100).getBytes(US_ASCII);
        int n = lzf.compress(as, 0, as.length, out, 96);
        assertTrue(n > 0 && n < 12, "compressed to " + n);
        // a second input: entries left in the table from the first must not produce false matches
        byte[] other = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(US_ASCII);
        byte[] o2 = new byte[64];
        int n2 = lzf.compress(other, 0, other.length, o2, 64);
        byte[] back = new byte[other.length];
        assertEquals(other.length, Lzf.decompress(o2, 0, n2, back, 0, other.length));
        assertArrayEquals(other, back);
    }

    @Test
    void lzfReportsOutputThatDoesNotFit() {
        byte[] rnd = Fixtures.pseudoRandom(100, 7);
        assertEquals(0, new Lzf().compress(rnd, 0, 100, new byte[96], 96));
    }

    @Test
    void lzfDecompressesWhatLiblzfWroteInRedisFiles() throws Exception {
        // "a" x 100 as Redis compressed it in a DUMP payload: C3, compressed length, length, data
        byte[] payload = Fixtures.bytes("dump-lzf.bin");
        assertEquals(0xC3, payload[1] & 0xff);
        RdbInput in = new RdbInput(payload, payload.length - 10);
        assertEquals(0, in.readUnsignedByte("type"));
        assertArrayEquals("a".repeat(100).getBytes(US_ASCII), in.readString("value"));
    }

    @Test
    void lzfRejectsCorruptInput() {
        byte[] out = new byte[10];
        assertEquals(-1, Lzf.decompress(new byte[] {(byte) 0xE0, 0x05, 0x00}, 0, 3, out, 0, 10), "reference before start");
        assertEquals(-1, Lzf.decompress(new byte[] {0x05, 'a', 'b'}, 0, 3, out, 0, 10), "literal run cut short");
        assertEquals(-1, Lzf.decompress(new byte[] {0x01, 'a', 'b', 0x20}, 0, 4, out, 0, 10), "reference cut short");
        assertEquals(-1, Lzf.decompress(new byte[] {0x02, 'a', 'b', 'c'}, 0, 4, out, 0, 2), "more output than announced");
    }

    // ---- lengths and strings ----

    private static byte[] written(java.util.function.Consumer<RdbOutput> w) {
        RdbOutput out = new RdbOutput(16, true);
        w.accept(out);
        return out.toByteArray();
    }

    @Test
    void lengthEncodingsAtEveryBoundary() throws Exception {
        assertArrayEquals(new byte[] {63}, written(o -> o.writeLength(63)));
        assertArrayEquals(new byte[] {0x40, 64}, written(o -> o.writeLength(64)));
        assertArrayEquals(new byte[] {0x7f, (byte) 0xff}, written(o -> o.writeLength(16383)));
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0x40, 0}, written(o -> o.writeLength(16384)));
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                written(o -> o.writeLength(0xFFFFFFFFL)));
        assertArrayEquals(new byte[] {(byte) 0x81, 0, 0, 0, 1, 0, 0, 0, 0}, written(o -> o.writeLength(1L << 32)));
        for (long n : new long[] {0, 1, 63, 64, 16383, 16384, 0xFFFFFFFFL, 1L << 32, Long.MAX_VALUE}) {
            byte[] b = written(o -> o.writeLength(n));
            assertEquals(n, new RdbInput(b, b.length).readLength("n"));
        }
    }

    @Test
    void stringsAreIntegerEncodedExactlyWhenRedisDoesIt() throws Exception {
        assertArrayEquals(new byte[] {(byte) 0xC0, 127}, written(o -> o.writeString(b("127"))));
        assertArrayEquals(new byte[] {(byte) 0xC0, (byte) 0x80}, written(o -> o.writeString(b("-128"))));
        assertArrayEquals(new byte[] {(byte) 0xC1, 0x39, 0x30}, written(o -> o.writeString(b("12345"))));
        assertArrayEquals(new byte[] {(byte) 0xC2, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f},
                written(o -> o.writeString(b("2147483647"))));
        // not canonical, or too large for 32 bits: written as text
        for (String s : List.of("007", "+1", " 1", "-0", "2147483648", "12345678901", "")) {
            byte[] enc = written(o -> o.writeString(b(s)));
            assertEquals(s.length(), enc[0], s);
            assertArrayEquals(b(s), new RdbInput(enc, enc.length).readString("s"));
        }
        for (String s : List.of("0", "-1", "127", "-129", "32767", "-32768", "65535", "-2147483648")) {
            byte[] enc = written(o -> o.writeString(b(s)));
            assertEquals(3, (enc[0] & 0xff) >>> 6, s);
            assertArrayEquals(b(s), new RdbInput(enc, enc.length).readString("s"), s);
        }
    }

    @Test
    void longStringsAreCompressedOnlyWhenItPays() throws Exception {
        byte[] as = "a".repeat(100).getBytes(US_ASCII);
        byte[] enc = written(o -> o.writeString(as));
        assertEquals(0xC3, enc[0] & 0xff);
        assertArrayEquals(as, new RdbInput(enc, enc.length).readString("s"));
        byte[] twenty = "a".repeat(20).getBytes(US_ASCII);
        assertEquals(20, written(o -> o.writeString(twenty))[0], "20 bytes are never compressed");
        byte[] rnd = Fixtures.pseudoRandom(100, 7);
        assertEquals(100, written(o -> o.writeString(rnd))[1], "incompressible: plain (14-bit length 0x40 0x64)");
        RdbOutput plain = new RdbOutput(16, false);
        plain.writeString(as);
        assertEquals(0x40, plain.toByteArray()[0], "rdbcompression no");
        assertEquals(100, plain.toByteArray()[1], "rdbcompression no");
    }

    @Test
    void readErrorsNameTheOffsetAndWhatWasExpected() {
        byte[] truncated = {0x05, 'a', 'b'};
        RdbFormatException e = assertThrows(RdbFormatException.class,
                () -> new RdbInput(truncated, truncated.length).readString("the value of key 'k'"));
        assertEquals("offset 1: unexpected end of payload while reading the value of key 'k' (input is 3 bytes)",
                e.getMessage());
        byte[] badLength = {(byte) 0x82};
        e = assertThrows(RdbFormatException.class, () -> new RdbInput(badLength, 1).readLength("a field count"));
        assertEquals("offset 0: invalid length encoding 0x82 for a field count", e.getMessage());
        byte[] badLzf = {(byte) 0xC3, 3, 10, 0x00, 'a', 0x20};
        e = assertThrows(RdbFormatException.class, () -> new RdbInput(badLzf, badLzf.length).readString("v"));
        assertTrue(e.getMessage().startsWith("offset 3: invalid LZF data for v"), e.getMessage());
        byte[] badEnc = {(byte) 0xC5};
        e = assertThrows(RdbFormatException.class, () -> new RdbInput(badEnc, 1).readString("v"));
        assertEquals("offset 0: unknown string encoding 0xc5 for v", e.getMessage());
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static List<String> strings(List<byte[]> elements) {
        List<String> out = new ArrayList<>();
        for (byte[] e : elements) {
            out.add(new String(e, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return out;
    }
}
