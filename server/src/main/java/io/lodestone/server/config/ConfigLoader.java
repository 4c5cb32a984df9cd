package io.lodestone.server.config;

/** Builds the server configuration from the command line (a config file, then --directive overrides). */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static ServerConfig load(String[] args) throws ConfigException {
        // placeholder until the redis.conf parser lands: --port only
        ServerConfig config = new ServerConfig();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                config.setPort(Integer.parseInt(args[++i]));
            }
        }
        return config;
    }
}
