package io.lodestone.server.pipeline;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.resp.RequestLimits;
import io.lodestone.server.resp.RespDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * One pipeline per connection: RESP decoder → command handler. TCP keepalive is set per
 * connection from the current {@code tcp-keepalive}, so CONFIG SET applies to new clients.
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final LodestoneServer server;

    public ServerInitializer(LodestoneServer server) {
        this.server = server;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        applyKeepalive(ch, server.config().tcpKeepalive());
        CommandHandler handler = new CommandHandler(server);
        p.addLast("decoder", new RespDecoder(new RequestLimits() {
            @Override
            public long maxBulkLength() {
                return server.config().engine().protoMaxBulkLen();
            }

            @Override
            public long maxQueryBuffer() {
                return server.config().clientQueryBufferLimit();
            }

            @Override
            public boolean authenticated() {
                return handler.connection() == null || handler.connection().isAuthenticated();
            }

            @Override
            public void onRead(int bytes) {
                server.stats().recordRead(bytes);
            }

            @Override
            public void onBuffered(int pending, int free) {
                if (handler.connection() != null) {
                    handler.connection().setQueryBuffer(pending, free);
                }
            }
        }));
        p.addLast("commands", handler);
    }

    /** Redis's keepalive: probes after {@code seconds} idle, then every third of it, 3 probes. */
    private static void applyKeepalive(SocketChannel ch, int seconds) {
        if (seconds <= 0) {
            return;
        }
        ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        if (ch instanceof EpollSocketChannel) {
            ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, seconds);
            ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, seconds / 3));
            ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, 3);
        }
    }
}
