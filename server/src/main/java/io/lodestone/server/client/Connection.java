package io.lodestone.server.client;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.server.LodestoneServer;
import io.lodestone.server.resp.RespReplyWriter;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** One client connection: the engine's view of the client plus what CLIENT LIST shows. */
public final class Connection extends CommandContext {
    private final LodestoneServer server;
    private final Channel channel;
    private final RespReplyWriter writer = new RespReplyWriter();
    private final long createdMillis;
    private volatile long lastInteractionMillis;
    private volatile String name = "";
    private volatile String lastCommand = "NULL";
    private volatile boolean closeAfterReply;
    private volatile long queryBufferBytes;

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
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    public void markInteraction(long nowMillis, String command) {
        this.lastInteractionMillis = nowMillis;
        this.lastCommand = command;
    }

    public String lastCommand() {
        return lastCommand;
    }

    /** CLIENT SETNAME; empty when unset. */
    public String name() {
        return name;
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

    public long queryBufferBytes() {
        return queryBufferBytes;
    }

    public void setQueryBufferBytes(long bytes) {
        this.queryBufferBytes = bytes;
    }

    /** {@code ip:port} of the peer, as CLIENT LIST's addr. */
    public String remoteAddress() {
        return format(channel.remoteAddress());
    }

    /** {@code ip:port} of the local end, as CLIENT LIST's laddr. */
    public String localAddress() {
        return format(channel.localAddress());
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
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
