package io.lodestone.engine;

import io.lodestone.engine.blocking.BlockedClients;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandTable;
import io.lodestone.engine.command.DatabaseCommands;
import io.lodestone.engine.command.Dispatcher;
import io.lodestone.engine.command.HashCommands;
import io.lodestone.engine.command.KeyCommands;
import io.lodestone.engine.command.MemoryCommands;
import io.lodestone.engine.command.SetCommands;
import io.lodestone.engine.command.StringCommands;
import io.lodestone.engine.expiry.ActiveExpiry;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.keyspace.KeyspaceListener;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.stream.WriteStream;
import io.lodestone.engine.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final MemoryManager memory;
    private final BlockedClients blockedClients;
    private final long startMillis;
    private final List<Runnable> cronTasks = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService cron;

    public Engine(EngineConfig config, Clock clock, Collection<CommandSpec> extraCommands) {
        this.config = config;
        this.clock = clock;
        this.keyspace = new Keyspace(config);
        this.keyspace.setListener(new Propagator());
        this.startMillis = clock.millis();
        this.keyspace.setNow(startMillis);
        List<CommandSpec> specs = new ArrayList<>();
        specs.addAll(StringCommands.specs());
        specs.addAll(KeyCommands.specs());
        specs.addAll(DatabaseCommands.specs());
        specs.addAll(HashCommands.specs());
        specs.addAll(SetCommands.specs());
        specs.addAll(MemoryCommands.specs());
        specs.addAll(extraCommands);
        this.dispatcher = new Dispatcher(this, new CommandTable(specs));
        this.activeExpiry = new ActiveExpiry(keyspace);
        this.memory = new MemoryManager(config, keyspace, stats, clock);
        this.blockedClients = new BlockedClients(dispatcher::rerun);
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

    /** The memory estimate, maxmemory and eviction. */
    public MemoryManager memory() {
        return memory;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public CommandTable commands() {
        return dispatcher.table();
    }

    /** Clients waiting in blocking commands (BLPOP...). */
    public BlockedClients blockedClients() {
        return blockedClients;
    }

    /** Makes sure blocked clients are timed out at {@code deadline} (absolute ms; 0 = never). */
    public synchronized void scheduleBlockTimeout(long deadline) {
        if (deadline == 0 || cron == null) {
            return; // without the background thread (tests), runCronCycle() times them out
        }
        long delay = Math.max(0, deadline - clock.millis());
        cron.schedule(this::expireBlocked, delay, TimeUnit.MILLISECONDS);
    }

    private void expireBlocked() {
        lock.lock();
        try {
            keyspace.setNow(clock.millis());
            blockedClients.expire(clock.millis());
            blockedClients.serveReady();
        } finally {
            lock.unlock();
        }
    }

    /** Held while running commands; see the class comment. */
    public ReentrantLock lock() {
        return lock;
    }

    public long startMillis() {
        return startMillis;
    }

    /** Starts the background cycle ({@code hz} times a second): active expiry, eviction. */
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

    /**
     * Adds a task to the background cycle (Redis's serverCron): it runs {@code hz} times a second
     * under the engine lock, after active expiry, and must be quick. E.g. the server's samplers.
     */
    public void addCronTask(Runnable task) {
        cronTasks.add(task);
    }

    /** One background cycle; public so tests can drive it with a fake clock. */
    public void runCronCycle() {
        lock.lock();
        try {
            keyspace.setNow(clock.millis());
            if (config.activeExpire()) {
                activeExpiry.runCycle(config.hz(), clock::nanos);
            }
            // goes on with an eviction that ran out of time, or follows a lowered maxmemory
            memory.performEvictions();
            memory.trackPeak();
            for (Runnable task : cronTasks) {
                task.run();
            }
            if (blockedClients.size() > 0) {
                blockedClients.expire(clock.millis());
                blockedClients.serveReady();
            }
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

    /** Expired and evicted keys leave the keyspace as DEL entries of the write stream. */
    private final class Propagator implements KeyspaceListener {
        @Override
        public void expired(Database db, byte[] key) {
            stats.expiredKeys++;
            writeStream.append(db.index(), new byte[][] {DEL, key});
        }

        @Override
        public void evicted(Database db, byte[] key) {
            stats.evictedKeys++;
            writeStream.append(db.index(), new byte[][] {DEL, key});
            // keyspace notifications: fire the "evicted" event (class e) here
        }

        @Override
        public void modified(Database db, byte[] key) {
            blockedClients.signal(db.index(), key);
        }
    }
}
