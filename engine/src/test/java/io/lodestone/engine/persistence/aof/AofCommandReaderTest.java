package io.lodestone.engine.persistence.aof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AofCommandReaderTest {
    private static final String SET = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"; // 31 bytes

    private static AofCommandReader reader(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new AofCommandReader(new ByteArrayInputStream(b), b.length);
    }

    private static String words(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    @Test
    void readsCommandsSkipsAnnotationsAndTracksOffsets() throws Exception {
        AofCommandReader r = reader("#TS:1700000000\r\n" + SET + "*1\r\n$5\r\nMULTI\r\n");
        assertEquals("SET k value", words(r.next()));
        assertEquals(16, r.commandStart());
        assertEquals(16 + 31, r.position());
        assertEquals("MULTI", words(r.next()));
        assertNull(r.next());
    }

    @Test
    void binaryArgumentsKeepEveryByte() throws Exception {
        AofCommandReader r = reader("*2\r\n$3\r\nGET\r\n$4\r\n\r\n\0\u00ff\r\n");
        assertArrayEquals(new byte[] {'\r', '\n', 0, (byte) 0xff}, r.next()[1]);
    }

    @Test
    void aFileEndingInsideACommandIsATruncationAtThatCommandsStart() {
        String[] cuts = {"*", "*3", "*3\r", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nval", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r",
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5"};
        for (String cut : cuts) {
            AofCommandReader r = reader(SET + cut);
            AofCommandReader.TruncatedException e = assertThrows(AofCommandReader.TruncatedException.class, () -> {
                r.next();
                r.next();
            }, cut);
            assertEquals(31, e.validLength(), cut);
        }
    }

    @Test
    void aLengthBeyondTheEndOfTheFileIsATruncationNotAnAllocation() {
        AofCommandReader r = reader("*2\r\n$3\r\nGET\r\n$2147483000\r\nabc");
        assertThrows(AofCommandReader.TruncatedException.class, r::next);
        AofCommandReader many = reader("*1000000\r\n$3\r\nGET\r\n");
        assertThrows(AofCommandReader.TruncatedException.class, many::next);
    }

    @Test
    void malformedBytesAreReportedWithTheirOffset() {
        assertMalformed(SET + "+OK\r\n", 31, "expected '*'");
        assertMalformed(SET + "*1\r\n:3\r\n", 35, "expected '$'");
        assertMalformed(SET + "*x\r\n", 35, "bad '*' length");
        assertMalformed(SET + "*0\r\n", 31, "bad argument count 0");
        assertMalformed(SET + "*1\r\n$3\r\nGETxx", 42, "expected CRLF");
        assertMalformed("*1\n$3\r\nGET\r\n", 3, "not ended by CRLF");
    }

    private static void assertMalformed(String text, long offset, String reason) {
        AofCommandReader r = reader(text);
        AofCommandReader.MalformedException e = assertThrows(AofCommandReader.MalformedException.class, () -> {
            while (r.next() != null) {
                // skip the good ones
            }
        });
        assertEquals(offset, e.offset(), text);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
