package io.lodestone.server.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RespDecoder on an EmbeddedChannel. Every expectation here (argv, error text, when the error
 * fires, when the decoder just waits) was checked by sending the same bytes to redis-server 7.0.15.
 * Inputs are written with ISO-8859-1 so that each char is one byte.
 */
class RespDecoderTest {
    private final Limits limits = new Limits();
    private EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits));

    /** Adjustable limits; defaults are Redis's (512 MB bulks, 1 GB query buffer, authenticated). */
    static final class Limits implements RequestLimits {
        long maxBulk = 512L * 1024 * 1024;
        long maxQuery = 1024L * 1024 * 1024;
        boolean authenticated = true;

        @Override
        public long maxBulkLength() {
            return maxBulk;
        }

        @Override
        public long maxQueryBuffer() {
            return maxQuery;
        }

        @Override
        public boolean authenticated() {
            return authenticated;
        }
    }

    @AfterEach
    void finish() {
        // nothing decoded was left unread by the test, and no buffer is left behind
        assertFalse(channel.finish(), "unread inbound messages");
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds {@code input} in one write and returns every request decoded, as text words. */
    private List<List<String>> feed(String input) {
        channel.writeInbound(bytes(input));
        return drain();
    }

    private List<List<String>> drain() {
        List<List<String>> requests = new ArrayList<>();
        byte[][] argv;
        while ((argv = channel.readInbound()) != null) {
            requests.add(Arrays.stream(argv).map(a -> new String(a, StandardCharsets.ISO_8859_1)).collect(Collectors.toList()));
        }
        return requests;
    }

    /** Feeds input that must fail, returns the ProtocolException; nothing is decoded after it. */
    private ProtocolException failing(String input) {
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes(input)));
        assertTrue(e.getCause() instanceof ProtocolException, () -> "not a protocol error: " + e);
        return (ProtocolException) e.getCause();
    }

    /**
     * Feeds input whose end is a protocol error with this reply; returns what was decoded before
     * the error and checks that everything after it is dropped.
     */
    private List<List<String>> assertProtocolError(String expectedReply, String input) {
        ProtocolException e = failing(input);
        assertEquals(expectedReply, e.replyText());
        List<List<String>> before = drain();
        channel.writeInbound(bytes("PING\r\n*1\r\n$4\r\nPING\r\n"));
        assertEquals(List.of(), drain(), "input after a protocol error is dropped");
        return before;
    }

    /** Finishes the current channel (checking it is clean) and starts a fresh decoder. */
    private void restart() {
        assertFalse(channel.finish());
        channel = new EmbeddedChannel(new RespDecoder(limits));
    }

    private static List<String> words(String... w) {
        return List.of(w);
    }

    // ---- framing ----

    @Test
    void multibulkAndInlineMixedInOnePipeline() {
        assertEquals(List.of(words("SET", "k", "v"), words("GET", "k"), words("PING"), words("ECHO", "a b")),
                feed("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\nGET k\r\n*1\r\n$4\r\nPING\r\nECHO \"a b\"\r\n"));
    }

    /** The same pipeline split at every byte offset, into two and into one-byte writes, decodes the same. */
    @Test
    void splitAtEveryOffsetGivesTheSameArgv() {
        String pipeline = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$10\r\nva\r\nl\0ue\r\n\r\n"
                + "GET key\r\n"
                + "\r\n"
                + "*0\r\n"
                + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
                + "  ECHO  'x y'  \"\\x41\\n\"\n"
                + "*-1\r\n"
                + "*1\r\n$4\r\nPING\r\n";
        List<List<String>> expected = List.of(
                words("SET", "key", "va\r\nl\0ue\r\n"), words("GET", "key"), words("ECHO", ""),
                words("ECHO", "x y", "A\n"), words("PING"));
        assertEquals(expected, feed(pipeline));
        byte[] all = pipeline.getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 1; cut < all.length; cut++) {
            channel.writeInbound(Unpooled.wrappedBuffer(all, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(all, cut, all.length - cut));
            assertEquals(expected, drain(), "split at " + cut);
        }
        for (byte b : all) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(expected, drain(), "byte by byte");
    }

    @Test
    void incompleteRequestWaits() {
        for (String part : List.of("*2\r", "\n$4\r\nEC", "HO\r\n$", "1", "\r", "\n", "x", "\r")) {
            assertEquals(List.of(), feed(part), part);
        }
        assertEquals(List.of(words("ECHO", "x")), feed("\n"));
    }

    @Test
    void countLineEndsAtCarriageReturnAndTheNextByteIsNotChecked() {
        // Redis: *1\rX$4\rXPINGxx is PING (the byte after '\r' and the bulk's CRLF are skipped blind)
        assertEquals(List.of(words("PING")), feed("*1\rX$4\rXPINGxx"));
        assertEquals(List.of(words("PING"), words("PING")), feed("*1\r\n$4\r\nPINGxxPING\r\n"));
    }

    @Test
    void countLineNeedsTheByteAfterCarriageReturn() {
        assertEquals(List.of(), feed("*1\r"));
        assertEquals(List.of(), feed("\n$4\r"));
        assertEquals(List.of(words("PING")), feed("\nPING\r\n"));
    }

    @Test
    void emptyAndNegativeMultibulkCountsAreSkipped() {
        assertEquals(List.of(words("PING")), feed("*0\r\n*-1\r\n*-5\r\n*-9223372036854775808\r\nPING\r\n"));
    }

    @Test
    void largestMultibulkCountIsAccepted() {
        assertEquals(List.of(), feed("*2147483647\r\n")); // waits for the arguments, as Redis does
    }

    @Test
    void bulkMayContainAnyByte() {
        assertEquals(List.of(words("ECHO", "\0\r\n*$\u00ff")), feed("*2\r\n$4\r\nECHO\r\n$6\r\n\0\r\n*$\u00ff\r\n"));
    }

    @Test
    void zeroLengthBulk() {
        assertEquals(List.of(words("")), feed("*1\r\n$0\r\n\r\n"));
    }

    @Test
    void bigBulkAcrossManyWrites() {
        byte[] value = new byte[100_000];
        Arrays.fill(value, (byte) 'v');
        String payload = new String(value, StandardCharsets.ISO_8859_1);
        String request = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n" + payload + "\r\n";
        for (int i = 0; i < request.length(); i += 7_000) {
            channel.writeInbound(bytes(request.substring(i, Math.min(request.length(), i + 7_000))));
        }
        assertEquals(List.of(words("SET", "k", payload)), drain());
    }

    // ---- inline quoting (sdssplitargs) ----

    static Stream<Arguments> quoting() {
        return Stream.of(
                arguments("ECHO a", words("ECHO", "a")),
                arguments("  ECHO   a  ", words("ECHO", "a")),
                arguments("ECHO \"a b\"", words("ECHO", "a b")),
                arguments("ECHO 'a b'", words("ECHO", "a b")),
                arguments("ECHO \"\"", words("ECHO", "")),
                arguments("ECHO ''", words("ECHO", "")),
                arguments("ECHO \"\\x41\\x62\\xFF\\x0a\"", words("ECHO", "Ab\u00ff\n")),
                arguments("ECHO \"\\x4g\"", words("ECHO", "x4g")),
                arguments("ECHO \"\\n\\r\\t\\b\\a\\z\\\\\\\"\"", words("ECHO", "\n\r\t\b\u0007z\\\"")),
                arguments("ECHO 'a\\'b'", words("ECHO", "a'b")),
                arguments("ECHO 'a\\nb'", words("ECHO", "a\\nb")),
                arguments("ECHO a\"b c\"", words("ECHO", "ab c")),
                arguments("ECHO a'b c'", words("ECHO", "ab c")),
                arguments("ECHO \"a\"\tb", words("ECHO", "a", "b")),
                // a word ends only at space, tab, CR, LF; blanks between words are C's isspace (+ VT, FF)
                arguments("ECHO a\u000bb", words("ECHO", "a\u000bb")),
                arguments("ECHO \u000ba", words("ECHO", "a")),
                arguments("ECHO \"a\"\u000b", words("ECHO", "a")),
                arguments("ECHO a\fb", words("ECHO", "a\fb")),
                arguments("ECHO a\rb", words("ECHO", "a", "b")));
    }

    @ParameterizedTest
    @MethodSource("quoting")
    void inlineQuoting(String line, List<String> expected) {
        assertEquals(List.of(expected), feed(line + "\r\n"));
    }

    @Test
    void inlineLineMayEndWithLineFeedOnly() {
        assertEquals(List.of(words("PING"), words("ECHO", "x")), feed("PING\nECHO x\n"));
    }

    @Test
    void emptyAndBlankInlineLinesAreSkipped() {
        assertEquals(List.of(words("PING"), words("PING")), feed("\r\n\n   \r\n \t \r\nPING\r\n\rPING\r\n"));
    }

    @Test
    void carriageReturnAloneDoesNotEndAnInlineLine() {
        assertEquals(List.of(), feed("PING\rPING\r"));
        assertEquals(List.of(words("PING", "PING")), feed("\n"));
    }

    @Test
    void nulHidesTheRestOfAnInlineRequest() {
        // Redis looks for the line end with strchr: a NUL stops it, so the request never completes
        assertEquals(List.of(), feed("PING\0\r\nPING\r\n"));
        assertProtocolError("ERR Protocol error: too big inline request", "x".repeat(70_000));
    }

    @Test
    void nulHidesTheRestOfACountLine() {
        assertEquals(List.of(), feed("*1\0\r\n$4\r\nPING\r\n"));
        assertProtocolError("ERR Protocol error: too big mbulk count string", "x".repeat(70_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ECHO \"abc", "ECHO 'abc", "ECHO \"a\"b", "ECHO 'a'b", "ECHO a\"b c\"d", "ECHO \"a\\", "ECHO \"a\\\"",
    })
    void unbalancedQuotes(String line) {
        assertEquals(List.of(words("PING")),
                assertProtocolError("ERR Protocol error: unbalanced quotes in request", "PING\r\n" + line + "\r\nPING\r\n"));
    }

    // ---- protocol errors: exact text and exact trigger ----

    @ParameterizedTest
    @ValueSource(strings = {"*abc", "*", "*+3", "* 3", "*3 ", "*01", "*00", "*-0", "*1\nPING",
        "*2147483648", "*9223372036854775808", "*-9223372036854775809", "*00000000000000000001", "*1x"})
    void invalidMultibulkLength(String line) {
        assertProtocolError("ERR Protocol error: invalid multibulk length", line + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$abc", "$", "$-1", "$-5", "$-0", "$+4", "$04", "$4 ", "$ 4", "$4\nPING", "$1x",
        "$9223372036854775808"})
    void invalidBulkLength(String line) {
        assertProtocolError("ERR Protocol error: invalid bulk length", "*1\r\n" + line + "\r\n");
    }

    @Test
    void bulkOverProtoMaxBulkLen() {
        limits.maxBulk = 1024 * 1024;
        assertEquals(List.of(words("ECHO", "x".repeat(1024 * 1024))),
                feed("*2\r\n$4\r\nECHO\r\n$1048576\r\n" + "x".repeat(1024 * 1024) + "\r\n"));
        assertProtocolError("ERR Protocol error: invalid bulk length", "*2\r\n$4\r\nECHO\r\n$1048577\r\n");
    }

    @Test
    void expectedDollar() {
        assertEquals(List.of(words("PING")),
                assertProtocolError("ERR Protocol error: expected '$', got 'x'", "PING\r\n*1\r\nx4\r\nPING\r\n"));
    }

    @Test
    void expectedDollarIsOnlyCheckedOnceTheLineIsComplete() {
        assertEquals(List.of(), feed("*1\r\nx4"));
        assertProtocolError("ERR Protocol error: expected '$', got 'x'", "\r\n");
    }

    @Test
    void expectedDollarShowsCarriageReturnAsSpace() {
        assertProtocolError("ERR Protocol error: expected '$', got ' '", "*1\r\n\r\n");
    }

    @Test
    void expectedDollarShowsLineFeedAsSpace() {
        assertProtocolError("ERR Protocol error: expected '$', got ' '", "*1\r\n\n\r\n");
    }

    @Test
    void expectedDollarShowsOtherBytesRaw() {
        assertProtocolError("ERR Protocol error: expected '$', got '\u00e9'", "*1\r\n\u00e9\r\n");
    }

    @Test
    void tooBigInlineRequestIsOverSixtyFourKilobytesWithoutLineEnd() {
        assertEquals(List.of(), feed("A".repeat(65_536)));
        assertProtocolError("ERR Protocol error: too big inline request", "A");
    }

    @Test
    void tooBigMbulkCountString() {
        assertEquals(List.of(), feed("*" + "1".repeat(65_535)));
        assertProtocolError("ERR Protocol error: too big mbulk count string", "1");
    }

    @Test
    void tooBigBulkCountString() {
        assertEquals(List.of(), feed("*1\r\n$" + "1".repeat(65_535)));
        assertProtocolError("ERR Protocol error: too big bulk count string", "1");
    }

    @Test
    void unauthenticatedMultibulkLength() {
        limits.authenticated = false;
        assertEquals(List.of(), feed("*10\r\n")); // ten arguments are still fine
        restart();
        assertProtocolError("ERR Protocol error: unauthenticated multibulk length", "*11\r\n");
    }

    @Test
    void unauthenticatedBulkLength() {
        limits.authenticated = false;
        String max = "x".repeat(16 * 1024);
        assertEquals(List.of(words("ECHO", max)), feed("*2\r\n$4\r\nECHO\r\n$16384\r\n" + max + "\r\n"));
        assertProtocolError("ERR Protocol error: unauthenticated bulk length", "*2\r\n$4\r\nECHO\r\n$16385\r\n");
    }

    @Test
    void inlineRequestsHaveNoUnauthenticatedLimit() {
        limits.authenticated = false;
        List<List<String>> got = feed("ECHO 1 2 3 4 5 6 7 8 9 10 11\r\nECHO " + "x".repeat(20_000) + "\r\n");
        assertEquals(2, got.size());
        assertEquals(12, got.get(0).size());
    }

    @Test
    void authenticationIsReadPerRequest() {
        limits.authenticated = false;
        assertEquals(List.of(words("AUTH", "pw")), feed("AUTH pw\r\n"));
        limits.authenticated = true; // as the command handler would set it
        assertEquals(1, feed("*11\r\n" + "$1\r\nx\r\n".repeat(11)).size());
    }

    // ---- client-query-buffer-limit: closed without a reply ----

    @Test
    void queryBufferLimitClosesWithoutReply() {
        limits.maxQuery = 1024 * 1024;
        ProtocolException e = failing("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n" + "x".repeat(1_048_577));
        assertNull(e.replyText());
        assertTrue(e.isQueryBufferLimit());
        assertTrue(e.getMessage().startsWith("(qbuf initial bytes: \"xxxx"), e.getMessage());
        assertEquals(List.of(), drain());
    }

    @Test
    void queryBufferCountsOnlyTheBulkBeingRead() {
        limits.maxQuery = 1024 * 1024;
        // two arguments of 600 KB: 1.2 MB in all, but never more than 600 KB unparsed (Redis accepts it)
        String big = "x".repeat(600_000);
        String request = "*3\r\n$3\r\nSET\r\n$600000\r\n" + big + "\r\n$600000\r\n" + big + "\r\n";
        for (int i = 0; i < request.length(); i += 100_000) {
            channel.writeInbound(bytes(request.substring(i, Math.min(request.length(), i + 100_000))));
        }
        assertEquals(List.of(words("SET", big, big)), drain());
    }

    @Test
    void bulkWhoseBytesExceedTheLimitClosesEvenWhenComplete() {
        // Redis: a 1048576-byte bulk plus its CRLF is 1048578 buffered bytes > 1 MB: closed
        limits.maxQuery = 1024 * 1024;
        ProtocolException e = failing("*2\r\n$4\r\nECHO\r\n$1048576\r\n" + "x".repeat(1_048_576) + "\r\n");
        assertNull(e.replyText());
        restart();
        String fits = "x".repeat(1_000_000);
        assertEquals(List.of(words("ECHO", fits)), feed("*2\r\n$4\r\nECHO\r\n$1000000\r\n" + fits + "\r\n"));
    }

    @Test
    void requestsBeforeABadOneAreDecoded() {
        EmbeddedChannel ch = channel;
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(bytes("PING\r\nECHO a\r\n*x\r\nPING\r\n")));
        assertEquals("ERR Protocol error: invalid multibulk length", ((ProtocolException) e.getCause()).replyText());
        assertEquals(List.of(words("PING"), words("ECHO", "a")), drain());
    }

    @Test
    void inlineSplitterMatchesSdssplitargsOnEdgeCases() {
        assertArrayEquals(new byte[0][], RespDecoder.InlineSplitter.split(new byte[0]));
        assertArrayEquals(new byte[][] {{'a'}}, RespDecoder.InlineSplitter.split(new byte[] {' ', 'a', ' '}));
        assertNull(RespDecoder.InlineSplitter.split("\"a".getBytes(StandardCharsets.ISO_8859_1)));
    }
}
