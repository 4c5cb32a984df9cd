package io.lodestone.server;

import io.lodestone.server.config.ServerConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Sets up SLF4J's simple logger from {@code loglevel} and {@code logfile}; must run before the
 * first logger is created. The log file is opened for appending, as Redis does, and standard
 * error goes there too (the simple logger writes to it), so a crash's trace lands in the log.
 */
final class Logging {
    private Logging() {}

    /** @throws IOException when the log file cannot be opened (Redis then refuses to start) */
    static void configure(ServerConfig config) throws IOException {
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
            FileOutputStream file = new FileOutputStream(config.resolve(config.logfile()).toFile(), true);
            System.setErr(new PrintStream(file, true, StandardCharsets.UTF_8));
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
