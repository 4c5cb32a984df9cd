package io.lodestone.server.testing;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.config.ServerConfig;
import java.util.List;
import java.util.function.Consumer;

/** An embedded server on a free loopback port, closed by the test that started it. */
public final class TestServer implements AutoCloseable {
    private final LodestoneServer server;

    private TestServer(LodestoneServer server) {
        this.server = server;
    }

    public static TestServer start() {
        return start(config -> { });
    }

    /** Starts with the defaults, changed by {@code configure}, on port 0 of 127.0.0.1. */
    public static TestServer start(Consumer<ServerConfig> configure) {
        ServerConfig config = new ServerConfig();
        config.setPort(0);
        config.setBind(List.of("127.0.0.1"));
        configure.accept(config);
        LodestoneServer server = new LodestoneServer(config);
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new TestServer(server);
    }

    public LodestoneServer server() {
        return server;
    }

    public int port() {
        return server.boundPort();
    }

    /** A new RESP2 or RESP3 connection to this server. */
    public RespClient client(int protocol) {
        return new RespClient(port(), protocol);
    }

    public RespClient client() {
        return client(2);
    }

    @Override
    public void close() {
        server.close();
    }
}
