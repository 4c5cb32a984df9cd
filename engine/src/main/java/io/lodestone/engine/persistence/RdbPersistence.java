package io.lodestone.engine.persistence;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.EngineStats;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.persistence.rdb.RdbContext;
import io.lodestone.engine.persistence.rdb.RdbFormatException;
import io.lodestone.engine.persistence.rdb.RdbLoader;
import io.lodestone.engine.persistence.rdb.RdbSaveException;
import io.lodestone.engine.persistence.rdb.RdbSnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RDB persistence of an engine (Redis's rdb.c server side): SAVE, BGSAVE without fork, the
 * {@code save} rules checked by the engine's cron, loading at startup and DEBUG RELOAD, and the
 * state INFO persistence shows.
 *
 * <p>BGSAVE fixes its point in time under the engine lock, then a background thread writes the
 * {@link io.lodestone.engine.keyspace.Snapshot} while clients keep writing. One background save
 * at a time, as Redis has one child at a time. Unless noted, methods run under the engine lock.
 */
public final class RdbPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(RdbPersistence.class);
    /** After a failed BGSAVE, automatic saves wait this long before trying again (CONFIG_BGSAVE_RETRY_DELAY). */
    private static final long BGSAVE_RETRY_DELAY_SECONDS = 5;
    private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Engine engine;
    private final long pid = ProcessHandle.current().pid();

    // under the engine lock
    private long lastSaveSeconds;
    private long lastBgsaveTrySeconds;
    private long lastBgsaveDurationSeconds = -1;
    private boolean bgsaveScheduled;
    private long saves;
    private long dirtyAtBgsaveStart;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;

    // read without the lock (INFO, the dispatcher's checks)
    private volatile boolean lastBgsaveOk = true;
    private volatile SnapshotJob background;
    private volatile boolean loading;
    private volatile long loadingStartSeconds;
    private volatile long loadingTotalBytes;
    private volatile long loadingLoadedBytes;
    private volatile long loadingUsedMem;

    public RdbPersistence(Engine engine) {
        this.engine = engine;
        this.lastSaveSeconds = engine.clock().millis() / 1000; // at startup the dataset counts as saved
    }

    private EngineConfig config() {
        return engine.config();
    }

    private long nowSeconds() {
        return engine.clock().millis() / 1000;
    }

    // ---- SAVE ----------------------------------------------------------------------------------

    /** True while a BGSAVE runs. Any thread. */
    public boolean isBackgroundSaveRunning() {
        return background != null;
    }

    /**
     * SAVE: writes the dataset now, blocking every client (the caller holds the engine lock).
     * False if it failed (logged; LASTSAVE and the dirty count stay as they were).
     */
    public boolean save() {
        saves++;
        Path target = config().rdbPath();
        RdbSnapshotWriter writer = newWriter();
        writer.begin();
        try {
            writer.write(target, tempFile(target, "temp-" + pid + ".rdb"));
        } catch (IOException | RuntimeException e) {
            logSaveFailure(target, e);
            return false;
        }
        LOG.info("DB saved on disk");
        engine.stats().dirty = 0;
        lastSaveSeconds = nowSeconds();
        lastBgsaveOk = true;
        return true;
    }

    /**
     * BGSAVE: fixes the point in time now and writes it from a background thread. False if a
     * background save is already running.
     */
    public boolean startBackgroundSave() {
        if (background != null) {
            return false;
        }
        saves++;
        lastBgsaveTrySeconds = nowSeconds();
        dirtyAtBgsaveStart = engine.stats().dirty;
        bgsaveScheduled = false;
        Path target = config().rdbPath();
        Path temp = tempFile(target, "temp-bgsave-" + pid + ".rdb");
        RdbSnapshotWriter writer = newWriter();
        writer.setKeySaveDelayMicros(config().rdbKeySaveDelayMicros());
        writer.setPacer(SnapshotPacer.forClients(() -> engine.stats().commandsProcessed));
        writer.setIncrementalFsync(config().rdbSaveIncrementalFsync());
        writer.begin();
        SnapshotJob bg = new SnapshotJob(writer, engine.clock().millis());
        background = bg;
        bg.start("lodestone-bgsave", () -> runBackground(bg, target, temp));
        LOG.info("Background saving started");
        return true;
    }

    /** BGSAVE SCHEDULE when a save cannot start now: it starts from the cron as soon as it can. */
    public void scheduleBackgroundSave() {
        bgsaveScheduled = true;
    }

    public boolean isBackgroundSaveScheduled() {
        return bgsaveScheduled;
    }

    private void runBackground(SnapshotJob bg, Path target, Path temp) {
        boolean ok;
        try {
            bg.writer().write(target, temp);
            ok = true;
            LOG.info("DB saved on disk");
            SnapshotPacer pacer = bg.writer().pacer();
            // Redis's child logs its copy-on-write here; ours is what the writer held for the snapshot
            LOG.info("RDB: {} MB of memory held for the snapshot, paused {} ms in {} steps to leave clients the CPU",
                    bg.writer().peakBacklogBytes() >> 20, TimeUnit.NANOSECONDS.toMillis(pacer.pausedNanos()), pacer.steps());
        } catch (IOException | RuntimeException e) {
            ok = false;
            if (!bg.isCancelled()) {
                logSaveFailure(target, e);
            }
        }
        engine.lock().lock();
        try {
            finishBackground(bg, ok);
        } finally {
            engine.lock().unlock();
        }
    }

    private void finishBackground(SnapshotJob bg, boolean ok) {
        if (background == bg) {
            background = null;
        }
        if (bg.isCancelled()) {
            LOG.warn("Background saving terminated by request");
            return;
        }
        long now = engine.clock().millis();
        lastBgsaveDurationSeconds = (now - bg.startMillis()) / 1000;
        if (ok) {
            LOG.info("Background saving terminated with success");
            EngineStats stats = engine.stats();
            stats.dirty = Math.max(0, stats.dirty - dirtyAtBgsaveStart);
            lastSaveSeconds = now / 1000;
            lastBgsaveOk = true;
        } else {
            LOG.warn("Background saving error");
            lastBgsaveOk = false;
        }
    }

    /**
     * Stops a running BGSAVE (FLUSHALL, SHUTDOWN): its temporary file is removed and the old dump
     * stays. Returns at once; the thread finishes on its own.
     */
    public void cancelBackgroundSave() {
        SnapshotJob bg = background;
        if (bg == null) {
            return;
        }
        background = null;
        bg.cancel();
    }

    /** Waits (bounded) for a running BGSAVE to finish; call without the engine lock. True if none runs. */
    public boolean awaitBackgroundSave(long timeout, TimeUnit unit) throws InterruptedException {
        SnapshotJob bg = background;
        return bg == null || bg.await(timeout, unit);
    }

    private RdbSnapshotWriter newWriter() {
        EngineConfig config = config();
        Runtime rt = Runtime.getRuntime();
        return new RdbSnapshotWriter(engine.keyspace(), engine.lock(), new RdbContext(config), config.rdbCompression(),
                config.rdbChecksum(), rt.totalMemory() - rt.freeMemory());
    }

    private static Path tempFile(Path target, String name) {
        Path dir = target.toAbsolutePath().getParent();
        return dir == null ? Path.of(name) : dir.resolve(name);
    }

    /** Logs a failed save as Redis's rdbSave does (which step failed, and strerror's words). */
    private void logSaveFailure(Path target, Throwable e) {
        if (e instanceof RdbSaveException failure) {
            LOG.warn("{}", failure.logLine(Path.of(config().dir()).toAbsolutePath().normalize().toString()));
        } else {
            LOG.warn("Failed saving the DB to {} (in server root dir {}): {}", target.getFileName(), config().dir(),
                    String.valueOf(e.getMessage()));
        }
    }

    // ---- automatic saves -----------------------------------------------------------------------

    /** The engine cron's part: a scheduled BGSAVE, then the {@code save} rules (serverCron's order). */
    public void cron() {
        if (background != null || loading || engine.aof().isRewriting()) {
            return; // one background job at a time, as Redis runs one child
        }
        long now = nowSeconds();
        boolean mayRetry = now - lastBgsaveTrySeconds > BGSAVE_RETRY_DELAY_SECONDS || lastBgsaveOk;
        if (bgsaveScheduled && mayRetry) {
            startBackgroundSave();
            return;
        }
        long[] rules = config().saveRules();
        long dirty = engine.stats().dirty;
        for (int i = 0; i < rules.length; i += 2) {
            long seconds = rules[i];
            long changes = rules[i + 1];
            if (dirty >= changes && now - lastSaveSeconds > seconds && mayRetry) {
                LOG.info("{} changes in {} seconds. Saving...", changes, seconds);
                startBackgroundSave();
                return;
            }
        }
    }

    /**
     * True when writes must be refused with MISCONF: the last background save failed, save rules
     * are configured and {@code stop-writes-on-bgsave-error} is on (Redis's writeCommandsDeniedByDiskError).
     * Any thread.
     */
    public boolean writesDenied() {
        return !lastBgsaveOk && config().stopWritesOnBgsaveError() && config().hasSaveRules();
    }

    // ---- loading -------------------------------------------------------------------------------

    /** True while the dataset is being loaded: commands without the {@code loading} flag get -LOADING. */
    public boolean isLoading() {
        return loading;
    }

    /**
     * Loads the RDB file at startup, without the engine lock (clients are answered -LOADING
     * meanwhile): into a fresh keyspace, swapped in only when the whole file was read and its
     * checksum matched. A missing file means an empty dataset.
     *
     * @return the load's result, or null when there was no file
     * @throws RdbFormatException the file is corrupt (nothing was loaded)
     */
    public RdbLoader.Result loadAtStartup() throws IOException, RdbFormatException {
        Path path = config().rdbPath();
        if (!Files.exists(path)) {
            LOG.info("No RDB file at {}: starting with an empty dataset", path);
            return null;
        }
        loading = true;
        try {
            long start = System.nanoTime();
            RdbLoader.Result[] result = new RdbLoader.Result[1];
            Keyspace loaded = readFile(path, result);
            engine.lock().lock();
            try {
                engine.keyspace().adopt(loaded);
            } finally {
                engine.lock().unlock();
            }
            LOG.info("DB loaded from disk: {} seconds", String.format(Locale.ROOT, "%.3f",
                    (System.nanoTime() - start) / 1e9));
            return result[0];
        } finally {
            loading = false;
        }
    }

    /**
     * Marks the dataset as loading (clients get -LOADING) for a load of {@code totalBytes} that
     * another reader drives (the AOF), which reports its progress with {@link #setLoadingProgress}.
     */
    public void beginLoading(long totalBytes) {
        loadingStartSeconds = nowSeconds();
        loadingTotalBytes = totalBytes;
        loadingLoadedBytes = 0;
        loading = true;
    }

    public void setLoadingProgress(long loadedBytes, long totalBytes) {
        loadingLoadedBytes = loadedBytes;
        loadingTotalBytes = totalBytes;
    }

    public void endLoading() {
        loading = false;
    }

    /**
     * Reads an RDB file into a new keyspace (not the live one), logging as Redis does: the AOF's
     * RDB base. Call without the engine lock.
     */
    public Keyspace readFile(Path path) throws IOException, RdbFormatException {
        return readFile(path, new RdbLoader.Result[1]);
    }

    /**
     * Reads {@code path} into a new keyspace (not the live one), logging as Redis does, and sets
     * the load statistics; the loader's result goes to {@code resultOut[0]}.
     */
    private Keyspace readFile(Path path, RdbLoader.Result[] resultOut) throws IOException, RdbFormatException {
        EngineConfig config = config();
        long size = Files.size(path);
        loadingStartSeconds = nowSeconds();
        loadingTotalBytes = size;
        loadingLoadedBytes = 0;
        Keyspace loaded = new Keyspace(config.databases());
        long now = engine.clock().millis();
        loaded.setNow(now);
        long[] lastLog = {System.nanoTime()};
        RdbLoader loader = new RdbLoader(new RdbContext(config), config.rdbChecksum(), now, (bytes, keys) -> {
            loadingLoadedBytes = bytes;
            long t = System.nanoTime();
            if (t - lastLog[0] >= PROGRESS_LOG_NANOS) {
                lastLog[0] = t;
                LOG.info("Loading RDB: {} keys, {}% of {} bytes", keys, size == 0 ? 100 : bytes * 100 / size, size);
            }
        });
        loader.setKeyLoadDelayMicros(config.keyLoadDelayMicros());
        RdbLoader.Result result;
        try (InputStream in = Files.newInputStream(path)) {
            result = loader.load(in, size, loaded);
        }
        String version = result.aux().get("redis-ver");
        if (version != null) {
            LOG.info("Loading RDB produced by version {}", version);
        }
        String ctime = result.aux().get("ctime");
        if (ctime != null) {
            try {
                LOG.info("RDB age {} seconds", Math.max(0, now / 1000 - Long.parseLong(ctime)));
            } catch (NumberFormatException ignored) {
                // informational only
            }
        }
        String usedMem = result.aux().get("used-mem");
        if (usedMem != null) {
            try {
                loadingUsedMem = Long.parseLong(usedMem);
                LOG.info("RDB memory usage when created {} Mb", String.format(Locale.ROOT, "%.2f",
                        loadingUsedMem / 1024.0 / 1024.0));
            } catch (NumberFormatException ignored) {
                // informational only
            }
        }
        if (result.emptyKeysSkipped() > 0) {
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}, empty keys skipped: {}.",
                    result.keysLoaded(), result.keysExpired(), result.emptyKeysSkipped());
        } else {
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", result.keysLoaded(), result.keysExpired());
        }
        lastLoadKeysLoaded = result.keysLoaded();
        lastLoadKeysExpired = result.keysExpired();
        resultOut[0] = result;
        return loaded;
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: saves (unless NOSAVE), then reads the file back in
     * place of the dataset (NOFLUSH: added to it; MERGE: a loaded key replaces an existing one).
     * The caller holds the engine lock. Returns null on success or the error reply's text.
     */
    public String reload(boolean save, boolean flush, boolean merge) {
        if (save && !save()) {
            return "ERR";
        }
        Keyspace loaded;
        try {
            loaded = readFile(config().rdbPath(), new RdbLoader.Result[1]);
        } catch (IOException | RdbFormatException e) {
            LOG.warn("Error loading the RDB dump {}: {}", config().rdbPath(), e.getMessage());
            return "ERR Error trying to load the RDB dump, check server logs.";
        }
        Keyspace live = engine.keyspace();
        if (flush) {
            live.adopt(loaded);
        } else {
            for (int d = 0; d < live.databaseCount(); d++) {
                Database from = loaded.db(d);
                Database to = live.db(d);
                String clash = mergeInto(from, to, merge);
                if (clash != null) {
                    return clash;
                }
            }
        }
        LOG.warn("DB reloaded by DEBUG RELOAD");
        return null;
    }

    private static String mergeInto(Database from, Database to, boolean replace) {
        String[] error = new String[1];
        from.forEachKey(key -> {
            if (error[0] != null) {
                return;
            }
            if (!replace && to.exists(key)) {
                error[0] = "ERR Error trying to load the RDB dump, check server logs.";
                LOG.warn("RDB has duplicated key {} in DB {}", RdbContext.describe(key), to.index());
                return;
            }
            to.set(key, from.peek(key), from.expireAt(key));
        });
        return error[0];
    }

    // ---- INFO and LASTSAVE ---------------------------------------------------------------------

    /** LASTSAVE: Unix time of the last successful save. */
    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean lastBackgroundSaveOk() {
        return lastBgsaveOk;
    }

    /**
     * The RDB fields of INFO persistence, in Redis 7.0's order, from {@code loading} to
     * {@code rdb_last_load_keys_loaded} (the AOF fields follow them in the section).
     */
    public Map<String, String> infoFields() {
        Map<String, String> f = new LinkedHashMap<>();
        SnapshotJob bg = background;
        long processed = bg == null ? 0 : bg.writer().keysWritten();
        long total = bg == null ? 0 : bg.writer().keysTotal();
        f.put("loading", loading ? "1" : "0");
        f.put("async_loading", "0");
        f.put("current_cow_peak", "0");
        f.put("current_cow_size", "0");
        f.put("current_cow_size_age", "0");
        f.put("current_fork_perc", String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : processed * 100.0 / total));
        f.put("current_save_keys_processed", Long.toString(processed));
        f.put("current_save_keys_total", Long.toString(total));
        f.put("rdb_changes_since_last_save", Long.toString(engine.stats().dirty));
        f.put("rdb_bgsave_in_progress", bg != null ? "1" : "0");
        f.put("rdb_last_save_time", Long.toString(lastSaveSeconds));
        f.put("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        f.put("rdb_last_bgsave_time_sec", Long.toString(lastBgsaveDurationSeconds));
        f.put("rdb_current_bgsave_time_sec",
                Long.toString(bg == null ? -1 : (engine.clock().millis() - bg.startMillis()) / 1000));
        f.put("rdb_saves", Long.toString(saves));
        f.put("rdb_last_cow_size", "0");
        f.put("rdb_last_load_keys_expired", Long.toString(lastLoadKeysExpired));
        f.put("rdb_last_load_keys_loaded", Long.toString(lastLoadKeysLoaded));
        return f;
    }

    /** The fields INFO persistence adds at its end while loading (empty otherwise). */
    public Map<String, String> loadingInfoFields() {
        Map<String, String> f = new LinkedHashMap<>();
        if (!loading) {
            return f;
        }
        long total = loadingTotalBytes;
        long done = loadingLoadedBytes;
        long elapsed = Math.max(0, nowSeconds() - loadingStartSeconds);
        double perc = total == 0 ? 0 : done * 100.0 / total;
        f.put("loading_start_time", Long.toString(loadingStartSeconds));
        f.put("loading_total_bytes", Long.toString(total));
        f.put("loading_rdb_used_mem", Long.toString(loadingUsedMem));
        f.put("loading_loaded_bytes", Long.toString(done));
        f.put("loading_loaded_perc", String.format(Locale.ROOT, "%.2f", perc));
        f.put("loading_eta_seconds", Long.toString(done == 0 ? 1 : (total - done) * elapsed / Math.max(1, done)));
        return f;
    }
}
