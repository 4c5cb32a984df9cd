package io.lodestone.engine;

import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandTable;
import io.lodestone.engine.command.DatabaseCommands;
import io.lodestone.engine.command.Dispatcher;
import io.lodestone.engine.command.HashCommands;
import io.lodestone.engine.command.DumpCommands;
import io.lodestone.engine.command.KeyCommands;
import io.lodestone.engine.command.PersistenceCommands;
import io.lodestone.engine.command.StringCommands;
import io.lodestone.engine.expiry.ActiveExpiry;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.keyspace.KeyspaceListener;
import io.lodestone.engine.persistence.RdbPersistence;
import io.lodestone.engine.stream.WriteStream;
import io.lodestone.engine.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine: keyspace, command table, write stream and background cycle, behind one lock.
 *
 * <p>Execution model: every command (and every batch of pipelined commands from one read) runs
 * while holding {@link #lock()}, so each command is atomic with respect to all others, as in
 * Redis's single thread. The background cycle (active expiry) takes the same lock.
 */
public final class Engine implements AutoCloseable {
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final EngineConfig config;
    private final Clock clock;
    private final Keyspace keyspace;
    private final WriteStream writeStream = new WriteStream();
    private final EngineStats stats = new EngineStats();
    private final ReentrantLock lock = new ReentrantLock();
    private final Dispatcher dispatcher;
    private final ActiveExpiry activeExpiry;
    private final RdbPersistence rdb;
    private final long startMillis;
    private ScheduledExecutorService cron;

    public Engine(EngineConfig config, Clock clock, Collection<CommandSpec> extraCommands) {
        this.config = config;
        this.clock = clock;
        this.keyspace = new Keyspace(config.databases());
        this.keyspace.setListener(new Propagator());
        this.startMillis = clock.millis();
        this.keyspace.setNow(startMillis);
        List<CommandSpec> specs = new ArrayList<>();
        specs.addAll(StringCommands.specs());
        specs.addAll(KeyCommands.specs());
        specs.addAll(DatabaseCommands.specs());
        specs.addAll(HashCommands.specs());
        specs.addAll(PersistenceCommands.specs());
        specs.addAll(DumpCommands.specs());
        specs.addAll(extraCommands);
        this.dispatcher = new Dispatcher(this, new CommandTable(specs));
        this.activeExpiry = new ActiveExpiry(keyspace);
        this.rdb = new RdbPersistence(this);
    }

    /** An engine with only the engine's own commands (tests, embedded use). */
    public Engine(EngineConfig config, Clock clock) {
        this(config, clock, List.of());
    }

    public EngineConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public WriteStream writeStream() {
        return writeStream;
    }

    public EngineStats stats() {
        return stats;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public CommandTable commands() {
        return dispatcher.table();
    }

    /** Held while running commands; see the class comment. */
    public ReentrantLock lock() {
        return lock;
    }

    public long startMillis() {
        return startMillis;
    }

    /** RDB persistence: SAVE/BGSAVE, save rules, loading, INFO persistence's RDB fields. */
    public RdbPersistence rdb() {
        return rdb;
    }

    /** Starts the background cycle ({@code hz} times a second): active expiry, save rules. */
    public synchronized void start() {
        if (cron != null) {
            return;
        }
        cron = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lodestone-cron");
            t.setDaemon(true);
            return t;
        });
        scheduleCycle();
    }

    private void scheduleCycle() {
        cron.schedule(() -> {
            try {
                runCronCycle();
            } finally {
                if (!cron.isShutdown()) {
                    scheduleCycle();
                }
            }
        }, 1000 / config.hz(), TimeUnit.MILLISECONDS);
    }

    /** One background cycle; public so tests can drive it with a fake clock. */
    public void runCronCycle() {
        lock.lock();
        try {
            keyspace.setNow(clock.millis());
            if (config.activeExpire() && !rdb.isLoading()) {
                activeExpiry.runCycle(config.hz(), clock::nanos);
            }
            rdb.cron();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public synchronized void close() {
        if (cron != null) {
            cron.shutdownNow();
            cron = null;
        }
    }

    /** Expired keys leave the keyspace as DEL entries of the write stream. */
    private final class Propagator implements KeyspaceListener {
        @Override
        public void expired(Database db, byte[] key) {
            stats.expiredKeys++;
            writeStream.append(db.index(), new byte[][] {DEL, key});
        }
    }
}
