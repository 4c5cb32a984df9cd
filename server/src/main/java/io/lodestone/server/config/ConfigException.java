package io.lodestone.server.config;

/** A configuration that cannot be used; the message names the file, line and directive. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
