package io.lodestone.engine.persistence.aof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AofManifestTest {
    private static AofManifest parse(String text) throws AofFormatException {
        return AofManifest.parse(text.getBytes(StandardCharsets.UTF_8), "appendonly.aof.manifest", "appendonly.aof");
    }

    private static String text(AofManifest m) {
        return new String(m.format(), StandardCharsets.UTF_8);
    }

    @Test
    void readsRedisManifestAndWritesItBackTheSame() throws Exception {
        String redis = "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n";
        AofManifest m = parse(redis);
        assertEquals("appendonly.aof.2.base.rdb", m.base().name());
        assertEquals(List.of("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof"),
                m.loadOrder().stream().map(AofManifest.Entry::name).toList());
        assertEquals(redis, text(m));
    }

    @Test
    void newIncrementalFilesAndRewritesTakeTheNextSequenceNumbers() throws Exception {
        AofManifest m = parse("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        AofManifest during = m.withNewIncr();
        assertEquals("appendonly.aof.3.incr.aof", during.lastIncr().name());
        assertEquals("appendonly.aof.3.base.aof", during.nextBaseName(false));
        AofManifest after = during.withRewrite(during.nextBaseName(true), true, 2);
        assertEquals("file appendonly.aof.3.base.rdb seq 3 type b\n"
                + "file appendonly.aof.2.base.rdb seq 2 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type h\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n", text(after));
        assertEquals("file appendonly.aof.3.base.rdb seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n",
                text(after.withoutHistory()));
    }

    @Test
    void anEmptyManifestStartsAtSequenceOne() {
        AofManifest m = AofManifest.empty("appendonly.aof").withNewIncr();
        assertNull(m.base());
        assertEquals("appendonly.aof.1.incr.aof", m.lastIncr().name());
        assertEquals("appendonly.aof.1.base.rdb", m.nextBaseName(true));
    }

    @Test
    void commentsBlankLinesAndUnknownKeysAreSkippedAndQuotedNamesRead() throws Exception {
        AofManifest m = parse("# written by hand\n\nfile \"my file.1.base.rdb\" seq 1 type b future x\n");
        assertEquals("my file.1.base.rdb", m.base().name());
        assertEquals("file \"my file.1.base.rdb\" seq 1 type b\n", text(m));
    }

    @Test
    void invalidManifestsAreRefusedWithTheLine() {
        assertMessage("line 2", "Found duplicate base file information",
                "file a.1.base.rdb seq 1 type b\nfile a.2.base.rdb seq 2 type b\n");
        assertMessage("line 2", "Found a non-monotonic sequence number",
                "file a.2.incr.aof seq 2 type i\nfile a.1.incr.aof seq 1 type i\n");
        assertMessage("line 1", "expected 'file <name> seq <n> type <b|i|h>'", "file a.1.base.rdb seq 1\n");
        assertMessage("line 1", "Unknown AOF file type 'x'", "file a seq 1 type x\n");
        assertMessage("line 1", "bad sequence number 'one'", "file a seq one type b\n");
        assertMessage("line 1", "no newline", "file a.1.base.rdb seq 1 type b");
        assertMessage("line 1", "bad file name", "file ../x seq 1 type b\n");
        assertMessage("manifest", "Found an empty AOF manifest", "# nothing\n");
    }

    private static void assertMessage(String where, String what, String manifest) {
        AofFormatException e = assertThrows(AofFormatException.class, () -> parse(manifest));
        assertTrue(e.getMessage().contains(where) && e.getMessage().contains(what), e.getMessage());
    }
}
