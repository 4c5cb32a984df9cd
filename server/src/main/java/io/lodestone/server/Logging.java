package io.lodestone.server;

import io.lodestone.server.config.ServerConfig;

/**
 * Sets up SLF4J's simple logger from {@code loglevel} and {@code logfile}; must run before the
 * first logger is created.
 */
final class Logging {
    private Logging() {}

    static void configure(ServerConfig config) {
        String level = switch (config.loglevel()) {
            case "debug" -> "debug";
            case "verbose" -> "debug";
            case "warning" -> "warn";
            default -> "info";
        };
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "dd MMM yyyy HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
        if (!config.logfile().isEmpty()) {
            setIfAbsent("org.slf4j.simpleLogger.logFile", config.logfile());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
