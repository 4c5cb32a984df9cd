package io.lodestone.engine.persistence.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.keyspace.Keyspace;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Corrupt and truncated files: a precise error (offset, what was expected), never a partial success. */
class RdbCorruptionTest {
    private static final long NOW = RdbFixturesTest.NOW;

    private static String loadError(byte[] file) {
        return assertThrows(RdbFormatException.class, () -> load(file)).getMessage();
    }

    private static void load(byte[] file) throws Exception {
        Keyspace ks = new Keyspace(16);
        new RdbLoader(new RdbContext(EngineConfig.defaults()), true, NOW, null)
                .load(new ByteArrayInputStream(file), file.length, ks);
    }

    @Test
    void badChecksum() {
        byte[] file = Fixtures.bytes("strings.rdb");
        file[file.length - 1] ^= 1;
        String error = loadError(file);
        assertTrue(error.startsWith("offset " + (file.length - 8) + ": wrong RDB checksum: the file says "), error);
    }

    @Test
    void flippedByteInsideTheDataIsCaughtByTheChecksum() {
        byte[] file = Fixtures.bytes("strings.rdb");
        int at = indexOf(file, "hello".getBytes());
        file[at] = 'j';
        assertTrue(loadError(file).contains("wrong RDB checksum"));
    }

    @Test
    void badTypeByte() {
        byte[] file = Fixtures.bytes("multidb.rdb");
        // the first key after SELECTDB 0 and RESIZEDB: replace its type byte
        int select = indexOf(file, new byte[] {(byte) 0xFE, 0x00, (byte) 0xFB});
        int typeAt = select + 5;
        file[typeAt] = 0x42;
        assertEquals("offset " + typeAt + ": invalid value type 0x42 (expected a value type 0..19 or an opcode 0xF5..0xFF)",
                loadError(file));
        file[typeAt] = Rdb.TYPE_STREAM_LISTPACKS_2;
        assertEquals("offset " + typeAt + ": value type 19 (stream) is not supported yet", loadError(file));
    }

    @Test
    void truncatedAtEveryOffsetFailsWithTheOffsetOfTheEnd() {
        byte[] file = Fixtures.bytes("multidb.rdb");
        for (int len = 0; len < file.length; len++) {
            byte[] cut = Arrays.copyOf(file, len);
            String error = loadError(cut);
            assertTrue(error.contains("unexpected end of file while reading") && error.contains("(input is " + len
                    + " bytes)"), len + ": " + error);
        }
    }

    @Test
    void truncatedInsideALongCompressedString() {
        byte[] file = Fixtures.bytes("strings.rdb");
        byte[] cut = Arrays.copyOf(file, file.length / 2);
        String error = loadError(cut);
        assertTrue(error.matches("offset \\d+: unexpected end of file while reading .*\\(input is " + cut.length
                + " bytes\\)"), error);
    }

    @Test
    void headerProblems() {
        assertEquals("offset 0: not an RDB file: it does not start with 'REDIS'", loadError("NOTREDIS0010".getBytes()));
        assertEquals("offset 5: can't handle RDB format version 11 (this server loads 1 to 10)",
                loadError("REDIS0011\u00ff".getBytes()));
        assertEquals("offset 7: invalid RDB version in the header: expected 4 digits", loadError("REDIS00x0".getBytes()));
    }

    @Test
    void databaseBeyondTheConfiguredCount() {
        RdbOutput out = new RdbOutput(64, true);
        RdbEncoder.writeHeader(out);
        RdbEncoder.writeDatabaseStart(out, 20, 1, 0);
        assertEquals("offset 9: the file selects database 20 but this server has 16 databases (see 'databases')",
                loadError(out.toByteArray()));
    }

    @Test
    void duplicateKeysAndFieldsAreCorruption() {
        RdbOutput out = new RdbOutput(64, true);
        RdbEncoder.writeHeader(out);
        RdbEncoder.writeDatabaseStart(out, 0, 2, 0);
        out.writeByte(0);
        out.writeString("k".getBytes());
        out.writeString("v".getBytes());
        int second = out.size() + 1;
        out.writeByte(0);
        out.writeString("k".getBytes());
        out.writeString("w".getBytes());
        RdbEncoder.writeEof(out);
        out.writeLongLE(0);
        assertEquals("offset " + second + ": the key 'k' appears twice in database 0", loadError(out.toByteArray()));

        RdbOutput h = new RdbOutput(64, true);
        RdbEncoder.writeHeader(h);
        h.writeByte(Rdb.TYPE_HASH);
        h.writeString("h".getBytes());
        h.writeLength(2);
        h.writeString("f".getBytes());
        h.writeString("1".getBytes());
        int dup = h.size();
        h.writeString("f".getBytes());
        h.writeString("2".getBytes());
        assertEquals("offset " + dup + ": the value of key 'h' has the field 'f' twice", loadError(h.toByteArray()));
    }

