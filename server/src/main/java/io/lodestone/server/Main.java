package io.lodestone.server;

import io.lodestone.server.config.ConfigException;
import io.lodestone.server.config.ConfigLoader;
import io.lodestone.server.config.ServerConfig;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@code lodestone-server [configfile|-] [--directive value ...]}, as redis-server takes them. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        disableBufferChecks();
        if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Lodestone server v=" + LodestoneServer.VERSION + " redis=" + LodestoneServer.REDIS_VERSION);
            System.exit(0);
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            usage();
            System.exit(0);
        }
        ConfigLoader.CommandLine commandLine = ConfigLoader.CommandLine.parse(args);
        byte[] stdinConfig = null;
        ServerConfig config;
        try {
            stdinConfig = commandLine.readsStdin() ? System.in.readAllBytes() : null;
            config = ConfigLoader.load(commandLine, stdinConfig);
        } catch (ConfigException | IOException e) {
            System.err.println();
            System.err.println("*** FATAL CONFIG FILE ERROR (Lodestone " + LodestoneServer.VERSION + ") ***");
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        if (config.daemonize() && !Daemon.isChild()) {
            try {
                Daemon.launch(args, stdinConfig, config);
            } catch (IOException e) {
                System.err.println("Could not start the daemon: " + e.getMessage());
                System.exit(1);
            }
            System.exit(0);
        }
        try {
            Logging.configure(config);
        } catch (IOException e) {
            System.err.println("Can't open the log file: " + e.getMessage());
            System.exit(1);
        }
        LodestoneServer server = new LodestoneServer(config);
        PidFile pidFile = PidFile.of(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!server.isClosing()) {
                // SIGTERM/SIGINT: save as Redis does when save rules are set (SHUTDOWN already did)
                server.engine().prepareForShutdown(false, false, true);
            }
            server.close();
            if (pidFile != null) {
                pidFile.delete();
            }
        }, "lodestone-signal"));
        try {
            server.start();
        } catch (IllegalStateException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error(e.getMessage());
            System.exit(1);
        }
        if (pidFile != null) {
            pidFile.write();
        }
        handleShutdownSignals(server);
        server.awaitStop();
        if (pidFile != null) {
            pidFile.delete();
        }
        System.exit(0);
    }

    /**
     * SIGTERM and SIGINT as Redis's default (shutdown-on-sigterm/sigint default): shut down,
     * saving first when save rules are set; if that save fails (a full disk, an unwritable dir),
     * log it and keep running, so that nothing acknowledged is lost. A SIGINT while a shutdown is
     * under way exits at once. Installed once the dataset is loaded; until then, and in a JVM
     * run with -Xrs, the shutdown hook handles the signals (it saves, but cannot refuse to exit).
     */
    private static void handleShutdownSignals(LodestoneServer server) {
        AtomicBoolean pending = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> onShutdownSignal(server, pending, name));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LoggerFactory.getLogger(Main.class).debug("SIG{} stays with the JVM: {}", name, e.getMessage());
            }
        }
    }

    /** Runs on the JVM's signal thread; the main thread exits once the server has stopped. */
    private static void onShutdownSignal(LodestoneServer server, AtomicBoolean pending, String name) {
        Logger log = LoggerFactory.getLogger(Main.class);
        if (name.equals("INT") && pending.get()) {
            log.warn("You insist... exiting now.");
            Runtime.getRuntime().halt(1); // not a clean shutdown, as Redis's exit(1)
        }
        log.warn("Received SIG{} scheduling shutdown...", name);
        if (pending.getAndSet(true)) {
            return; // the first signal's shutdown is under way
        }
        try {
            log.warn("User requested shutdown...");
            if (server.engine().prepareForShutdown(false, false, false)) {
                server.close();
            }
        } finally {
            pending.set(false);
        }
    }

    private static void usage() {
        System.err.println("Usage: lodestone-server [/path/to/redis.conf] [options] [-]");
        System.err.println("       lodestone-server - (read config from stdin)");
        System.err.println("       lodestone-server -v or --version");
        System.err.println("       lodestone-server -h or --help");
        System.err.println();
        System.err.println("Examples:");
        System.err.println("       lodestone-server (run the server with default config)");
        System.err.println("       lodestone-server /etc/redis/6379.conf");
        System.err.println("       lodestone-server --port 7777");
        System.err.println("       lodestone-server /etc/myredis.conf --loglevel verbose -");
        System.err.println("       lodestone-server /etc/myredis.conf --loglevel verbose");
    }

    /**
     * Netty checks every buffer access for a released buffer and out-of-range indexes: about a
     * tenth of the CPU of a pipelined GET/SET. The server's own code is covered by the tests,
     * which keep the checks on (with paranoid leak detection); the production process turns them
     * off, unless the operator set them explicitly.
     */
    private static void disableBufferChecks() {
        for (String property : new String[] {"io.netty.buffer.checkAccessible", "io.netty.buffer.checkBounds"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "false");
            }
        }
    }
}
