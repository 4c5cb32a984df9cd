package io.lodestone.server;

import io.lodestone.engine.Engine;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.time.Clock;
import io.lodestone.server.client.ClientRegistry;
import io.lodestone.server.client.Connection;
import io.lodestone.server.commands.ConfigCommands;
import io.lodestone.server.commands.ClientCommands;
import io.lodestone.server.commands.CommandCommands;
import io.lodestone.server.commands.ConnectionCommands;
import io.lodestone.server.commands.InfoCommand;
import io.lodestone.server.commands.LatencyCommand;
import io.lodestone.server.commands.DebugCommand;
import io.lodestone.server.commands.ServerCommands;
import io.lodestone.server.commands.SlowLogCommand;
import io.lodestone.server.config.ServerConfig;
import io.lodestone.server.pipeline.ServerInitializer;
import io.lodestone.server.stats.ServerProcessMemory;
import io.lodestone.server.stats.ServerStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Lodestone node: the engine plus a RESP server on Netty (native epoll where
 * available). {@link #start()} binds and returns; {@link #close()} stops everything it started.
 */
public final class LodestoneServer implements AutoCloseable {
    /** The Redis version we behave as: clients read it from HELLO and INFO to pick features. */
    public static final String REDIS_VERSION = "7.0.15";
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(LodestoneServer.class);

    private final ServerConfig config;
    private final Engine engine;
    private final ClientRegistry clients = new ClientRegistry();
    private final ServerStats stats;
    private final List<Channel> listeners = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ServerBootstrap bootstrap;
    private boolean epoll;
    /** The port the OS chose when started with port 0; rebinding with port 0 reuses it. */
    private int ephemeralPort;
    private volatile boolean closing;
    private volatile String transport = "";

    public LodestoneServer(ServerConfig config) {
        this.config = config;
        List<CommandSpec> serverCommands = new ArrayList<>();
        serverCommands.addAll(ConnectionCommands.specs());
        serverCommands.addAll(ServerCommands.specs());
        serverCommands.addAll(ConfigCommands.specs());
        serverCommands.addAll(InfoCommand.specs());
        serverCommands.addAll(ClientCommands.specs());
        serverCommands.addAll(CommandCommands.specs());
        serverCommands.addAll(SlowLogCommand.specs());
        serverCommands.addAll(LatencyCommand.specs());
        serverCommands.addAll(DebugCommand.specs());
        this.engine = new Engine(config.engine(), Clock.SYSTEM, serverCommands);
        this.stats = new ServerStats();
        engine.memory().setProcess(new ServerProcessMemory(clients));
        engine.addCronTask(() -> stats.onCronCycle(engine));
        engine.tracking().setClientsById(clients::get); // CLIENT TRACKING REDIRECT targets
    }

    public ServerConfig config() {
        return config;
    }

    public Engine engine() {
        return engine;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public ServerStats stats() {
        return stats;
    }

    /** Wall-clock time this server was created, in ms since the epoch. */
    public long startMillis() {
        return engine.startMillis();
    }

    /** The I/O event notification the transport uses: {@code epoll}, or {@code nio} (INFO multiplexing_api). */
    public String transport() {
        return transport;
    }

    /** Nanoseconds since this server was created, for uptime. */
    public long uptimeNanos() {
        return System.nanoTime() - startNanos;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public synchronized int boundPort() {
        if (listeners.isEmpty()) {
            return -1;
        }
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** Binds every configured address and starts the engine's background cycle. */
    public synchronized void start() throws InterruptedException {
        epoll = Epoll.isAvailable();
        transport = epoll ? "epoll" : "nio";
        Class<? extends ServerChannel> channelClass;
        if (epoll) {
            bossGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), EpollIoHandler.newFactory());
            channelClass = EpollServerSocketChannel.class;
        } else {
            bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
            channelClass = NioServerSocketChannel.class;
        }
        bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, config.tcpBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ServerInitializer(this));
        try {
            listeners.addAll(bindAll(config.port(), config.bind()));
            if (config.port() == 0) {
                ephemeralPort = boundPort();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // clients idle for longer than `timeout` are closed; read every second so CONFIG SET applies at once
        bossGroup.scheduleAtFixedRate(this::closeIdleClients, 1, 1, TimeUnit.SECONDS);
        loadDataset();
        engine.start();
        LOG.info("Lodestone {} (Redis {} protocol) ready to accept connections on port {} ({} transport, {} I/O threads)",
                VERSION, REDIS_VERSION, boundPort(), epoll ? "epoll" : "nio", config.ioThreads());
    }

    /**
     * Loads the AOF when appendonly is on, else the RDB file if there is one, while already
     * listening: clients meanwhile get -LOADING, as from Redis. A corrupt file stops the server
     * (nothing is half-loaded).
     */
    private void loadDataset() {
        boolean aof = config.engine().appendonly();
        try {
            engine.loadPersistedData();
        } catch (io.lodestone.engine.persistence.rdb.RdbFormatException | java.io.IOException
                | io.lodestone.engine.persistence.aof.AofFormatException e) {
            close();
            Object what = aof ? config.engine().aofDirectory() : config.engine().rdbPath();
            throw new IllegalStateException("Fatal error loading the DB " + what + ": " + e.getMessage() + ". Exiting.",
                    e);
        }
    }

    /**
     * Listens again on the configured port and addresses (CONFIG SET port / bind). The old
     * listeners are closed first, as Redis does; on failure nothing is listening and the caller
     * restores the old settings and calls this again. Connected clients stay connected.
     */
    public synchronized void rebind() {
        if (bootstrap == null || closing) {
            throw new IllegalStateException("the server is not running");
        }
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        listeners.clear();
        // port 0 took an ephemeral port at start: keep that one rather than draw another
        int port = config.port() == 0 && ephemeralPort > 0 ? ephemeralPort : config.port();
        listeners.addAll(bindAll(port, config.bind()));
        LOG.info("Listening on port {} ({})", boundPort(), String.join(" ", config.bind()));
    }

    /**
     * Binds the port on each address; a '-' prefix marks an address that may fail (Redis 7).
     * When both wildcards are asked for, the IPv6 one is bound first: it is dual-stack, so the
     * IPv4 wildcard is then already covered.
     */
    private List<Channel> bindAll(int port, List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalStateException("Configured to not listen anywhere, exiting.");
        }
        List<String> ordered = new ArrayList<>(addresses);
        int v4 = indexOfHost(ordered, "*");
        int v6 = indexOfHost(ordered, "::*");
        if (v4 >= 0 && v6 > v4) {
            ordered.add(v4, ordered.remove(v6));
        }
        List<Channel> bound = new ArrayList<>();
        boolean dualStack = false;
        try {
            for (String address : ordered) {
                boolean optional = address.startsWith("-");
                String host = optional ? address.substring(1) : address;
                if (host.equals("*")) {
                    host = "0.0.0.0";
                } else if (host.equals("::*")) {
                    host = "::";
                }
                try {
                    Channel ch = bootstrap.bind(host, port).sync().channel();
                    bound.add(ch);
                    if (port == 0) {
                        port = ((InetSocketAddress) ch.localAddress()).getPort(); // same port on every address
                    }
                    dualStack |= host.equals("::");
                } catch (Exception e) {
                    if (host.equals("0.0.0.0") && dualStack) {
                        continue; // the IPv6 wildcard already accepts IPv4 clients
                    }
                    if (!optional) {
                        throw new IllegalStateException("Could not create server TCP listening socket " + host + ":"
                                + port + ": " + e.getMessage(), e);
                    }
                    LOG.warn("Could not bind optional address {}:{}: {}", host, port, e.getMessage());
                }
            }
            if (bound.isEmpty()) {
                throw new IllegalStateException("Failed listening on port " + port + " (tcp), aborting.");
            }
        } catch (RuntimeException e) {
            for (Channel ch : bound) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            throw e;
        }
        return bound;
    }

    private static int indexOfHost(List<String> addresses, String host) {
        for (int i = 0; i < addresses.size(); i++) {
            String a = addresses.get(i);
            if (a.equals(host) || a.equals("-" + host)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Closes clients silent for longer than {@code timeout} seconds (0: never), as Redis's clientsCron;
     * a client waiting in a blocking command is not idle.
     */
    private void closeIdleClients() {
        int timeout = config.timeout();
        if (timeout <= 0) {
            return;
        }
        long now = engine.clock().millis();
        for (Connection c : clients.all()) {
            if (now - c.lastInteractionMillis() > timeout * 1000L && !c.blockState().isBlocked()) {
                LOG.debug("Closing idle client id={}", c.id());
                c.channel().close();
            }
        }
    }

    /** Blocks until the server has been closed (SHUTDOWN or a signal). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Stops from a command's thread: the close happens on another thread so the event loop is not blocked. */
    public void shutdownAsync() {
        Thread t = new Thread(this::close, "lodestone-shutdown");
        t.setDaemon(false);
        t.start();
    }

    public boolean isClosing() {
        return closing;
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        // disconnect clients now rather than whenever the event loops wind down
        for (var client : clients.all()) {
            client.channel().close();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        engine.close();
        LOG.info("Lodestone is now ready to exit, bye bye...");
        stopped.countDown();
    }
}
