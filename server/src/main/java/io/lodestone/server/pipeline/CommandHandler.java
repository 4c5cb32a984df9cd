package io.lodestone.server.pipeline;

import io.lodestone.engine.Engine;
import io.lodestone.server.LodestoneServer;
import io.lodestone.server.client.Connection;
import io.lodestone.server.resp.ProtocolException;
import io.lodestone.server.resp.RespReplyWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connection's requests. Requests decoded from one read are collected and executed together
 * under one acquisition of the engine lock, their replies written to one buffer and flushed once,
 * so a pipeline costs one lock and one syscall per read, not per command. Before AUTH each request
 * runs at once, so that the decoder's unauthenticated limits see the new state.
 */
public final class CommandHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Redis 7.0's reply to a non-local client in protected mode, word for word (typos included). */
    private static final byte[] DENIED = ("-DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of the "
            + "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' "
            + "from the loopback interface by connecting to Redis from the same host the server is running, however "
            + "MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis "
            + "configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
            + "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of "
            + "the above things in order for the server to start accepting connections from the outside.\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final LodestoneServer server;
    private final List<byte[][]> pending = new ArrayList<>();
    /** Bytes of the arguments in {@link #pending} (bounded by client-query-buffer-limit while blocked). */
    private long pendingBytes;
    private Connection connection;

    public CommandHandler(LodestoneServer server) {
        this.server = server;
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(server, ctx.channel(), server.clients().nextId(), server.engine().clock().millis());
        if (!server.clients().register(connection, server.config().maxclients())) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(MAX_CLIENTS)).addListener(ChannelFutureListener.CLOSE);
            connection = null;
            return;
        }
        connection.setResumeTask(() -> resumeAfterUnblock(ctx));
        var config = server.config();
        if (config.protectedMode() && !config.requiresAuth() && !connection.isLocal()) {
            LOG.debug("Rejected connection from {}: protected mode, no password set", connection.remoteAddress());
            server.clients().unregister(connection);
            server.clients().countRejected();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(DENIED)).addListener(ChannelFutureListener.CLOSE);
            connection = null;
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            server.clients().unregister(connection);
            // its watched keys, subscriptions and wait in a blocking command go with it
            Engine engine = server.engine();
            engine.lock().lock();
            try {
                connection.releaseEngineState();
            } finally {
                engine.lock().unlock();
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection == null || connection.closeAfterReply()) {
            return; // rejected or closing: ignore further input
        }
        byte[][] argv = (byte[][]) msg;
        pending.add(argv);
        pendingBytes += argumentBytes(argv);
        if (!connection.isAuthenticated()) {
            runPending(ctx);
        } else if (connection.blockState().isBlocked() && pendingBytes > server.config().clientQueryBufferLimit()) {
            // a blocked client's requests wait, read but not run (reading on is how its disconnection
            // is noticed), up to the query buffer limit, as in Redis
            LOG.warn("Closing client that reached max query buffer length: id={} addr={} (held back while blocked: {}"
                    + " bytes)", idOf(), addressOf(ctx), pendingBytes);
            connection.setCloseAfterReply();
            pending.clear();
            pendingBytes = 0;
            ctx.close();
        }
    }

    private static long argumentBytes(byte[][] argv) {
        long n = 0;
        for (byte[] a : argv) {
            n += a.length;
        }
        return n;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        runPending(ctx);
        flush(ctx);
    }

    /** Sends the replies written so far, once the AOF has what they acknowledge (see {@link ReplyFlusher}). */
    private void flush(ChannelHandlerContext ctx) {
        ReplyFlusher.current().flush(ctx.channel(), server.engine().aof());
    }

    /** The client was served after blocking: run what it sent meanwhile. */
    private void resumeAfterUnblock(ChannelHandlerContext ctx) {
        if (connection == null) {
            return;
        }
        runPending(ctx);
        flush(ctx);
    }

    /**
     * Runs the pending requests in order. A request that blocks (BLPOP on an empty list) stops the
     * run: the requests after it wait until the client is served, as in Redis.
     */
    private void runPending(ChannelHandlerContext ctx) {
        if (pending.isEmpty() || connection == null || connection.blockState().isBlocked()) {
            return;
        }
        Engine engine = server.engine();
        RespReplyWriter writer = connection.writer();
        ByteBuf out = ctx.alloc().ioBuffer(256);
        writer.setBuffer(out);
        connection.recordReplyBuffer(out.capacity());
        connection.markInteraction(engine.clock().millis());
        int done = 0;
        engine.lock().lock();
        connection.drainAsync(); // what was pushed to this client before its requests goes out first
        connection.setRunningRequests(true);
        try {
            long nanos = engine.clock().nanos(); // each command's end is the next one's start
            for (int n = pending.size(); done < n && !connection.closeAfterReply(); ) {
                int replyStart = out.writerIndex();
                nanos = engine.dispatcher().execute(connection, pending.get(done++), writer, nanos);
                connection.afterCommand(out, replyStart); // CLIENT REPLY OFF / SKIP
                if (connection.blockState().isBlocked()) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            out.release(); // a bug in a command: the connection closes (exceptionCaught), without leaking
            throw e;
        } finally {
            connection.setRunningRequests(false);
            engine.aof().deferToReplies(); // the AOF is written (and fsynced) once per event-loop turn, before replies
            engine.lock().unlock();
            if (done == pending.size() || connection.closeAfterReply()) {
                pending.clear();
                pendingBytes = 0;
            } else {
                List<byte[][]> ran = pending.subList(0, done);
                for (byte[][] argv : ran) {
                    pendingBytes -= argumentBytes(argv);
                }
                ran.clear();
            }
            writer.setBuffer(null);
        }
        connection.recordReplyBuffer(out.capacity());
        server.stats().recordWrite(out.readableBytes());
        ctx.write(out);
        if (connection.closeAfterReply()) {
            ReplyFlusher.current().flushAndClose(ctx.channel(), engine.aof());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException protocol) {
            if (connection == null || connection.closeAfterReply()) {
                ctx.close(); // rejected, or already closing: nothing more to say
                return;
            }
            runPending(ctx); // requests before the bad one are served, as Redis does
            if (connection.closeAfterReply()) {
                return; // a QUIT came first: Redis stops reading there and never sees the bad request
            }
            connection.setCloseAfterReply();
            if (protocol.isQueryBufferLimit()) {
                LOG.warn("Closing client that reached max query buffer length: id={} addr={} {}",
                        idOf(), addressOf(ctx), protocol.getMessage());
            } else {
                // Redis logs these at verbose level: a client's bad input is not an operator's event
                LOG.debug("Protocol error ({}) from client: id={} addr={}", protocol.getMessage(), idOf(), addressOf(ctx));
            }
            if (protocol.replyText() != null) {
                ByteBuf err = ctx.alloc().buffer();
                // ISO-8859-1: one byte per char, so "got '\xe9'" carries the client's very byte
                err.writeByte('-').writeCharSequence(protocol.replyText(), StandardCharsets.ISO_8859_1);
                err.writeShort(('\r' << 8) | '\n');
                ctx.write(err);
            }
            ReplyFlusher.current().flushAndClose(ctx.channel(), server.engine().aof());
            return;
        }
        if (root instanceof IOException) {
            ctx.close(); // the peer went away: nothing to report
            return;
        }
        LOG.warn("Closing client id={} after an unexpected error", idOf(), root);
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // stop reading from a client that does not read its replies, so its replies cannot pile up
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    private String idOf() {
        return connection == null ? "?" : Long.toString(connection.id());
    }

    private String addressOf(ChannelHandlerContext ctx) {
        // ip:port as Redis logs it (a SocketAddress prints a leading '/')
        return connection != null ? connection.remoteAddress() : String.valueOf(ctx.channel().remoteAddress());
    }
}
