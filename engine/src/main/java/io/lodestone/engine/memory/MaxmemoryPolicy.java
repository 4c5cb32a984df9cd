package io.lodestone.engine.memory;

import java.util.Locale;

/**
 * What to do when the memory estimate exceeds {@code maxmemory} (Redis's maxmemory-policy): refuse
 * commands that may grow memory, or evict keys chosen among all keys or among those with a TTL,
 * by approximated LRU, approximated LFU, at random, or by nearest deadline.
 */
public enum MaxmemoryPolicy {
    // in the order Redis lists them in its CONFIG SET error
    VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, NOEVICTION;

    private final String configName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The name in redis.conf and CONFIG GET: {@code allkeys-lru}... */
    public String configName() {
        return configName;
    }

    /** Evicts only keys with a TTL. */
    public boolean volatileOnly() {
        return this == VOLATILE_LRU || this == VOLATILE_LFU || this == VOLATILE_RANDOM || this == VOLATILE_TTL;
    }

    /** Access frequency is tracked instead of access time (the keyspace's access word holds LFU data). */
    public boolean lfu() {
        return this == VOLATILE_LFU || this == ALLKEYS_LFU;
    }

    public boolean random() {
        return this == VOLATILE_RANDOM || this == ALLKEYS_RANDOM;
    }

    /** The policies that pick victims from a pool of sampled candidates (LRU, LFU, TTL). */
    public boolean usesPool() {
        return !random() && this != NOEVICTION;
    }

    /** The policy named {@code name} (any case), or null. */
    public static MaxmemoryPolicy fromConfigName(String name) {
        for (MaxmemoryPolicy p : values()) {
            if (p.configName.equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
