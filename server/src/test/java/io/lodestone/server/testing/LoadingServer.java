package io.lodestone.server.testing;

import io.lodestone.server.LodestoneServer;
import io.lodestone.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server whose {@code start()} (which loads the dataset before it returns) runs on its own
 * thread, so that a test can talk to it while it loads: the port is chosen free beforehand, since
 * the server cannot say which port it took until it has started.
 */
public final class LoadingServer implements AutoCloseable {
    private final LodestoneServer server;
    private final int port;
    private final Thread starter;
    private final AtomicReference<Throwable> failed = new AtomicReference<>();

    private LoadingServer(ServerConfig config) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        config.setPort(port);
        server = new LodestoneServer(config);
        starter = new Thread(() -> {
            try {
                server.start();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "loading-server-start");
        starter.start();
    }

    /** Starts a server with {@code config} (its port is set here) on a new thread. */
    public static LoadingServer start(ServerConfig config) throws IOException {
        return new LoadingServer(config);
    }

    public int port() {
        return port;
    }

    /** The reply to the first call that reaches the server (it is not listening at once), or null by {@code wait}. */
    public String firstReply(Duration wait, String... command) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try (RawClient c = RawClient.connect("127.0.0.1", port)) {
                return c.call(command);
            } catch (RuntimeException notListeningYet) {
                Thread.sleep(5);
            }
        }
        return null;
    }

    /** Waits for {@code start()} to return; what it threw, or null. */
    public Throwable awaitStarted(Duration wait) throws InterruptedException {
        starter.join(wait.toMillis());
        if (starter.isAlive()) {
            return new AssertionError("the server did not finish starting within " + wait);
        }
        return failed.get();
    }

    public RawClient client() {
        return RawClient.connect("127.0.0.1", port);
    }

    @Override
    public void close() throws InterruptedException {
        starter.join(Duration.ofSeconds(60).toMillis());
        server.close();
    }
}
