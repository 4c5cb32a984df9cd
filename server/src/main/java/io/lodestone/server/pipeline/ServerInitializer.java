package io.lodestone.server.pipeline;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.resp.RequestLimits;
import io.lodestone.server.resp.RespDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** One pipeline per connection: idle timeout (if set) → RESP decoder → command handler. */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final LodestoneServer server;

    public ServerInitializer(LodestoneServer server) {
        this.server = server;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        int timeout = server.config().timeout();
        if (timeout > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, timeout, TimeUnit.SECONDS));
        }
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
}
