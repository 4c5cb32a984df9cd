package io.lodestone.jcache.spi;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.time.Clock;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The engines the provider creates, one per manager URI and shared by every class loader's manager
 * of that URI (and by every provider instance in the JVM): started on first use, closed when the
 * last manager using it closes.
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

    static synchronized Engine acquire(URI uri, int hz) {
        Holder holder = ENGINES.get(uri);
        if (holder == null) {
            EngineConfig config = EngineConfig.defaults();
            config.setHz(hz);
            Engine engine = new Engine(config, Clock.SYSTEM);
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
            engine.close();
        }
    }
}
