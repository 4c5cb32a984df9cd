package io.lodestone.server;

import io.lodestone.server.config.ConfigException;
import io.lodestone.server.config.ConfigLoader;
import io.lodestone.server.config.ServerConfig;

/** {@code lodestone-server [config-file] [--directive value ...]}, as redis-server takes them. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ConfigLoader.load(args);
        } catch (ConfigException e) {
            System.err.println("*** FATAL CONFIG FILE ERROR (Lodestone " + LodestoneServer.VERSION + ") ***");
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Logging.configure(config);
        LodestoneServer server = new LodestoneServer(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lodestone-signal"));
        try {
            server.start();
        } catch (IllegalStateException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error(e.getMessage());
            System.exit(1);
        }
        server.awaitStop();
        System.exit(0);
    }
}