    /** A file with a header and one key of {@code type} named {@code key}; the body follows. */
    private static RdbOutput oneKey(int type, String key) {
        RdbOutput out = new RdbOutput(64, false);
        RdbEncoder.writeHeader(out);
        out.writeByte(type);
        out.writeString(key.getBytes());
        return out;
    }

    @Test
    void repeatedMembersNaNScoresAndUnknownNodeKindsAreCorruption() {
        RdbOutput set = oneKey(Rdb.TYPE_SET, "s");
        set.writeLength(3);
        set.writeString("a".getBytes());
        set.writeString("7".getBytes());
        int dup = set.size();
        set.writeString("7".getBytes());
        assertEquals("offset " + dup + ": the value of key 's' has the member '7' twice", loadError(set.toByteArray()));

        RdbOutput zset = oneKey(Rdb.TYPE_ZSET_2, "z");
        int members = zset.size();
        zset.writeLength(2);
        zset.writeString("m".getBytes());
        zset.writeBinaryDouble(1);
        zset.writeString("m".getBytes());
        zset.writeBinaryDouble(2);
        assertEquals("offset " + members + ": the value of key 'z' has the member 'm' twice",
                loadError(zset.toByteArray()));

        RdbOutput nan = oneKey(Rdb.TYPE_ZSET_2, "z");
        nan.writeLength(1);
        nan.writeString("m".getBytes());
        int score = nan.size();
        nan.writeBinaryDouble(Double.NaN);
        assertEquals("offset " + score + ": the value of key 'z' has a NaN score", loadError(nan.toByteArray()));

        RdbOutput text = oneKey(Rdb.TYPE_ZSET_LISTPACK, "z");
        int blob = text.size();
        text.writeString(new Listpack.Writer().add("m".getBytes()).add("1.5x".getBytes()).toByteArray());
        assertEquals("offset " + blob + ": the value of key 'z' has the score '1.5x', not a number",
                loadError(text.toByteArray()));

        RdbOutput odd = oneKey(Rdb.TYPE_ZSET_LISTPACK, "z");
        int oddAt = odd.size();
        odd.writeString(new Listpack.Writer().add("m".getBytes()).toByteArray());
        assertEquals("offset " + oddAt + ": the value of key 'z': a sorted set needs an even number of elements, found 1",
                loadError(odd.toByteArray()));

        RdbOutput list = oneKey(Rdb.TYPE_LIST_QUICKLIST_2, "l");
        list.writeLength(1);
        int container = list.size();
        list.writeLength(3);
        list.writeString(new Listpack.Writer().add("a".getBytes()).toByteArray());
        assertEquals("offset " + container + ": the value of key 'l': unknown quicklist node container 3",
                loadError(list.toByteArray()));
    }

    @Test
    void corruptListpackInsideAFileNamesTheKey() {
        RdbOutput out = new RdbOutput(64, true);
        RdbEncoder.writeHeader(out);
        out.writeByte(Rdb.TYPE_HASH_LISTPACK);
        out.writeString("h".getBytes());
        byte[] lp = new Listpack.Writer().add("f".getBytes()).add("v".getBytes()).toByteArray();
        lp[lp.length - 1] = 0;
        int blobAt = out.size() + 1;
        out.writeString(lp);
        assertEquals("offset " + (blobAt + lp.length - 1) + ": the value of key 'h': listpack does not end with 0xFF",
                loadError(out.toByteArray()));
    }

    @Test
    void unsupportedOpcodes() {
        RdbOutput out = new RdbOutput(64, true);
        RdbEncoder.writeHeader(out);
        out.writeByte(Rdb.OPCODE_FUNCTION2);
        assertEquals("offset 9: a Redis function library (opcode 0xf5): functions are not supported",
                loadError(out.toByteArray()));
        RdbOutput m = new RdbOutput(64, true);
        RdbEncoder.writeHeader(m);
        m.writeByte(Rdb.OPCODE_MODULE_AUX);
        assertEquals("offset 9: module data (opcode MODULE_AUX 0xF7): Redis modules are not supported",
                loadError(m.toByteArray()));
    }

    @Test
    void badDumpPayloads() throws Exception {
        byte[] payload = Fixtures.bytes("dump-string.bin");
        byte[] badCrc = payload.clone();
        badCrc[badCrc.length - 1] ^= 1;
        assertTrue(!DumpPayload.verify(badCrc));
        byte[] newerVersion = payload.clone();
        newerVersion[newerVersion.length - 10] = 11;
        assertTrue(!DumpPayload.verify(newerVersion));
        assertTrue(!DumpPayload.verify(new byte[9]));
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
