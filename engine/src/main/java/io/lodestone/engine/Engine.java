package io.lodestone.engine;

import io.lodestone.engine.blocking.BlockedClients;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandTable;
import io.lodestone.engine.command.DatabaseCommands;
import io.lodestone.engine.command.Dispatcher;
import io.lodestone.engine.command.HashCommands;
import io.lodestone.engine.command.DumpCommands;
import io.lodestone.engine.command.KeyCommands;
import io.lodestone.engine.command.MemoryCommands;
import io.lodestone.engine.command.SetCommands;
import io.lodestone.engine.command.ListCommands;
import io.lodestone.engine.command.SortedSetCommands;
import io.lodestone.engine.command.PubSubCommands;
import io.lodestone.engine.command.PersistenceCommands;
import io.lodestone.engine.command.StringCommands;
import io.lodestone.engine.command.TransactionCommands;
import io.lodestone.engine.expiry.ActiveExpiry;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.KeyObserver;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.keyspace.KeyspaceListener;
import io.lodestone.engine.memory.MemoryManager;
import io.lodestone.engine.monitor.Monitors;
import io.lodestone.engine.pause.Pause;
import io.lodestone.engine.pubsub.Notifier;
import io.lodestone.engine.pubsub.PubSub;
import io.lodestone.engine.stream.WriteBatch;
import io.lodestone.engine.persistence.RdbPersistence;
import io.lodestone.engine.persistence.aof.AofPersistence;
import io.lodestone.engine.monitor.LatencyMonitor;
import io.lodestone.engine.monitor.SlowLog;
import io.lodestone.engine.stream.WriteStream;
import io.lodestone.engine.time.Clock;
import io.lodestone.engine.tracking.Tracking;
import io.lodestone.engine.transaction.WatchedKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: keyspace, command table, write stream and background cycle, behind one lock.
 *
 * <p>Execution model: every command (and every batch of pipelined commands from one read) runs
 * while holding {@link #lock()}, so each command is atomic with respect to all others, as in
 * Redis's single thread. The background cycle (active expiry) takes the same lock.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final EngineConfig config;
    private final Clock clock;
    private final Keyspace keyspace;
    private final WriteStream writeStream = new WriteStream();
    private final WriteBatch writeBatch = new WriteBatch(writeStream);
    private final PubSub pubsub = new PubSub();
    private final Notifier notifier;
    private final WatchedKeys watchedKeys = new WatchedKeys();
    private final Monitors monitors;
    private final Tracking tracking = new Tracking();
    private final Pause pause;
    private final EngineStats stats = new EngineStats();
    private final EngineLock lock = new EngineLock();
    private final Dispatcher dispatcher;
    private final ActiveExpiry activeExpiry;
    private final MemoryManager memory;
    private final BlockedClients blockedClients;
    private final RdbPersistence rdb;
    private final AofPersistence aof;
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latencyMonitor = new LatencyMonitor();
    private final long startMillis;
    private final List<Runnable> cronTasks = new CopyOnWriteArrayList<>();
    private final List<KeyObserver> keyObservers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService cron;

    public Engine(EngineConfig config, Clock clock, Collection<CommandSpec> extraCommands) {
        this.config = config;
        this.clock = clock;
        this.notifier = new Notifier(config, pubsub);
        this.monitors = new Monitors(clock);
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
        specs.addAll(ListCommands.specs());
        specs.addAll(SortedSetCommands.specs());
        specs.addAll(TransactionCommands.specs());
        specs.addAll(PubSubCommands.specs());
        specs.addAll(PersistenceCommands.specs());
        specs.addAll(DumpCommands.specs());
        specs.addAll(extraCommands);
        this.dispatcher = new Dispatcher(this, new CommandTable(specs));
        this.activeExpiry = new ActiveExpiry(keyspace);
        this.memory = new MemoryManager(config, keyspace, stats, clock);
        this.blockedClients = new BlockedClients(dispatcher::rerun);
        this.rdb = new RdbPersistence(this);
        this.aof = new AofPersistence(this);
        this.pause = new Pause(keyspace, blockedClients, dispatcher::rerun);
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

    /**
     * Where writes are appended: straight to the stream, or held back while a command or an EXEC
     * collects its entries to wrap them in MULTI/EXEC.
     */
    public WriteBatch writeBatch() {
        return writeBatch;
    }

    /** Channels, patterns and their subscribers. */
    public PubSub pubsub() {
        return pubsub;
    }

    /** Keyspace notifications (notify-keyspace-events). */
    public Notifier notifier() {
        return notifier;
    }

    /** Clients in MONITOR mode. */
    public Monitors monitors() {
        return monitors;
    }

    /** Client-side caching: CLIENT TRACKING's table and invalidations. */
    public Tracking tracking() {
        return tracking;
    }

    /** CLIENT PAUSE state and the clients it holds back. */
    public Pause pause() {
        return pause;
    }

    /** The keys clients WATCH. */
    public WatchedKeys watchedKeys() {
        return watchedKeys;
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

    /** Commands slower than slowlog-log-slower-than (SLOWLOG); under the engine lock. */
    public SlowLog slowLog() {
        return slowLog;
    }

    /** Latency spikes above latency-monitor-threshold (LATENCY); under the engine lock. */
    public LatencyMonitor latencyMonitor() {
        return latencyMonitor;
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
    public EngineLock lock() {
        return lock;
    }

    public long startMillis() {
        return startMillis;
    }

    /** Registers an observer of keys that expire (see {@link KeyObserver} for the threading rules). */
    public void addKeyObserver(KeyObserver observer) {
        keyObservers.add(observer);
    }

    public void removeKeyObserver(KeyObserver observer) {
        keyObservers.remove(observer);
    }

    /** RDB persistence: SAVE/BGSAVE, save rules, loading, INFO persistence's RDB fields. */
    public RdbPersistence rdb() {
        return rdb;
    }

    /** The append-only file: appending, BGREWRITEAOF, loading, INFO persistence's AOF fields. */
    public AofPersistence aof() {
        return aof;
    }

    /**
     * Loads the persisted dataset at startup, as redis-server does: the AOF when appendonly is on
     * (with it off, only the AOF's manifest, for a later CONFIG SET appendonly yes), else the RDB
     * file if there is one. Call without the engine lock; clients get -LOADING meanwhile.
     */
    public void loadPersistedData() throws java.io.IOException,
            io.lodestone.engine.persistence.rdb.RdbFormatException,
            io.lodestone.engine.persistence.aof.AofFormatException {
        aof.loadAtStartup();
        if (!config.appendonly()) {
            rdb.loadAtStartup();
        }
    }

    /**
     * What happens before the engine stops (Redis's prepareForShutdown): a running BGSAVE is
     * stopped, the AOF is written and fsynced, and the dataset is saved when save rules are
     * configured (unless {@code nosave}) or when {@code save} is asked. False when the AOF or that
     * save failed and {@code force} is not set: the caller must then keep running. Takes the lock.
     */
    public boolean prepareForShutdown(boolean save, boolean nosave, boolean force) {
        lock.lock();
        try {
            if (rdb.isLoading()) {
                // the dataset is not in memory yet: saving it would replace the dump with nothing
                save = false;
                nosave = true;
            }
            if (rdb.isBackgroundSaveRunning()) {
                LOG.warn("There is a background save in progress. Stopping it!");
                rdb.cancelBackgroundSave();
            }
            if (!aof.prepareForShutdown()) {
                if (!force) {
                    LOG.warn("Error trying to flush the AOF, can't exit.");
                    return false;
                }
                LOG.warn("Error trying to flush the AOF. Exit anyway.");
            }
            if ((config.hasSaveRules() && !nosave) || save) {
                LOG.info("Saving the final RDB snapshot before exiting.");
                if (!rdb.save()) {
                    if (!force) {
                        LOG.warn("Error trying to save the DB, can't exit.");
                        LOG.warn("Errors trying to shut down the server. Check the logs for more information.");
                        return false;
                    }
                    LOG.warn("Error trying to save the DB. Exit anyway.");
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the background cycle ({@code hz} times a second): active expiry, eviction, save rules. */
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
            if (pause.isActive()) {
                pause.checkDeadline(clock.millis()); // a pause that has run out releases its clients
            }
            if (config.activeExpire() && !rdb.isLoading()) {
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
            rdb.cron();
            aof.cron();
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
        lock.lock();
        try {
            aof.close();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Turns keyspace changes into their consequences: expired and evicted keys leave as DEL entries
     * of the write stream and "expired" / "evicted" events; writes wake blocked clients, fail
     * WATCHes and invalidate client-side caches.
     */
    private final class Propagator implements KeyspaceListener {
        @Override
        public void expired(Database db, byte[] key) {
            expired(db, key, null);
        }

        @Override
        public void expired(Database db, byte[] key, Object value) {
            stats.expiredKeys++;
            notifier.notify(Notifier.EXPIRED, "expired", key, db.index());
            if (!watchedKeys.isEmpty()) {
                watchedKeys.expired(db, key);
            }
            if (tracking.isActive()) {
                tracking.invalidate(key);
            }
            writeBatch.add(db.index(), new byte[][] {DEL, key});
            for (KeyObserver observer : keyObservers) {
                observer.expired(db.index(), key, value);
            }
        }

        @Override
        public void evicted(Database db, byte[] key) {
            stats.evictedKeys++;
            writeBatch.add(db.index(), new byte[][] {DEL, key});
            notifier.notify(Notifier.EVICTED, "evicted", key, db.index());
        }

        @Override
        public void modified(Database db, byte[] key) {
            blockedClients.signal(db.index(), key);
            if (!watchedKeys.isEmpty()) {
                watchedKeys.modified(db, key);
            }
            if (tracking.isActive()) {
                tracking.invalidate(key);
            }
        }

        @Override
        public void created(Database db, byte[] key) {
            notifier.notify(Notifier.NEW, "new", key, db.index());
        }

        @Override
        public void missed(Database db, byte[] key) {
            notifier.notify(Notifier.KEY_MISS, "keymiss", key, db.index());
        }

        @Override
        public void replacing(Database db, Database replacement) {
            if (!watchedKeys.isEmpty()) {
                watchedKeys.replacing(db, replacement);
            }
            if (replacement == null && tracking.isActive()) {
                tracking.flushed(); // a flush invalidates every cached key (SWAPDB does not, in Redis 7.0)
            }
        }
    }
}
