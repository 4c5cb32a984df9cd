package io.lodestone.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes requests straight into {@code byte[][]} argv: a RESP array of bulk strings, or an inline
 * command (a line of words, with Redis's quoting). One copy per argument, which the engine keeps
 * as the stored key or value. Limits and error texts are Redis 7.0's (networking.c).
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Longest inline request or count line Redis accepts (PROTO_INLINE_MAX_SIZE). */
    static final int INLINE_MAX = 64 * 1024;
    /** Before AUTH, Redis allows at most this many arguments and this long a bulk. */
    static final int UNAUTHENTICATED_MAX_ARGS = 10;
    static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;

    private final RequestLimits limits;

    // state of a multibulk request being read
    private byte[][] argv;
    private int argIndex;
    private int bulkLength = -1;

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
        if (in.readableBytes() > limits.maxQueryBuffer()) {
            throw new ProtocolException(null, "closing client that reached max query buffer length");
        }
        while (in.isReadable()) {
            byte[][] request = argv != null ? continueMultibulk(in)
                    : in.getByte(in.readerIndex()) == '*' ? startMultibulk(in) : inline(in);
            if (request == null) {
                return; // incomplete: wait for more bytes
            }
            if (request.length > 0) {
                out.add(request);
                return; // one request per call, so the handler sees AUTH before the next is decoded
            }
        }
    }

    private byte[][] startMultibulk(ByteBuf in) {
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw ProtocolException.reply("too big mbulk count string");
            }
            return null;
        }
        long count = parseNumber(in, in.readerIndex() + 1, eol);
        if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE) {
            throw ProtocolException.reply("invalid multibulk length");
        }
        if (count > UNAUTHENTICATED_MAX_ARGS && !limits.authenticated()) {
            throw ProtocolException.reply("unauthenticated multibulk length");
        }
        in.readerIndex(eol + 1);
        if (count <= 0) {
            return EMPTY;
        }
        // never preallocate what the client merely announced
        argv = new byte[(int) Math.min(count, 1024)][];
        expected = (int) count;
        argIndex = 0;
        bulkLength = -1;
        return continueMultibulk(in);
    }

    private int expected;
    private static final byte[][] EMPTY = new byte[0][];

    private byte[][] continueMultibulk(ByteBuf in) {
        while (argIndex < expected) {
            if (bulkLength < 0) {
                int start = in.readerIndex();
                int eol = in.indexOf(start, in.writerIndex(), (byte) '\n');
                if (eol < 0) {
                    if (in.readableBytes() > INLINE_MAX) {
                        throw ProtocolException.reply("too big bulk count string");
                    }
                    return null;
                }
                byte type = in.getByte(start);
                if (type != '$') {
                    throw ProtocolException.reply("expected '$', got '" + (char) (type & 0xFF) + "'");
                }
                long len = parseNumber(in, start + 1, eol);
                if (len == Long.MIN_VALUE || len < 0 || len > limits.maxBulkLength()) {
                    throw ProtocolException.reply("invalid bulk length");
                }
                if (len > UNAUTHENTICATED_MAX_BULK && !limits.authenticated()) {
                    throw ProtocolException.reply("unauthenticated bulk length");
                }
                in.readerIndex(eol + 1);
                bulkLength = (int) Math.min(len, Integer.MAX_VALUE - 8);
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[bulkLength];
            in.readBytes(arg);
            in.skipBytes(2); // CRLF, as Redis: not checked
            if (argIndex == argv.length) {
                argv = java.util.Arrays.copyOf(argv, Math.min(expected, argv.length * 2));
            }
            argv[argIndex++] = arg;
            bulkLength = -1;
        }
        byte[][] done = argv;
        argv = null;
        return done;
    }

    /**
     * Parses the integer between {@code from} and the line end at {@code eol} (the CR before it is
     * dropped). Returns Long.MIN_VALUE if it is not a well-formed integer.
     */
    private static long parseNumber(ByteBuf in, int from, int eol) {
        int end = eol;
        if (end > from && in.getByte(end - 1) == '\r') {
            end--;
        }
        if (end == from || end - from > 20) {
            return Long.MIN_VALUE;
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == end) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private byte[][] inline(ByteBuf in) {
        int start = in.readerIndex();
        int eol = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw ProtocolException.reply("too big inline request");
            }
            return null;
        }
        int end = eol;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(eol + 1);
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            throw ProtocolException.reply("unbalanced quotes in request");
        }
        return words.toArray(new byte[0][]);
    }

    /** Splits an inline request as Redis's sdssplitargs does: spaces, "double" and 'single' quotes. */
    static final class InlineSplitter {
        private InlineSplitter() {}

        /** The words of {@code line}, or null on unbalanced quotes. */
        static List<byte[]> split(byte[] line) {
            List<byte[]> words = new ArrayList<>();
            int i = 0;
            int n = line.length;
            while (true) {
                while (i < n && isSpace(line[i])) {
                    i++;
                }
                if (i >= n) {
                    return words;
                }
                java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
                boolean inDouble = false;
                boolean inSingle = false;
                boolean done = false;
                while (!done) {
                    if (inDouble) {
                        if (i >= n) {
                            return null;
                        }
                        byte c = line[i];
                        if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                            word.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                            i += 3;
                        } else if (c == '\\' && i + 1 < n) {
                            i++;
                            byte e = line[i];
                            word.write(switch (e) {
                                case 'n' -> '\n';
                                case 'r' -> '\r';
                                case 't' -> '\t';
                                case 'b' -> '\b';
                                case 'a' -> 7;
                                default -> e;
                            });
                        } else if (c == '"') {
                            // a closing quote must be followed by a space or the end
                            if (i + 1 < n && !isSpace(line[i + 1])) {
                                return null;
                            }
                            done = true;
                        } else {
                            word.write(c);
                        }
                    } else if (inSingle) {
                        if (i >= n) {
                            return null;
                        }
                        byte c = line[i];
                        if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
                            i++;
                            word.write('\'');
                        } else if (c == '\'') {
                            if (i + 1 < n && !isSpace(line[i + 1])) {
                                return null;
                            }
                            done = true;
                        } else {
                            word.write(c);
                        }
                    } else {
                        if (i >= n) {
                            done = true;
                            continue;
                        }
                        byte c = line[i];
                        if (isSpace(c)) {
                            done = true;
                        } else if (c == '"') {
                            inDouble = true;
                        } else if (c == '\'') {
                            inSingle = true;
                        } else {
                            word.write(c);
                        }
                    }
                    if (i < n) {
                        i++;
                    }
                }
                words.add(word.toByteArray());
            }
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0 || c == 0x0B || c == '\f';
        }

        private static boolean isHex(byte c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        private static int hex(byte c) {
            return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        }
    }
}
