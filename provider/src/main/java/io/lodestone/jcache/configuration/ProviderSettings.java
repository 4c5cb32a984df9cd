package io.lodestone.jcache.configuration;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.jcache.copy.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * A cache manager's settings: the manager's {@code Properties} over the defaults in {@code
 * lodestone-jcache-reference.properties} (every default is written there, once).
 */
public final class ProviderSettings {
    /** An {@link Engine} object (not a string): use this engine instead of the provider's own. */
    public static final String ENGINE = "lodestone.jcache.engine";
    /** The first part of every cache's key prefix. */
    public static final String NAMESPACE = "lodestone.jcache.namespace";
    /** The database index the caches live in. */
    public static final String DATABASE = "lodestone.jcache.database";
    /** The {@link Codec} class for keys and values. */
    public static final String CODEC = "lodestone.jcache.codec";
    /** Active expiry cycles per second of an engine the provider creates (Redis's {@code hz}). */
    public static final String HZ = "lodestone.jcache.hz";

    private static final Properties DEFAULTS = loadDefaults();

    private final Engine engine;
    private final String namespace;
    private final int database;
    private final String codecClass;
    private final int hz;
    private final Properties properties;

    private ProviderSettings(Properties properties) {
        Object engineObject = properties == null ? null : properties.get(ENGINE);
        if (engineObject != null && !(engineObject instanceof Engine)) {
            throw new CacheException(ENGINE + " must hold an io.lodestone.engine.Engine, not " + engineObject.getClass());
        }
        this.engine = (Engine) engineObject;
        this.namespace = get(properties, NAMESPACE);
        this.database = integer(properties, DATABASE);
        this.codecClass = get(properties, CODEC);
        this.hz = integer(properties, HZ);
        this.properties = properties;
        if (engine != null && EngineDirectives.present(properties)) {
            throw new CacheException(EngineDirectives.PREFIX + "* configure an engine the provider creates, "
                    + "not the one given in " + ENGINE);
        }
    }

    public static ProviderSettings of(Properties properties) {
        return new ProviderSettings(properties);
    }

    /** The engine given in the properties, or null to use the provider's own. */
    public Engine engine() {
        return engine;
    }

    public String namespace() {
        return namespace;
    }

    public int database() {
        return database;
    }

    public int hz() {
        return hz;
    }

    /**
     * The configuration of an engine the provider creates for these settings: the defaults, {@link
     * #HZ}, and the {@link EngineDirectives} ({@code lodestone.jcache.config.*}: persistence...).
     */
    public EngineConfig engineConfig() {
        EngineConfig config = EngineConfig.defaults();
        config.setHz(hz);
        EngineDirectives.apply(properties, config);
        return config;
    }

    public Codec newCodec(ClassLoader classLoader) {
        try {
            Class<?> type = Class.forName(codecClass, true, classLoader == null ? getClass().getClassLoader() : classLoader);
            return (Codec) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new CacheException("cannot create codec " + codecClass, e);
        }
    }

    private static String get(Properties properties, String name) {
        String value = properties == null ? null : properties.getProperty(name);
        return value != null ? value : DEFAULTS.getProperty(name);
    }

    private static int integer(Properties properties, String name) {
        String value = get(properties, name);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CacheException(name + " is not an integer: " + value);
        }
    }

    private static Properties loadDefaults() {
        Properties defaults = new Properties();
        try (InputStream in = ProviderSettings.class.getResourceAsStream("/lodestone-jcache-reference.properties")) {
            if (in == null) {
                throw new IllegalStateException("lodestone-jcache-reference.properties is missing");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read lodestone-jcache-reference.properties", e);
        }
        return defaults;
    }
}
