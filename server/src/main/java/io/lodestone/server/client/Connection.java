package io.lodestone.server.client;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.server.LodestoneServer;
import io.lodestone.server.resp.RespReplyWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One client connection: the engine's view of the client plus what CLIENT LIST shows. Fields that
 * other clients read (CLIENT LIST, CLIENT KILL) are either volatile or written under the engine
 * lock, which those commands hold too.
 */
public final class Connection extends CommandContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Connection.class);
    // CLIENT REPLY states, applied to each command's reply after it ran (see afterCommand)
    private static final int REPLY_ON = 0;
    private static final int REPLY_OFF = 1;
    private static final int REPLY_SKIP_NEXT = 2;
    private static final int REPLY_SKIP = 3;

    private final LodestoneServer server;
    private final Channel channel;
    private final RespReplyWriter writer = new RespReplyWriter();
    /** Replies that do not answer the request being run: a served blocked command, pushed messages. */
    private final RespReplyWriter asyncWriter = new RespReplyWriter();
    private int asyncDepth;
    private final java.util.ArrayDeque<io.netty.buffer.ByteBuf> asyncQueue = new java.util.ArrayDeque<>();
    /** Bytes waiting in asyncQueue; guarded by it. */
    private long asyncQueuedBytes;
    /** A drain task is pending on the event loop; guarded by asyncQueue. */
    private boolean drainScheduled;
    /** True while this connection runs its own requests under the engine lock (see setRunningRequests). */
    private boolean runningRequests;
    /** When the output went above the soft limit (ms), 0 when below. Under the engine lock. */
    private long softLimitSince;
    private volatile boolean outputLimitReached;
    /** Runs the requests held back while the client was blocked; set by the connection's handler. */
    private volatile Runnable resumeTask;
    private final long createdMillis;
    private volatile long lastInteractionMillis;
    private volatile String name = "";
    private volatile boolean closeAfterReply;
    private volatile int queryBufferBytes;
    private volatile int queryBufferFree;
    private volatile int replyBufferSize;
    private volatile int replyBufferPeak;
    private boolean noEvict;
    // the channel's addresses never change: formatted once, on first use
    private volatile String remoteAddress;
    private volatile String localAddress;
    private int replyMode = REPLY_ON;
    private volatile boolean paused;

    public Connection(LodestoneServer server, Channel channel, long id, long nowMillis) {
        super(server.engine(), id, !server.config().requiresAuth());
        this.server = server;
        this.channel = channel;
        this.createdMillis = nowMillis;
        this.lastInteractionMillis = nowMillis;
    }

    public LodestoneServer server() {
        return server;
    }

    public Channel channel() {
        return channel;
    }

    public RespReplyWriter writer() {
        return writer;
    }

    /** 2 or 3, as set by HELLO. */
    public int protocol() {
        return writer.protocol();
    }

    public void setProtocol(int protocol) {
        writer.setProtocol(protocol);
        asyncWriter.setProtocol(protocol);
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    /** The client sent something (CLIENT LIST idle=). */
    public void markInteraction(long nowMillis) {
        this.lastInteractionMillis = nowMillis;
    }

    /** The last command's full name as CLIENT LIST shows it ({@code client|list}), or {@code NULL}. */
    public String lastCommandName() {
        CommandSpec last = lastCommand();
        return last == null ? "NULL" : last.fullName();
    }

    /** CLIENT SETNAME; empty when unset. */
    public String name() {
        return name;
    }

    @Override
    public String clientName() {
        return name;
    }

    @Override
    public String peerId() {
        return remoteAddress();
    }

    public void setName(String name) {
        this.name = name;
    }

    /** After the current reply is written the connection is closed (QUIT, CLIENT KILL of itself). */
    public boolean closeAfterReply() {
        return closeAfterReply;
    }

    public void setCloseAfterReply() {
        this.closeAfterReply = true;
    }

    /**
     * Closes this connection from another client's command (CLIENT KILL): it runs nothing more,
     * leaves the client list at once, as in Redis, and its channel closes on its own event loop.
     */
    public void kill() {
        closeAfterReply = true;
        server.clients().unregister(this);
        channel.close();
    }

    // ---- buffers, as CLIENT LIST shows them -----------------------------------------------------

    /** Input received but not yet parsed into a request (qbuf). */
    public int queryBufferBytes() {
        return queryBufferBytes;
    }

    /** Room left in the input buffer before it grows (qbuf-free). */
    public int queryBufferFree() {
        return queryBufferFree;
    }

    public void setQueryBuffer(int pending, int free) {
        this.queryBufferBytes = pending;
        this.queryBufferFree = free;
    }

    /** Size of the buffer the last batch of replies was written to (rbs). */
    public int replyBufferSize() {
        return replyBufferSize;
    }

    /** The largest reply buffer this client has needed (rbp). */
    public int replyBufferPeak() {
        return replyBufferPeak;
    }

    public void recordReplyBuffer(int capacity) {
        replyBufferSize = capacity;
        if (capacity > replyBufferPeak) {
            replyBufferPeak = capacity;
        }
    }

    /** Replies written to the socket's queue but not yet sent (omem); safe from any thread. */
    public long pendingOutputBytes() {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        long queued;
        synchronized (asyncQueue) {
            queued = asyncQueuedBytes;
        }
        return queued + (pending == null ? 0 : pending.totalPendingWriteBytes());
    }

    /** Number of reply buffers queued (oll). */
    public int pendingOutputBuffers() {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        return pending == null ? 0 : pending.size();
    }

    /** The socket's file descriptor (CLIENT LIST fd=), or -1 where the transport does not expose it. */
    public int fd() {
        if (channel instanceof UnixChannel unix && unix.fd().isOpen()) {
            return unix.fd().intValue();
        }
        return -1;
    }

    // ---- CLIENT NO-EVICT and CLIENT REPLY -------------------------------------------------------

    public boolean noEvict() {
        return noEvict;
    }

    public void setNoEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    /** CLIENT REPLY ON: replies are sent again. */
    public void replyOn() {
        replyMode = REPLY_ON;
    }

    /** CLIENT REPLY OFF: no reply is sent until CLIENT REPLY ON. */
    public void replyOff() {
        replyMode = REPLY_OFF;
    }

    /** CLIENT REPLY SKIP: the next command's reply is not sent (ignored while replies are off). */
    public void replySkipNext() {
        if (replyMode != REPLY_OFF) {
            replyMode = REPLY_SKIP_NEXT;
        }
    }

    /**
     * Called after every command with the position its reply started at in {@code out}: drops the
     * reply if replies are off or this command is skipped, and arms a requested skip.
     */
    public void afterCommand(ByteBuf out, int replyStart) {
        if (replyMode == REPLY_ON) {
            return;
        }
        if (replyMode == REPLY_OFF || replyMode == REPLY_SKIP) {
            out.writerIndex(replyStart);
        }
        if (replyMode == REPLY_SKIP) {
            replyMode = REPLY_ON;
        } else if (replyMode == REPLY_SKIP_NEXT) {
            replyMode = REPLY_SKIP; // CLIENT REPLY SKIP itself has run: the next command is skipped
        }
    }

    // ---- addresses --------------------------------------------------------------------------------

    /** {@code ip:port} of the peer, as CLIENT LIST's addr ({@code [ipv6]:port} for IPv6, as Redis). */
    public String remoteAddress() {
        String a = remoteAddress;
        if (a == null) {
            a = remoteAddress = format(channel.remoteAddress());
        }
        return a;
    }

    @Override
    public String address() {
        return remoteAddress();
    }

    /** {@code ip:port} of the local end, as CLIENT LIST's laddr. */
    public String localAddress() {
        String a = localAddress;
        if (a == null) {
            a = localAddress = format(channel.localAddress());
        }
        return a;
    }

    /**
     * True for a client connected from 127.0.0.1 or ::1: the only addresses Redis treats as
     * local (protected mode, enable-protected-configs local). 127.0.0.2 is not local to Redis.
     */
    public boolean isLocal() {
        return isLocalAddress(channel.remoteAddress());
    }

    public static boolean isLocalAddress(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        byte[] a = inet.getAddress().getAddress();
        if (a.length == 4) {
            return a[0] == 127 && a[1] == 0 && a[2] == 0 && a[3] == 1;
        }
        // ::1, or 127.0.0.1 seen through a dual-stack socket as ::ffff:127.0.0.1
        boolean mapped = a[10] == (byte) 0xff && a[11] == (byte) 0xff;
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        if (mapped) {
            return a[12] == 127 && a[13] == 0 && a[14] == 0 && a[15] == 1;
        }
        for (int i = 10; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 1;
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    // ---- blocking and out-of-band replies -------------------------------------------------------

    @Override
    protected boolean canBlock() {
        return true;
    }

    /**
     * Marks the stretch, under the engine lock, in which this connection runs its own requests:
     * what is pushed to it meanwhile (a message it published to itself, a keyspace event of its
     * own write) joins its reply buffer, so that it arrives in order with the replies.
     */
    public void setRunningRequests(boolean running) {
        this.runningRequests = running;
    }

    @Override
    public io.lodestone.engine.reply.ReplyWriter openAsync() {
        if (runningRequests) {
            return writer;
        }
        if (asyncDepth++ == 0) {
            asyncWriter.setBuffer(channel.alloc().ioBuffer(64));
        }
        return asyncWriter;
    }

    @Override
    public void closeAsync() {
        if (runningRequests) {
            return;
        }
        if (--asyncDepth > 0) {
            return;
        }
        io.netty.buffer.ByteBuf out = asyncWriter.buffer();
        asyncWriter.setBuffer(null);
        if (out.isReadable() && !outputLimitReached) {
            enqueue(out);
            checkOutputLimit();
        } else {
            out.release();
        }
    }

    /**
     * Out-of-band output waits in this queue and is written by the channel's event loop in the
     * order it was produced. Writing it straight to the channel would not keep that order: Netty
     * writes at once from the event loop but defers writes from other threads, so a message
     * published by the cron thread could be overtaken by a later one published from the event
     * loop. The queue is drained before the connection runs its own requests (see {@link
     * #drainAsync()}), so replies never overtake earlier pushes either.
     */
    private void enqueue(io.netty.buffer.ByteBuf out) {
        boolean schedule = false;
        synchronized (asyncQueue) {
            asyncQueue.add(out);
            asyncQueuedBytes += out.readableBytes();
            if (!drainScheduled) {
                drainScheduled = true;
                schedule = true;
            }
        }
        if (channel.eventLoop().inEventLoop()) {
            drainAsync();
        } else if (schedule) {
            channel.eventLoop().execute(this::drainAsync);
        }
    }

    /** Writes the queued out-of-band output to the channel; on the channel's event loop only. */
    public void drainAsync() {
        boolean wrote = false;
        while (true) {
            io.netty.buffer.ByteBuf next;
            synchronized (asyncQueue) {
                next = asyncQueue.poll();
                if (next == null) {
                    drainScheduled = false;
                    break;
                }
                asyncQueuedBytes -= next.readableBytes();
            }
            channel.write(next); // on a closed channel Netty fails the write and releases the buffer
            wrote = true;
        }
        if (wrote) {
            io.lodestone.server.pipeline.ReplyFlusher.current().flush(channel, server.engine().aof());
        }
    }

    // ---- client-output-buffer-limit -------------------------------------------------------------

    /**
     * Closes a client whose unsent output passed its class's hard limit, or stayed above the soft
     * limit for longer than allowed (Redis's checkClientOutputBufferLimits), so that one slow
     * subscriber cannot exhaust memory. The output measured is what waits in the socket's queue,
     * including writes handed to the event loop but not yet run. Under the engine lock.
     */
    private void checkOutputLimit() {
        var limits = server.config().clientOutputBufferLimits();
        var limit = subscriptionCount() > 0 ? limits.pubsub() : limits.normal();
        if (limit.isNone()) {
            return;
        }
        long pending = pendingOutputBytes();
        boolean hard = limit.hardBytes() > 0 && pending >= limit.hardBytes();
        boolean soft = false;
        if (limit.softBytes() > 0 && pending >= limit.softBytes()) {
            long now = server.engine().clock().millis();
            if (softLimitSince == 0) {
                softLimitSince = now;
            } else {
                soft = now - softLimitSince > limit.softSeconds() * 1000;
            }
        } else {
            softLimitSince = 0;
        }
        if (hard || soft) {
            outputLimitReached = true;
            LOG.warn("Client id={} addr={} scheduled to be closed ASAP for overcoming of output buffer limits.", id(),
                    remoteAddress());
            server.clients().unregister(this);
            // never closed inline: this runs while a publisher iterates the subscribers
            channel.eventLoop().execute(() -> channel.close());
        }
    }

    /** True once the output limit closed this client: nothing more is written to it. */
    public boolean outputLimitReached() {
        return outputLimitReached;
    }

    /** Sets what runs the held-back requests once the client is unblocked. */
    public void setResumeTask(Runnable resumeTask) {
        this.resumeTask = resumeTask;
    }

    @Override
    public void onUnblocked() {
        Runnable task = resumeTask;
        if (task != null) {
            channel.eventLoop().execute(task);
        }
    }
}
