package io.lodestone.server.testing;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.config.ServerConfig;
import java.util.List;
import java.util.function.Consumer;

/**
 * An embedded {@link LodestoneServer} on a free loopback port, for tests. Use it with
 * try-with-resources, or create it in {@code @BeforeEach}/{@code @BeforeAll} and close it after:
 *
 * <pre>{@code
 * try (TestServer server = TestServer.builder().requirepass("secret").timeout(1).start()) {
 *     try (Jedis jedis = new Jedis(server.host(), server.port())) { ... }
 * }
 * }</pre>
 *
 * The server listens on 127.0.0.1 only, on a port the OS picks ({@code port 0}), so tests never
 * collide. {@link #close()} stops it and waits (bounded) until it has stopped.
 */
public final class TestServer implements AutoCloseable {
    /** The only address test servers listen on. */
    public static final String HOST = "127.0.0.1";

    private final LodestoneServer server;

    private TestServer(LodestoneServer server) {
        this.server = server;
    }

    /** A server with Redis's default settings. */
    public static TestServer start() {
        return builder().start();
    }

    /** Starts with Redis's defaults changed by {@code configure}. */
    public static TestServer start(Consumer<ServerConfig> configure) {
        return builder().configure(configure).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return server.boundPort();
    }

    /** The running server (its engine, client registry, config). */
    public LodestoneServer server() {
        return server;
    }

    /** The live config; fields that Redis can CONFIG SET may be changed while running. */
    public ServerConfig config() {
        return server.config();
    }

    /** True if the command table has {@code name}: lets a test skip until another group is merged. */
    public boolean hasCommand(String name) {
        return server.engine().dispatcher().table().lookup(name) != null;
    }

    /** A new RESP2 or RESP3 connection to this server that parses replies. */
    public RespClient client(int protocol) {
        return new RespClient(port(), protocol);
    }

    public RespClient client() {
        return client(2);
    }

    /** A raw RESP connection to this server. */
    public RawClient rawClient() {
        return RawClient.connect(HOST, port());
    }

    @Override
    public void close() {
        server.close();
    }

    /** Settings for the server to start; anything not set keeps Redis's default. */
    public static final class Builder {
        private final ServerConfig config = new ServerConfig();

        private Builder() {
            config.setPort(0);
            config.setBind(List.of(HOST));
            // no automatic saves in tests (Redis's default rules would write dump.rdb to the working dir)
            config.engine().setSaveRules(new long[0]);
        }

        /** requirepass: clients must AUTH with this password. */
        public Builder requirepass(String password) {
            config.setRequirepass(password);
            return this;
        }

        /** proto-max-bulk-len: the largest bulk string a request may carry. */
        public Builder protoMaxBulkLen(long bytes) {
            config.engine().setProtoMaxBulkLen(bytes);
            return this;
        }

        /** client-query-buffer-limit: the most unparsed input a client may have buffered. */
        public Builder clientQueryBufferLimit(long bytes) {
            config.setClientQueryBufferLimit(bytes);
            return this;
        }

        /** maxclients. */
        public Builder maxclients(int clients) {
            config.setMaxclients(clients);
            return this;
        }

        /** timeout: seconds after which an idle client is closed (0 = never). */
        public Builder timeout(int seconds) {
            config.setTimeout(seconds);
            return this;
        }

        /** Any other setting. */
        public Builder configure(Consumer<ServerConfig> change) {
            change.accept(config);
            return this;
        }

        /** Starts the server; it is listening when this returns. */
        public TestServer start() {
            LodestoneServer server = new LodestoneServer(config);
            try {
                server.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while starting", e);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return new TestServer(server);
        }
    }
}
