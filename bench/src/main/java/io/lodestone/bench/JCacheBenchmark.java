package io.lodestone.bench;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serializable;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * get, put, putIfAbsent and invoke on a 100,000-entry {@code Integer -> byte[100]} JCache, for
 * Lodestone (embedded engine), Caffeine's JCache provider (the in-process limit) and a Hazelcast
 * embedded member (the clustered peer), in one run. Keys are drawn uniformly from the populated
 * range, pre-generated into a power-of-two array read with a masked index, so every operation
 * finds its key (putIfAbsent therefore measures the "present" path).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar JCacheBenchmark -t 1} (and {@code -t 2}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dhazelcast.phone.home.enabled=false",
        "-Dhazelcast.logging.type=none", "-Djava.net.preferIPv4Stack=true"})
public class JCacheBenchmark {
    static final int SIZE = 100_000;
    static final int KEYS = 1 << 20;
    static final int MASK = KEYS - 1;

    @Param({"lodestone", "caffeine", "hazelcast"})
    public String provider;

    Integer[] keys;
    byte[] value;
    Cache<Integer, byte[]> cache;
    CacheManager manager;
    CachingProvider cachingProvider;
    HazelcastInstance hazelcast;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        keys = new Integer[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = random.nextInt(SIZE);
        }
        value = new byte[100];
        random.nextBytes(value);
        MutableConfiguration<Integer, byte[]> configuration =
                new MutableConfiguration<Integer, byte[]>().setTypes(Integer.class, byte[].class);
        switch (provider) {
            case "lodestone" -> {
                cachingProvider = Caching.getCachingProvider("io.lodestone.jcache.spi.LodestoneCachingProvider");
                manager = cachingProvider.getCacheManager();
                cache = manager.createCache("bench", configuration);
            }
            case "caffeine" -> {
                cachingProvider = Caching.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
                manager = cachingProvider.getCacheManager();
                cache = manager.createCache("bench", configuration);
            }
            case "hazelcast" -> {
                hazelcast = Hazelcast.newHazelcastInstance(loopbackMember());
                cachingProvider = Caching.getCachingProvider("com.hazelcast.cache.HazelcastMemberCachingProvider");
                Properties properties = HazelcastCachingProvider.propertiesByInstanceItself(hazelcast);
                manager = cachingProvider.getCacheManager(null, null, properties);
                CacheConfig<Integer, byte[]> hazelcastConfiguration = new CacheConfig<>(configuration);
                // lift the default 10,000-entry cap, or most gets would miss
                hazelcastConfiguration.setEvictionConfig(new EvictionConfig()
                        .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                        .setSize(Integer.MAX_VALUE)
                        .setEvictionPolicy(EvictionPolicy.LRU));
                cache = manager.createCache("bench", hazelcastConfiguration);
            }
            default -> throw new IllegalArgumentException(provider);
        }
        for (int i = 0; i < SIZE; i++) {
            cache.put(i, value);
        }
        if (cache.get(SIZE - 1) == null || cache.get(0) == null) {
            throw new IllegalStateException(provider + " lost entries while loading");
        }
    }

    /** An embedded member that talks to nobody: loopback only, no multicast, no phone home. */
    private static Config loopbackMember() {
        Config config = new Config();
        config.setClusterName("lodestone-bench");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return config;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (cache != null && cache.get(0) == null) {
            throw new IllegalStateException(provider + " lost entries during the run");
        }
        manager.close();
        cachingProvider.close();
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
    }

    /** Each thread walks the key array from its own random start. */
    @State(Scope.Thread)
    public static class Cursor {
        int index;

        @Setup(Level.Trial)
        public void setUp() {
            index = new SplittableRandom().nextInt(KEYS);
        }

        int next() {
            return index++ & MASK;
        }
    }

    @Benchmark
    public byte[] get(Cursor cursor) {
        return cache.get(keys[cursor.next()]);
    }

    @Benchmark
    public void put(Cursor cursor) {
        cache.put(keys[cursor.next()], value);
    }

    @Benchmark
    public boolean putIfAbsent(Cursor cursor) {
        return cache.putIfAbsent(keys[cursor.next()], value);
    }

    @Benchmark
    public Object invoke(Cursor cursor) {
        return cache.invoke(keys[cursor.next()], Replace.INSTANCE, value);
    }

    /** Reads the entry and replaces its value: a read-modify-write where the entry lives. */
    public static final class Replace implements EntryProcessor<Integer, byte[], Integer>, Serializable {
        static final Replace INSTANCE = new Replace();
        private static final long serialVersionUID = 1L;

        @Override
        public Integer process(MutableEntry<Integer, byte[]> entry, Object... arguments) {
            byte[] old = entry.getValue();
            entry.setValue((byte[]) arguments[0]);
            return old == null ? -1 : old.length;
        }
    }
}
