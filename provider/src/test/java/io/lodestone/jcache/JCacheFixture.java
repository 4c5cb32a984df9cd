package io.lodestone.jcache;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.FakeClock;
import io.lodestone.jcache.configuration.ProviderSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * An engine on a fake clock with a cache manager over it, and the engine's write stream as text:
 * time moves only when a test says so, and active expiry runs when a test calls {@link #cron()}.
 */
public final class JCacheFixture implements AutoCloseable {
    private static final AtomicInteger MANAGERS = new AtomicInteger();

    public final FakeClock clock = new FakeClock();
    public final Engine engine = new Engine(EngineConfig.defaults(), clock);
    public final CacheManager manager;
    private final List<String> stream = new ArrayList<>();

    public JCacheFixture() {
        engine.writeStream().subscribe((offset, db, argv) -> {
            StringBuilder line = new StringBuilder();
            for (byte[] arg : argv) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(printable(arg));
            }
            synchronized (stream) {
                stream.add(line.toString());
            }
        });
        Properties properties = new Properties();
        properties.put(ProviderSettings.ENGINE, engine);
        CachingProvider provider = Caching.getCachingProvider();
        manager = provider.getCacheManager(URI.create("lodestone:test:" + MANAGERS.incrementAndGet()),
                provider.getDefaultClassLoader(), properties);
    }

    /** Moves the clock. */
    public void advance(long ms) {
        clock.advance(ms);
    }

    /** One active expiry cycle, as the engine's cron thread runs it. */
    public void cron() {
        engine.runCronCycle();
    }

    /** The write stream so far, one entry per line, non-printable bytes as \xNN. */
    public List<String> stream() {
        synchronized (stream) {
            return new ArrayList<>(stream);
        }
    }

    public void clearStream() {
        synchronized (stream) {
            stream.clear();
        }
    }

    public static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b & 0xff));
            }
        }
        return out.toString();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        manager.close();
        engine.close();
    }
}
