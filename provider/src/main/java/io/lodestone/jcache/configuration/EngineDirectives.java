package io.lodestone.jcache.configuration;

import io.lodestone.engine.EngineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.cache.CacheException;

/**
 * The Lodestone configuration directives an engine created by the provider takes from a manager's
 * {@code Properties}: {@code lodestone.jcache.config.<directive>=<value>}, with the directive's
 * redis.conf name and value syntax (e.g. {@code lodestone.jcache.config.save=300 10}).
 *
 * <p>Each directive is one row of {@link #TABLE}: its name, how its value is parsed onto the
 * {@link EngineConfig}, and whether it turns persistence on. A new one (e.g. {@code appendonly}
 * once the engine has an AOF) is one more row. A name not in the table is refused, so that a
 * misspelt directive never leaves a cache silently without persistence.
 */
public final class EngineDirectives {
    /** The prefix of every directive property. */
    public static final String PREFIX = "lodestone.jcache.config.";

    /** How one directive's value is applied. */
    @FunctionalInterface
    private interface Apply {
        void apply(EngineConfig config, String value);
    }

    private static final Map<String, Apply> TABLE = new TreeMap<>(Map.of(
            "dir", (config, value) -> config.setDir(directory(value)),
            "dbfilename", (config, value) -> config.setDbfilename(fileName(value)),
            "save", (config, value) -> config.setSaveRules(saveRules(value)),
            "appendonly", (config, value) -> config.setAppendonly(yesNo("appendonly", value)),
            "appendfsync", (config, value) -> config.setAppendfsync(appendfsync(value))));

    private EngineDirectives() {}

    /** Applies every {@code lodestone.jcache.config.*} property to {@code config}; refuses unknown names. */
    static void apply(Properties properties, EngineConfig config) {
        if (properties == null) {
            return;
        }
        for (String property : properties.stringPropertyNames()) {
            if (!property.startsWith(PREFIX)) {
                continue;
            }
            String directive = property.substring(PREFIX.length());
            Apply apply = TABLE.get(directive);
            if (apply == null) {
                throw new CacheException(property + ": unknown directive '" + directive + "' (supported: "
                        + String.join(", ", TABLE.keySet()) + ")");
            }
            try {
                apply.apply(config, properties.getProperty(property).trim());
            } catch (IllegalArgumentException e) {
                throw new CacheException(property + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether any directive property is present. */
    static boolean present(Properties properties) {
        if (properties == null) {
            return false;
        }
        for (String property : properties.stringPropertyNames()) {
            if (property.startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an engine with {@code config} persists its data, and therefore loads it at startup
     * and saves it when it closes: when it has {@code save} rules or {@code appendonly yes}.
     */
    public static boolean persistent(EngineConfig config) {
        return config.hasSaveRules() || config.appendonly();
    }

    // ---- value parsers (redis.conf syntax) -----------------------------------------------------

    private static String directory(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("dir must not be empty");
        }
        return Path.of(value).toAbsolutePath().normalize().toString();
    }

    private static boolean yesNo(String name, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException(name + " takes yes or no: " + value);
        };
    }

    private static EngineConfig.AppendFsync appendfsync(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "always" -> EngineConfig.AppendFsync.ALWAYS;
            case "everysec" -> EngineConfig.AppendFsync.EVERYSEC;
            case "no" -> EngineConfig.AppendFsync.NO;
            default -> throw new IllegalArgumentException("appendfsync takes always, everysec or no: " + value);
        };
    }

    /** As Redis's CONFIG SET dbfilename: a file name, not a path. */
    private static String fileName(String value) {
        if (value.isEmpty() || value.contains("/") || value.contains("\\")) {
            throw new IllegalArgumentException("dbfilename can't be a path, just a filename");
        }
        return value;
    }

    /** "seconds changes [seconds changes ...]"; empty or {@code ""} for no rule (no persistence). */
    private static long[] saveRules(String value) {
        if (value.isEmpty() || value.equals("\"\"")) {
            return new long[0];
        }
        String[] words = value.split("\\s+");
        if (words.length % 2 != 0) {
            throw new IllegalArgumentException("save takes pairs of <seconds> <changes>: " + value);
        }
        List<Long> numbers = new ArrayList<>(words.length);
        for (String word : words) {
            try {
                long n = Long.parseLong(word);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                numbers.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("save takes non-negative integers: " + word);
            }
        }
        long[] rules = new long[numbers.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = numbers.get(i);
        }
        return rules;
    }
}
