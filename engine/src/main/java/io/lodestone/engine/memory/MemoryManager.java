package io.lodestone.engine.memory;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.time.Clock;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The engine's memory: the estimate that {@code maxmemory} limits, its peak, and eviction.
 *
 * <p><b>The estimate.</b> Java cannot ask its allocator what the data costs, so the keyspace keeps
 * a running count of the heap bytes of its entries (see {@link Database}); used memory is that plus
 * {@link #STARTUP_BYTES}, a fixed base standing for the server itself, as Redis's used_memory
 * starts near 0.9 MB on an empty server. The JVM heap is reported apart (it includes garbage).
 *
 * <p><b>Eviction</b> approximates LRU, LFU and TTL order as Redis does: each round samples
 * {@code maxmemory-samples} keys per database (keys with a TTL only, for volatile policies) into a
 * pool of the {@value #POOL_SIZE} best candidates seen so far, kept between rounds, and evicts the
 * best one still present; random policies take a random key from each database in turn. It runs
 * before every command while a limit is set (and from the background cycle), until used memory is
 * under the limit, no candidate is left (out of memory: commands flagged DENYOOM are refused), or
 * the time that {@code maxmemory-eviction-tenacity} allows is spent (the background cycle goes on).
 * Not thread-safe: the engine lock guards it.
 */
public final class MemoryManager {
    /** The estimate of an empty server, before any data. */
    public static final long STARTUP_BYTES = 1L << 20;
    private static final int POOL_SIZE = 16;
    /** Evictions between two looks at the clock. */
    private static final int TIME_CHECK_EVERY = 16;

    /** The outcome of {@link #performEvictions()}, as Redis names them. */
    public enum Result {
        /** Under the limit (or no limit). */
        OK,
        /** Still over the limit, but keys are being evicted: commands go on. */
        RUNNING,
        /** Over the limit and nothing can be evicted: DENYOOM commands are refused. */
        FAIL
    }

    private final EngineConfig config;
    private final Keyspace keyspace;
    private final EngineStats stats;
    private final Clock clock;
    private final SplittableRandom random = new SplittableRandom();
    private ProcessMemory process = ProcessMemory.JVM;
    private long peak = STARTUP_BYTES;
    /** Since when used memory has been over the limit (clock nanos), or -1. */
    private long overLimitSince = -1;

    // the eviction pool: candidates in ascending order of score (the best last)
    private final long[] poolScores = new long[POOL_SIZE];
    private final byte[][] poolKeys = new byte[POOL_SIZE][];
    private final Database[] poolDbs = new Database[POOL_SIZE];
    private int poolSize;
    private MaxmemoryPolicy samplingPolicy;
    private final Database.SampleSink toPool = this::offerToPool;
    // the random policies' pick
    private int nextRandomDb;
    private byte[] randomPick;
    private final Database.SampleSink toRandomPick = (db, key, access, expireAt) -> randomPick = key;

    public MemoryManager(EngineConfig config, Keyspace keyspace, EngineStats stats, Clock clock) {
        this.config = config;
        this.keyspace = keyspace;
        this.stats = stats;
        this.clock = clock;
    }

    // ---- the estimate --------------------------------------------------------------------------

    /** The memory estimate that maxmemory limits (INFO used_memory). */
    public long usedMemory() {
        return STARTUP_BYTES + keyspace.datasetBytes();
    }

    /** The highest used memory seen (INFO used_memory_peak); reading it records the current one. */
    public long peak() {
        trackPeak();
        return peak;
    }

    public void trackPeak() {
        long used = usedMemory();
        if (used > peak) {
            peak = used;
        }
    }

    public ProcessMemory process() {
        return process;
    }

    /** The server's view of the process (client buffers, RSS) replaces the JVM-only default. */
    public void setProcess(ProcessMemory process) {
        this.process = process;
    }

    /** Milliseconds over the limit in the current episode (INFO current_eviction_exceeded_time). */
    public long currentOverLimitMillis() {
        return overLimitSince < 0 ? 0 : (clock.nanos() - overLimitSince) / 1_000_000;
    }

    /** Milliseconds spent over the limit, this episode included (INFO total_eviction_exceeded_time). */
    public long totalOverLimitMillis() {
        return stats.evictionExceededMicros / 1000 + currentOverLimitMillis();
    }

    // ---- eviction --------------------------------------------------------------------------------

    /**
     * Evicts keys until used memory is under maxmemory, as the policy says; see {@link Result}.
     * The dispatcher calls it before each command while a limit is set, the background cycle too.
     */
    public Result performEvictions() {
        long limit = config.maxmemory();
        if (limit == 0 || (keyspace.isReplica() && config.replicaIgnoreMaxmemory()) || usedMemory() <= limit) {
            endOverLimit();
            return Result.OK;
        }
        if (overLimitSince < 0) {
            overLimitSince = clock.nanos();
        }
        MaxmemoryPolicy policy = config.maxmemoryPolicy();
        if (policy == MaxmemoryPolicy.NOEVICTION) {
            return Result.FAIL;
        }
        if (keyspace.expiryPaused()) {
            return Result.OK; // CLIENT PAUSE WRITE keeps the dataset still: no eviction (as Redis 7.0)
        }
        long budget = timeBudgetNanos(config.maxmemoryEvictionTenacity());
        long start = clock.nanos();
        int evicted = 0;
        while (usedMemory() > limit) {
            if (!evictOne(policy)) {
                return Result.FAIL;
            }
            if (++evicted % TIME_CHECK_EVERY == 0 && budget >= 0 && clock.nanos() - start > budget) {
                return usedMemory() > limit ? Result.RUNNING : Result.OK;
            }
        }
        endOverLimit();
        return Result.OK;
    }

    private void endOverLimit() {
        if (overLimitSince >= 0) {
            stats.evictionExceededMicros += (clock.nanos() - overLimitSince) / 1000;
            overLimitSince = -1;
        }
    }

    /**
     * How long one pass may evict, from maxmemory-eviction-tenacity: 50 us per step up to 10 (the
     * default, 500 us), then growing 15% a step, unlimited (-1) at 100.
     */
    static long timeBudgetNanos(int tenacity) {
        if (tenacity <= 10) {
            return 50_000L * tenacity;
        }
        if (tenacity < 100) {
            return (long) (500_000 * Math.pow(1.15, tenacity - 10));
        }
        return -1;
    }

    /** Evicts one key; false if there is none to evict. */
    private boolean evictOne(MaxmemoryPolicy policy) {
        boolean withTtlOnly = policy.volatileOnly();
        if (policy.random()) {
            int n = keyspace.databaseCount();
            for (int tries = 0; tries < n; tries++) {
                Database db = keyspace.db(nextRandomDb = (nextRandomDb + 1) % n);
                randomPick = null;
                if (db.sample(random, withTtlOnly, 1, toRandomPick) > 0) {
                    db.evict(randomPick);
                    randomPick = null;
                    return true;
                }
            }
            return false;
        }
        if (samplingPolicy != policy) {
            clearPool(); // scores of another policy do not compare
            samplingPolicy = policy;
        }
        while (true) {
            int sampled = 0;
            int samples = config.maxmemorySamples();
            for (int d = 0, n = keyspace.databaseCount(); d < n; d++) {
                sampled += keyspace.db(d).sample(random, withTtlOnly, samples, toPool);
            }
            if (sampled == 0) {
                return false;
            }
            // the best candidate that is still there (the pool outlives the keys it names)
            while (poolSize > 0) {
                int best = --poolSize;
                Database db = poolDbs[best];
                byte[] key = poolKeys[best];
                poolDbs[best] = null;
                poolKeys[best] = null;
                if (db.holdsCandidate(key, withTtlOnly)) {
                    db.evict(key);
                    return true;
                }
            }
        }
    }

    /** The higher, the better a candidate: idle seconds, rarity of use, or nearness of the deadline. */
    private long score(int accessWord, long expireAt) {
        return switch (samplingPolicy) {
            case VOLATILE_TTL -> Long.MAX_VALUE - expireAt;
            case VOLATILE_LFU, ALLKEYS_LFU -> 255 - keyspace.frequency(accessWord);
            default -> keyspace.idleSeconds(accessWord);
        };
    }

    private void offerToPool(Database db, byte[] key, int accessWord, long expireAt) {
        long score = score(accessWord, expireAt);
        for (int i = 0; i < poolSize; i++) {
            if (poolDbs[i] == db && Arrays.equals(poolKeys[i], key)) {
                return; // already a candidate
            }
        }
        if (poolSize == POOL_SIZE && score <= poolScores[0]) {
            return; // worse than every candidate of a full pool
        }
        int at = 0; // first position with a higher score
        while (at < poolSize && poolScores[at] <= score) {
            at++;
        }
        if (poolSize < POOL_SIZE) {
            System.arraycopy(poolScores, at, poolScores, at + 1, poolSize - at);
            System.arraycopy(poolKeys, at, poolKeys, at + 1, poolSize - at);
            System.arraycopy(poolDbs, at, poolDbs, at + 1, poolSize - at);
            poolSize++;
        } else {
            // full: the worst candidate (first) makes room
            at--;
            System.arraycopy(poolScores, 1, poolScores, 0, at);
            System.arraycopy(poolKeys, 1, poolKeys, 0, at);
            System.arraycopy(poolDbs, 1, poolDbs, 0, at);
        }
        poolScores[at] = score;
        poolKeys[at] = key;
        poolDbs[at] = db;
    }

    private void clearPool() {
        Arrays.fill(poolKeys, null);
        Arrays.fill(poolDbs, null);
        poolSize = 0;
    }
}
