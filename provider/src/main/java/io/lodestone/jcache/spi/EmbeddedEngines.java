package io.lodestone.jcache.spi;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.persistence.rdb.RdbFormatException;
import io.lodestone.engine.time.Clock;
import io.lodestone.jcache.configuration.EngineDirectives;
import io.lodestone.jcache.configuration.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import javax.cache.CacheException;

/**
 * The engines the provider creates, one per manager URI and shared by every class loader's manager
 * of that URI (and by every provider instance in the JVM): started on first use, closed when the
 * last manager using it closes. The first manager's properties configure it.
 *
 * <p>A persistent engine (see {@link EngineDirectives#persistent}) starts as redis-server does:
 * it loads its data file, if there is one, before anything can use it, saves by its {@code save}
 * rules while it runs, and saves once more when it closes (Redis's shutdown with save rules). A
 * process that exits without closing its managers loses what changed since the last save.
 */
final class EmbeddedEngines {
    private static final Map<URI, Holder> ENGINES = new HashMap<>();

    private static final class Holder {
        final Engine engine;
        int users;

        Holder(Engine engine) {
            this.engine = engine;
        }
    }

    private EmbeddedEngines() {}

    static synchronized Engine acquire(URI uri, ProviderSettings settings) {
        EngineConfig config = settings.engineConfig(); // refuses bad directives even when the engine exists
        Holder holder = ENGINES.get(uri);
        if (holder == null) {
            Engine engine = new Engine(config, Clock.SYSTEM);
            if (EngineDirectives.persistent(config)) {
                load(engine);
            }
            engine.start();
            holder = new Holder(engine);
            ENGINES.put(uri, holder);
        }
        holder.users++;
        return holder.engine;
    }

    static synchronized void release(URI uri, Engine engine) {
        Holder holder = ENGINES.get(uri);
        if (holder != null && holder.engine == engine && --holder.users == 0) {
            ENGINES.remove(uri);
            try {
                if (EngineDirectives.persistent(engine.config())) {
                    // forced, as SHUTDOWN FORCE: a manager's close must not fail; errors are logged
                    engine.prepareForShutdown(false, false, true);
                }
            } finally {
                engine.close();
            }
        }
    }

    private static void load(Engine engine) {
        boolean aof = engine.config().appendonly();
        try {
            engine.loadPersistedData();
        } catch (IOException | RdbFormatException | io.lodestone.engine.persistence.aof.AofFormatException e) {
            engine.close();
            Object what = aof ? engine.config().aofDirectory() : engine.config().rdbPath();
            throw new CacheException("cannot load " + what + ": " + e.getMessage(), e);
        }
    }
}
