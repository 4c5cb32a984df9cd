package io.lodestone.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes requests straight into {@code byte[][]} argv: a RESP array of bulk strings, or an inline
 * command (a line of words, with Redis's quoting). One copy per argument, which the engine keeps
 * as the stored key or value.
 *
 * <p>Framing, limits and error texts are those of Redis 7.0, checked byte for byte against
 * redis-server:
 * <ul>
 *   <li>A count line ({@code *N} or {@code $N}) ends at the first '\r'; the byte after it is
 *       skipped unchecked, and so is the CRLF after a bulk. The text between the type byte and
 *       the '\r' must be a strict integer (no '+', no leading zeros, no spaces).
 *   <li>{@code *0} and negative counts are empty requests, silently skipped.
 *   <li>An inline request ends at '\n' (an optional '\r' before it is dropped); empty lines are
 *       skipped.
 *   <li>Redis looks for line ends with C string functions, so a NUL byte hides everything after
 *       it: the line is never complete and the request waits until it is too big.
 *   <li>After a protocol error the rest of the input is discarded; the handler replies with the
 *       error and closes the connection.
 *   <li>Over {@code client-query-buffer-limit} the connection is closed without a reply.
 * </ul>
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Longest inline request or count line Redis accepts (PROTO_INLINE_MAX_SIZE). */
    static final int INLINE_MAX = 64 * 1024;
    /** Before AUTH, Redis allows at most this many arguments and this long a bulk. */
    static final int UNAUTHENTICATED_MAX_ARGS = 10;
    static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;
    /** A byte[] cannot be longer than this; longer bulks are refused rather than misread. */
    private static final long MAX_ARRAY_BULK = Integer.MAX_VALUE - 16;

    private static final byte[][] EMPTY = new byte[0][];
    /** Stops at '\r' or at a NUL, where Redis's strchr would stop. */
    private static final ByteProcessor FIND_CR_OR_NUL = b -> b != '\r' && b != 0;
    /** Stops at '\n' or at a NUL. */
    private static final ByteProcessor FIND_LF_OR_NUL = b -> b != '\n' && b != 0;

    private final RequestLimits limits;

    // state of a multibulk request being read
    private byte[][] argv;
    private int expected;
    private int argIndex;
    private long bulkLength = -1;
    /** Set by a protocol error: everything after it is dropped. */
    private boolean failed;
    /** The value parsed by {@link #parseCount}. */
    private long parsed;

    public RespDecoder(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            limits.onRead(buf.readableBytes());
        }
        super.channelRead(ctx, msg);
        ByteBuf rest = internalBuffer();
        limits.onBuffered(rest.readableBytes(), rest.writableBytes());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                byte[][] request = argv != null ? continueMultibulk(in)
                        : in.getByte(in.readerIndex()) == '*' ? startMultibulk(in) : inline(in);
                if (request == null) {
                    checkQueryBuffer(in); // incomplete: wait for more bytes, if within the limit
                    return;
                }
                if (request.length > 0) {
                    out.add(request);
                    return; // one request per call, so the handler sees AUTH before the next is decoded
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            argv = null;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /**
     * client-query-buffer-limit applies to the input Redis holds unparsed: the incomplete request's
     * current line, or the bulk being read (Redis reads a big bulk on its own, so at most its length
     * + 2 bytes of it are ever buffered). Arguments already read do not count, as in Redis 7.0.
     */
    private void checkQueryBuffer(ByteBuf in) {
        long buffered = in.readableBytes();
        if (argv != null && bulkLength >= 0) {
            buffered = Math.min(buffered, bulkLength + 2);
        }
        if (buffered > limits.maxQueryBuffer()) {
            throw ProtocolException.queryBufferLimit(in);
        }
    }

    // ---- multibulk: *<count>\r\n then <count> x $<len>\r\n<bytes>\r\n ----

    private byte[][] startMultibulk(ByteBuf in) {
        int start = in.readerIndex();
        int cr = findLineEnd(in, start, FIND_CR_OR_NUL, '\r');
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw ProtocolException.reply("too big mbulk count string");
            }
            return null;
        }
        if (cr + 1 >= in.writerIndex()) {
            return null; // the byte after '\r' (presumably '\n') has not arrived
        }
        if (!parseCount(in, start + 1, cr) || parsed > Integer.MAX_VALUE) {
            throw ProtocolException.reply("invalid multibulk length");
        }
        if (parsed > UNAUTHENTICATED_MAX_ARGS && !limits.authenticated()) {
            throw ProtocolException.reply("unauthenticated multibulk length");
        }
        in.readerIndex(cr + 2);
        if (parsed <= 0) {
            return EMPTY; // *0 and *-1 are no request at all
        }
        // never preallocate what the client merely announced
        expected = (int) parsed;
        argv = new byte[Math.min(expected, 1024)][];
        argIndex = 0;
        bulkLength = -1;
        return continueMultibulk(in);
    }

    private byte[][] continueMultibulk(ByteBuf in) {
        while (argIndex < expected) {
            if (bulkLength < 0 && !readBulkLength(in)) {
                return null;
            }
            long needed = bulkLength + 2;
            if (needed > limits.maxQueryBuffer()) {
                // Redis buffers a whole big bulk before taking it, so one larger than the limit
                // closes the connection once that many bytes are buffered
                checkQueryBuffer(in);
            }
            if (in.readableBytes() < needed) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            in.skipBytes(2); // the CRLF, which Redis does not check either
            if (argIndex == argv.length) {
                argv = Arrays.copyOf(argv, Math.min(expected, argv.length * 2));
            }
            argv[argIndex++] = arg;
            bulkLength = -1;
        }
        byte[][] done = argv;
        argv = null;
        return done;
    }

    /** Reads {@code $<len>\r\n} into {@link #bulkLength}; false if the line is incomplete. */
    private boolean readBulkLength(ByteBuf in) {
        int start = in.readerIndex();
        int cr = findLineEnd(in, start, FIND_CR_OR_NUL, '\r');
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw ProtocolException.reply("too big bulk count string");
            }
            return false;
        }
        if (cr + 1 >= in.writerIndex()) {
            return false;
        }
        byte type = in.getByte(start);
        if (type != '$') {
            // Redis prints the byte as is, except CR and LF, which it turns into spaces
            char shown = type == '\r' || type == '\n' ? ' ' : (char) (type & 0xFF);
            throw ProtocolException.reply("expected '$', got '" + shown + "'");
        }
        if (!parseCount(in, start + 1, cr) || parsed < 0 || parsed > limits.maxBulkLength()
                || parsed > MAX_ARRAY_BULK) {
            throw ProtocolException.reply("invalid bulk length");
        }
        if (parsed > UNAUTHENTICATED_MAX_BULK && !limits.authenticated()) {
            throw ProtocolException.reply("unauthenticated bulk length");
        }
        in.readerIndex(cr + 2);
        bulkLength = parsed;
        return true;
    }

    /**
     * Index of the line terminator {@code end} at or after {@code from}, or -1 if there is none yet
     * or a NUL comes first (Redis's strchr stops there).
     */
    private static int findLineEnd(ByteBuf in, int from, ByteProcessor finder, char end) {
        int at = in.forEachByte(from, in.writerIndex() - from, finder);
        return at >= 0 && in.getByte(at) == end ? at : -1;
    }

    /**
     * Parses {@code [from, to)} as Redis's string2ll does into {@link #parsed}: an optional '-',
     * then digits without leading zeros ("0" alone is fine), at most 20 characters, within long.
     */
    private boolean parseCount(ByteBuf in, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > 20) {
            return false;
        }
        if (length == 1 && in.getByte(from) == '0') {
            parsed = 0;
            return true;
        }
        int i = from;
        boolean negative = in.getByte(i) == '-';
        if (negative && ++i == to) {
            return false;
        }
        int first = in.getByte(i) - '0';
        if (first < 1 || first > 9) {
            return false;
        }
        // accumulate as a negative number so that Long.MIN_VALUE fits
        long value = -first;
        for (i++; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            value = value * 10 - d;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return false;
        }
        parsed = negative ? value : -value;
        return true;
    }

    // ---- inline: a line of words ----

    private byte[][] inline(ByteBuf in) {
        int start = in.readerIndex();
        int lf = findLineEnd(in, start, FIND_LF_OR_NUL, '\n');
        if (lf < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw ProtocolException.reply("too big inline request");
            }
            return null;
        }
        int end = lf;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);
        byte[][] words = InlineSplitter.split(line);
        if (words == null) {
            throw ProtocolException.reply("unbalanced quotes in request");
        }
        return words;
    }

    /**
     * Splits an inline request into words as Redis's sdssplitargs does: words are separated by
     * white space; "double quotes" allow the escapes \n \r \t \b \a \xHH and \c for any other c;
     * 'single quotes' allow only \'; a closing quote must be followed by white space or the end.
     */
    static final class InlineSplitter {
        private InlineSplitter() {}

        /** The words of {@code line} (which has no line end), or null on unbalanced quotes. */
        static byte[][] split(byte[] line) {
            byte[][] words = new byte[4][];
            int count = 0;
            byte[] word = new byte[line.length]; // a word is never longer than the line
            int n = line.length;
            int i = 0;
            while (true) {
                while (i < n && isSpace(line[i])) {
                    i++;
                }
                if (i >= n || line[i] == 0) {
                    return Arrays.copyOf(words, count);
                }
                int length = 0;
                boolean inDouble = false;
                boolean inSingle = false;
                boolean done = false;
                while (!done) {
                    byte c = i < n ? line[i] : 0; // past the end reads as C's terminating NUL
                    if (inDouble) {
                        if (c == '\\' && at(line, i + 1) == 'x' && isHex(at(line, i + 2)) && isHex(at(line, i + 3))) {
                            word[length++] = (byte) (hex(line[i + 2]) * 16 + hex(line[i + 3]));
                            i += 3;
                        } else if (c == '\\' && at(line, i + 1) != 0) {
                            i++;
                            word[length++] = switch (line[i]) {
                                case 'n' -> '\n';
                                case 'r' -> '\r';
                                case 't' -> '\t';
                                case 'b' -> '\b';
                                case 'a' -> 7;
                                default -> line[i];
                            };
                        } else if (c == '"') {
                            if (at(line, i + 1) != 0 && !isSpace(at(line, i + 1))) {
                                return null;
                            }
                            done = true;
                        } else if (c == 0) {
                            return null; // no closing quote
                        } else {
                            word[length++] = c;
                        }
                    } else if (inSingle) {
                        if (c == '\\' && at(line, i + 1) == '\'') {
                            i++;
                            word[length++] = '\'';
                        } else if (c == '\'') {
                            if (at(line, i + 1) != 0 && !isSpace(at(line, i + 1))) {
                                return null;
                            }
                            done = true;
                        } else if (c == 0) {
                            return null;
                        } else {
                            word[length++] = c;
                        }
                    } else {
                        switch (c) {
                            // unlike the skipping of blanks, a word ends only at these (not \v or \f)
                            case ' ', '\n', '\r', '\t', 0 -> done = true;
                            case '"' -> inDouble = true;
                            case '\'' -> inSingle = true;
                            default -> word[length++] = c;
                        }
                    }
                    if (i < n && line[i] != 0) {
                        i++;
                    }
                }
                if (count == words.length) {
                    words = Arrays.copyOf(words, count * 2);
                }
                words[count++] = Arrays.copyOf(word, length);
            }
        }

        /** The byte at {@code i}, or 0 past the end (C string semantics). */
        private static byte at(byte[] line, int i) {
            return i < line.length ? line[i] : 0;
        }

        /** C's isspace in the C locale. */
        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
        }

        private static boolean isHex(byte c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        private static int hex(byte c) {
            return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        }
    }
}
