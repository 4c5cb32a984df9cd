package io.lodestone.jcache.store.embedded;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineLock;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.KeyObserver;
import io.lodestone.engine.reply.DiscardingReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.jcache.store.CacheStore;
import io.lodestone.jcache.store.KeyPrefix;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The caches' view of one engine in this JVM: an internal client that runs every write as a Redis
 * command through the engine's dispatcher (so every write enters the write stream, as a command
 * from a socket would) and reads as the GET handler does; and the router of the engine's expiry
 * notifications to the caches whose prefix they carry.
 *
 * <p>Every method that runs a command must be called with {@link #lock()} held; the lock is the
 * engine's own (reentrant), so a read-modify-write holding it is atomic against every client.
 */
public final class EmbeddedEngine implements KeyObserver, AutoCloseable {
    private static final byte[] SET = Bytes.ascii("SET");
    private static final byte[] PXAT = Bytes.ascii("PXAT");
    private static final byte[] KEEPTTL = Bytes.ascii("KEEPTTL");
    private static final byte[] DEL = Bytes.ascii("DEL");
    private static final byte[] PEXPIREAT = Bytes.ascii("PEXPIREAT");
    private static final byte[] PERSIST = Bytes.ascii("PERSIST");
    /** CLIENT ID of the internal client (socket clients count from 1). */
    private static final long INTERNAL_CLIENT_ID = 0;
    /** Lock attempts before parking (see {@link #acquire}). */
    private static final int SPINS = 100;

    private final Engine engine;
    private final boolean owned;
    private final int db;
    private final Database database;
    private final EngineLock lock;
    private final CommandContext context;
    private final Capture reply = new Capture();
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /**
     * @param engine the engine (its command table has the SET, DEL, PEXPIREAT and PERSIST the store runs)
     * @param owned  whether closing this closes the engine
     * @param db     the database index the caches use
     */
    public EmbeddedEngine(Engine engine, boolean owned, int db) {
        if (db < 0 || db >= engine.keyspace().databaseCount()) {
            throw new CacheException("database index out of range: " + db);
        }
        this.engine = engine;
        this.owned = owned;
        this.db = db;
        this.database = engine.keyspace().db(db);
        this.lock = engine.lock();
        this.context = new CommandContext(engine, INTERNAL_CLIENT_ID, true);
        this.context.select(db);
        engine.addKeyObserver(this);
    }

    public Engine engine() {
        return engine;
    }

    public EngineLock lock() {
        return lock;
    }

    /**
     * Takes the engine lock. A cache step holds it for a few hundred nanoseconds, far less than it
     * costs to park and wake a thread, so a contended acquisition spins a little first.
     */
    void acquire() {
        if (lock.tryLock()) {
            return;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (lock.tryLock()) {
                return;
            }
        }
        lock.lock();
    }

    /**
     * Takes the engine lock for a step on {@code key}. While another thread holds it, the key's
     * entry is first read without it (racily, nothing trusted), so that the step's cache misses
     * (the probe, the key's bytes, the old value) are taken while this thread waits, not while it
     * holds the lock and the other one waits.
     */
    void acquireFor(byte[] key) {
        if (lock.tryLock()) {
            return;
        }
        Object old = database.getWithoutLock(key, engine.clock().millis());
        if (old instanceof byte[] bytes && bytes.length == Integer.MAX_VALUE) {
            throw new AssertionError(); // never: it only makes the length a load that has to happen
        }
        acquire();
    }

    /** A store for the cache whose keys start with {@code prefix}. */
    public CacheStore store(byte[] prefix) {
        return new EmbeddedCacheStore(this, prefix);
    }

    /**
     * GET key from any thread, without the lock when possible: the value as {@link #get} returns
     * it. A hit on an entry already read this second is read lock-free and validated against the
     * lock's sequence; anything else (a miss, an expired entry, an LRU word to update, a write in
     * between) takes the lock and runs {@link #get}.
     */
    byte[] read(byte[] key) {
        long stamp = lock.readStamp();
        if ((stamp & 1) == 0
                && database.getWithoutLock(key, engine.clock().millis()) instanceof byte[] value
                && lock.validate(stamp)) {
            engine.keyspace().countLockFreeHit();
            return value;
        }
        acquire();
        try {
            return get(key);
        } finally {
            lock.unlock();
        }
    }

    // ---- commands (caller holds the lock) ------------------------------------------------------

    /**
     * GET key: the stored bytes (not a copy: never modify them), or null. Reads go straight to the
     * keyspace as the GET handler does (command time, lazy expiry with its DEL, hit/miss counts, LRU
     * clock), skipping the dispatcher: a read puts nothing in the write stream, and the dispatcher's
     * per-command work is a fifth of a read's time under the engine lock.
     */
    byte[] get(byte[] key) {
        engine.keyspace().setNow(engine.clock().millis());
        Object value = database.get(key);
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw new CacheException("WRONGTYPE the key " + new String(key, StandardCharsets.UTF_8)
                + " holds a " + value.getClass().getSimpleName() + ", not a cache entry");
    }

    /** SET key value [PXAT at | KEEPTTL]. */
    void set(byte[] key, byte[] value, long expireAt) {
        if (expireAt > 0) {
            run(new byte[][] {SET, key, value, PXAT, Bytes.toBytes(expireAt)});
        } else if (expireAt == CacheStore.KEEP_TTL) {
            run(new byte[][] {SET, key, value, KEEPTTL});
        } else {
            run(new byte[][] {SET, key, value});
        }
    }

    /** PEXPIREAT key at, or PERSIST key for {@link CacheStore#NO_EXPIRY}. */
    void setExpireAt(byte[] key, long expireAt) {
        if (expireAt > 0) {
            run(new byte[][] {PEXPIREAT, key, Bytes.toBytes(expireAt)});
        } else {
            run(new byte[][] {PERSIST, key});
        }
    }

    /** DEL key [key ...]; the number deleted. */
    long del(byte[]... keys) {
        byte[][] argv = new byte[keys.length + 1][];
        argv[0] = DEL;
        System.arraycopy(keys, 0, argv, 1, keys.length);
        run(argv);
        return reply.integer;
    }

    /** The command time of the last command run (the engine's clock). */
    long now() {
        return engine.keyspace().now();
    }

    /** Current time on the engine's clock, outside any command. */
    long clockMillis() {
        return engine.clock().millis();
    }

    boolean exists(byte[] key) {
        engine.keyspace().setNow(engine.clock().millis());
        return database.exists(key);
    }

    /** One SCAN step over the database, keeping the keys that start with {@code prefix}. */
    long scan(long cursor, int count, byte[] prefix, Consumer<byte[]> out) {
        engine.keyspace().setNow(engine.clock().millis());
        return database.scan(cursor, count, key -> {
            if (KeyPrefix.startsWith(key, prefix)) {
                out.accept(key);
            }
        });
    }

    private void run(byte[][] argv) {
        reply.reset();
        engine.dispatcher().execute(context, argv, reply);
        if (reply.error != null) {
            throw new CacheException("Lodestone " + new String(argv[0], StandardCharsets.US_ASCII) + " failed: "
                    + reply.error.getMessage());
        }
    }

    // ---- expiry routing ------------------------------------------------------------------------

    private record Route(byte[] prefix, CacheStore.ExpiryListener listener) {}

    void route(byte[] prefix, CacheStore.ExpiryListener listener) {
        routes.add(new Route(prefix, listener));
    }

    void unroute(CacheStore.ExpiryListener listener) {
        routes.removeIf(r -> r.listener == listener);
    }

    /** From the engine, under its lock: find the cache the key belongs to. */
    @Override
    public void expired(int db, byte[] key, Object value) {
        if (db != this.db || !(value instanceof byte[] bytes)) {
            return;
        }
        for (Route route : routes) {
            if (KeyPrefix.startsWith(key, route.prefix)) {
                route.listener.expired(key, bytes);
                return;
            }
        }
    }

    @Override
    public void close() {
        engine.removeKeyObserver(this);
        if (owned) {
            engine.close();
        }
    }

    /** The reply of the last command, kept without copying: a bulk string, an integer or an error. */
    private static final class Capture extends DiscardingReplyWriter {
        byte[] bulk;
        long integer;
        CommandError error;

        void reset() {
            bulk = null;
            integer = 0;
            error = null;
        }

        @Override
        public void error(CommandError e) {
            error = e;
        }

        @Override
        public void integer(long value) {
            integer = value;
        }

        @Override
        public void bulk(byte[] value) {
            bulk = value;
        }

        @Override
        public void bulk(byte[] value, int offset, int length) {
            bulk = java.util.Arrays.copyOfRange(value, offset, offset + length);
        }

        @Override
        public void bulk(String text) {
            bulk = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void nullBulk() {
            bulk = null;
        }
    }
}
