package io.lodestone.engine.persistence.aof;

import io.lodestone.engine.Engine;
import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.keyspace.Keyspace;
import io.lodestone.engine.persistence.RdbPersistence;
import io.lodestone.engine.persistence.SnapshotJob;
import io.lodestone.engine.persistence.SnapshotPacer;
import io.lodestone.engine.persistence.rdb.RdbContext;
import io.lodestone.engine.persistence.rdb.RdbFormatException;
import io.lodestone.engine.persistence.rdb.RdbSnapshotWriter;
import io.lodestone.engine.util.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file of an engine, in Redis 7's multi-part layout (Redis's aof.c): a directory
 * ({@code appenddirname}) holding a manifest, one base file and the incremental files appended
 * since. Every write of the write stream is appended ({@link AofAppender}); BGREWRITEAOF writes a
 * new base from a point-in-time {@link io.lodestone.engine.keyspace.Snapshot} while writes go on
 * into a new incremental file, then a new manifest makes the switch in one rename. Loading at
 * startup replays base and incremental files; CONFIG SET appendonly turns it on and off at runtime.
 *
 * <p>State follows Redis: OFF; ON; WAIT_REWRITE (turned on at runtime: writes are appended, but
 * the AOF is complete only once its first base exists). One rewrite at a time, and never while
 * a BGSAVE runs (it is then scheduled), as Redis runs one child at a time. Unless noted, methods
 * run under the engine lock.
 */
public final class AofPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(AofPersistence.class);
    /** After a failed rewrite, automatic ones wait this long (Redis's AOF_REWRITE_RETRY... delay). */
    private static final long REWRITE_RETRY_DELAY_SECONDS = 5;
    /** Commands replayed per hold of the engine lock while loading. */
    private static final int REPLAY_BATCH = 1024;
    private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    /** Redis's aof_state. */
    public enum State {
        OFF, ON, WAIT_REWRITE
    }

    /** What BGREWRITEAOF did. */
    public enum RewriteStart {
        STARTED, SCHEDULED, ALREADY_RUNNING, FAILED
    }

    private final Engine engine;
    private final long pid = ProcessHandle.current().pid();
    private final AofAppender appender;

    // under the engine lock
    private volatile State state = State.OFF;
    private AofManifest manifest;
    private boolean rewriteScheduled;
    private long rewrites;
    private long consecutiveFailures;
    private long lastRewriteSeconds = -1;
    private long lastRewriteTrySeconds;
    /** Redis's aof_rewrite_base_size: the AOF's size after the last rewrite or load (growth counts from it). */
    private long rewriteBaseSize;
    /** The current base file's size, read when the base changes (not on every cron tick). */
    private long baseFileSize;
    private long incrSizesBeforeCurrent;
    private volatile boolean lastRewriteOk = true;
    private volatile Rewrite rewrite;
    private Thread fsyncThread;

    /** A running BGREWRITEAOF: its snapshot job, the base it writes, what that base covers. */
    private record Rewrite(SnapshotJob job, String baseName, long lastCoveredIncrSeq, FileChannel previousIncr) {}

    public AofPersistence(Engine engine) {
        this.engine = engine;
        this.appender = new AofAppender(engine.config(), this::childActive, AofPersistence::exitOnFatalError);
    }

    private static void exitOnFatalError() {
        // a reply may already promise a write that is not on disk: stop now, as Redis does
        Runtime.getRuntime().halt(1);
    }

    private EngineConfig config() {
        return engine.config();
    }

    private RdbPersistence rdb() {
        return engine.rdb();
    }

    private boolean childActive() {
        return rewrite != null || rdb().isBackgroundSaveRunning();
    }

    private long nowSeconds() {
        return engine.clock().millis() / 1000;
    }

    public State state() {
        return state;
    }

    /** True while BGREWRITEAOF runs. Any thread. */
    public boolean isRewriting() {
        return rewrite != null;
    }

    // ---- startup -------------------------------------------------------------------------------

    /**
     * At startup with {@code appendonly yes}: loads the AOF (clients get -LOADING meanwhile), or,
     * when there is none yet, creates it from the empty dataset, as Redis 7.0 does (an RDB file is
     * then not loaded). Then appends from here on. With the AOF off it only reads the manifest, if
     * any, for a later CONFIG SET appendonly yes. Call without the engine lock.
     *
     * @throws AofFormatException a manifest or file that cannot be loaded (nothing is half-loaded
     *                            silently: the server must not start)
     */
    public void loadAtStartup() throws IOException, AofFormatException, RdbFormatException {
        Path dir = config().aofDirectory();
        Path manifestPath = dir.resolve(AofManifest.fileName(config().appendfilename()));
        if (!config().appendonly()) {
            readManifestForLater(manifestPath);
            return;
        }
        AofManifest found;
        if (Files.exists(manifestPath)) {
            found = AofManifest.read(manifestPath, config().appendfilename());
        } else {
            found = upgradeLegacyFile(dir);
        }
        engine.lock().lock();
        try {
            if (found != null) {
                manifest = found;
            }
        } finally {
            engine.lock().unlock();
        }
        if (found != null) {
            load(found);
        } else if (Files.exists(config().rdbPath())) {
            LOG.warn("appendonly is on and {} holds no AOF yet: {} is not loaded (as in Redis 7.0); the AOF starts"
                    + " from an empty dataset. To start from the RDB, start with appendonly no, then CONFIG SET"
                    + " appendonly yes.", dir, config().rdbPath().getFileName());
        }
        engine.lock().lock();
        try {
            openOnStartup();
        } finally {
            engine.lock().unlock();
        }
    }

    /**
     * With the AOF off, an existing manifest is still read, so that turning it on later continues
     * its sequence numbers and removes its files as history (Redis does the same).
     */
    private void readManifestForLater(Path manifestPath) {
        if (!Files.exists(manifestPath)) {
            return;
        }
        try {
            AofManifest found = AofManifest.read(manifestPath, config().appendfilename());
            engine.lock().lock();
            try {
                manifest = found;
            } finally {
                engine.lock().unlock();
            }
        } catch (IOException | AofFormatException e) {
            LOG.warn("Ignoring the AOF manifest {} (the AOF is off): {}", manifestPath, e.getMessage());
        }
    }

    /**
     * An AOF from Redis before 7.0 (one file, {@code appendfilename} in {@code dir}) becomes the
     * base of a new manifest, as Redis 7 upgrades it. Null when there is none.
     */
    private AofManifest upgradeLegacyFile(Path dir) throws IOException {
        Path legacy = Path.of(config().dir()).resolve(config().appendfilename());
        if (!Files.isRegularFile(legacy)) {
            return null;
        }
        Files.createDirectories(dir);
        AofManifest upgraded = AofManifest.upgradedFrom(config().appendfilename());
        Files.move(legacy, dir.resolve(config().appendfilename()));
        writeManifest(upgraded);
        LOG.info("Successfully migrated an old-style AOF into the AOF directory {}", dir);
        return upgraded;
    }

    /** Creates base, incremental file and manifest as needed, then appends to the last incremental file. */
    private void openOnStartup() throws IOException {
        Path dir = config().aofDirectory();
        Files.createDirectories(dir);
        removeLeftoverTempFiles(dir);
        AofManifest m = manifest != null ? manifest : AofManifest.empty(config().appendfilename());
        if (m.base() == null && m.incrs().isEmpty()) {
            String baseName = m.nextBaseName(config().aofUseRdbPreamble());
            LOG.info("Creating AOF base file {} on server start", baseName);
            writeBaseNow(dir.resolve(baseName));
            m = m.withRewrite(baseName, config().aofUseRdbPreamble(), 0);
            rewriteBaseSize = 0; // as Redis: growth is measured from an empty start
        }
        FileChannel channel;
        long size;
        if (m.lastIncr() == null) {
            m = m.withNewIncr();
            LOG.info("Creating AOF incr file {} on server start", m.lastIncr().name());
            channel = openIncr(dir.resolve(m.lastIncr().name()), true);
            size = 0;
        } else {
            LOG.info("Opening AOF incr file {} on server start", m.lastIncr().name());
            channel = openIncr(dir.resolve(m.lastIncr().name()), false);
            size = channel.size();
        }
        writeManifest(m);
        manifest = m;
        baseFileSize = sizeOf(dir, m.base());
        incrSizesBeforeCurrent = sumSizes(dir, m.incrs().subList(0, m.incrs().size() - 1));
        appender.switchTo(channel, size);
        startAppending();
        state = State.ON;
    }

    /** A crash during a rewrite or a manifest switch leaves temporary files that nothing lists: removed. */
    private static void removeLeftoverTempFiles(Path dir) throws IOException {
        try (var files = Files.newDirectoryStream(dir, "temp-*")) {
            for (Path f : files) {
                LOG.info("Removing the temporary file {} left by an earlier run", f.getFileName());
                Files.deleteIfExists(f);
            }
        }
    }

    /** Writes a base of the whole (current) dataset with the lock held: startup only, when it is empty. */
    private void writeBaseNow(Path target) throws IOException {
        RdbSnapshotWriter writer = newBaseWriter(target.getFileName().toString().endsWith(".rdb"));
        writer.begin();
        writer.write(target, tempBaseFile());
    }

    // ---- loading -------------------------------------------------------------------------------

    private void load(AofManifest m) throws IOException, AofFormatException, RdbFormatException {
        Path dir = config().aofDirectory();
        List<AofManifest.Entry> files = m.loadOrder();
        long total = 0;
        for (AofManifest.Entry e : files) {
            Path p = dir.resolve(e.name());
            if (!Files.exists(p)) {
                throw new AofFormatException("The AOF file " + e.name() + " doesn't exist (listed in "
                        + AofManifest.fileName(config().appendfilename()) + ")");
            }
            total += Files.size(p);
        }
        long start = System.nanoTime();
        RdbPersistence rdb = rdb();
        rdb.beginLoading(total);
        engine.keyspace().setReplaying(true);
        try {
            long done = 0;
            for (int i = 0; i < files.size(); i++) {
                AofManifest.Entry e = files.get(i);
                Path p = dir.resolve(e.name());
                long t0 = System.nanoTime();
                String kind = e.type() == AofManifest.Type.BASE ? "base" : "incr";
                if (e.type() == AofManifest.Type.BASE && startsWithRdbMagic(p)) {
                    LOG.info("Reading RDB base file on AOF loading...");
                    Keyspace loaded = rdb.readFile(p);
                    engine.lock().lock();
                    try {
                        engine.keyspace().adopt(loaded);
                    } finally {
                        engine.lock().unlock();
                    }
                    LOG.info("RDB is base AOF");
                } else {
                    replay(p, e.name(), i == files.size() - 1, done, total);
                }
                done += Files.size(p);
                rdb.setLoadingProgress(done, total);
                LOG.info("DB loaded from {} file {}: {} seconds", kind, e.name(), seconds(System.nanoTime() - t0));
            }
            engine.lock().lock();
            try {
                engine.stats().dirty = 0; // what was just loaded is on disk
                rewriteBaseSize = total;
            } finally {
                engine.lock().unlock();
            }
            LOG.info("DB loaded from append only file: {} seconds", seconds(System.nanoTime() - start));
        } finally {
            engine.keyspace().setReplaying(false);
            rdb.endLoading();
        }
    }

    private static boolean startsWithRdbMagic(Path p) throws IOException {
        byte[] head = new byte[RDB_MAGIC.length];
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(head, 0, head.length) == head.length && java.util.Arrays.equals(head, RDB_MAGIC);
        }
    }

    /**
     * Replays a file of commands into the live keyspace, {@link #REPLAY_BATCH} commands per hold of
     * the lock. A MULTI block runs once its EXEC is read. A truncated end (the crash cut the last
     * write short) is cut off when it is the last file and aof-load-truncated allows it; anything
     * else refuses the load with the file and offset named.
     */
    private void replay(Path path, String name, boolean last, long progressBase, long progressTotal)
            throws IOException, AofFormatException {
        long size = Files.size(path);
        CommandContext client = new CommandContext(engine, -1, true); // Redis's fake client
        List<byte[][]> multi = null;
        long validUpTo = 0;
        long validBeforeMulti = 0;
        long keyLoadDelayMicros = config().keyLoadDelayMicros();
        long lastLog = System.nanoTime();
        try (AofCommandReader reader = new AofCommandReader(Files.newInputStream(path), size)) {
            boolean end = false;
            while (!end) {
                engine.lock().lock();
                try {
                    engine.keyspace().setNow(engine.clock().millis());
                    for (int n = 0; n < REPLAY_BATCH; n++) {
                        byte[][] argv = reader.next();
                        if (argv == null) {
                            end = true;
                            break;
                        }
                        if (multi != null) {
                            if (Bytes.is(argv[0], "exec")) {
                                for (byte[][] queued : multi) {
                                    run(client, queued, name);
                                }
                                multi = null;
                                validUpTo = reader.position();
                            } else {
                                multi.add(argv);
                            }
                            continue;
                        }
                        if (Bytes.is(argv[0], "multi")) {
                            multi = new ArrayList<>();
                            validBeforeMulti = reader.commandStart();
                            continue;
                        }
                        run(client, argv, name);
                        validUpTo = reader.position();
                    }
                } catch (AofCommandReader.TruncatedException e) {
                    truncated(path, name, last, multi != null ? validBeforeMulti : validUpTo);
                    return;
                } catch (AofCommandReader.MalformedException e) {
                    throw new AofFormatException("Bad file format reading the append only file " + name + " at offset "
                            + e.offset() + " (" + e.getMessage() + "): make a backup of your AOF file, then use"
                            + " ./redis-check-aof --fix <filename.manifest>");
                } finally {
                    engine.lock().unlock();
                }
                rdb().setLoadingProgress(progressBase + reader.position(), progressTotal);
                if (keyLoadDelayMicros > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(keyLoadDelayMicros * 1000 * REPLAY_BATCH);
                }
                long t = System.nanoTime();
                if (t - lastLog >= PROGRESS_LOG_NANOS) {
                    lastLog = t;
                    LOG.info("Loading AOF {}: {} keys, {}% of {} bytes", name, keyCount(),
                            size == 0 ? 100 : reader.position() * 100 / size, size);
                }
            }
        }
        if (multi != null) {
            LOG.warn("Revert incomplete MULTI/EXEC transaction in AOF file {}", name);
            truncated(path, name, last, validBeforeMulti);
        }
    }

    private long keyCount() {
        engine.lock().lock();
        try {
            return engine.keyspace().totalKeys();
        } finally {
            engine.lock().unlock();
        }
    }

    private void run(CommandContext client, byte[][] argv, String fileName) throws AofFormatException {
        try {
            engine.dispatcher().replay(client, argv);
        } catch (CommandError unknown) {
            throw new AofFormatException("Unknown command '" + new String(argv[0], StandardCharsets.ISO_8859_1)
                    + "' reading the append only file " + fileName);
        }
    }

    private void truncated(Path path, String name, boolean last, long validLength)
            throws IOException, AofFormatException {
        if (!last) {
            throw new AofFormatException("Fatal error: the truncated file is not the last file (" + name
                    + ", whole commands up to offset " + validLength + ")");
        }
        if (!config().aofLoadTruncated()) {
            throw new AofFormatException("Unexpected end of file reading the append only file " + name
                    + " (whole commands up to offset " + validLength + "). You can: 1) Make a backup of your AOF"
                    + " file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set"
                    + " the 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        LOG.warn("!!! Warning: short read while loading the AOF file {}!!!", name);
        LOG.warn("!!! Truncating the AOF {} at offset {} !!!", name, validLength);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(validLength);
            ch.force(true);
        } catch (IOException e) {
            throw new IOException("Error truncating the AOF file " + name + ": " + AofAppender.reason(e), e);
        }
        LOG.warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
    }

    // ---- appending -----------------------------------------------------------------------------

    /** Subscribes the appender to the write stream (once) and starts the everysec fsync thread. */
    private void startAppending() {
        if (fsyncThread != null) {
            return;
        }
        engine.writeStream().subscribe(appender);
        engine.lock().setReleaseHook(this::beforeRelease);
        Thread t = new Thread(this::fsyncLoop, "lodestone-aof-fsync");
        t.setDaemon(true);
        fsyncThread = t;
        t.start();
    }

    private void stopAppending() {
        if (fsyncThread == null) {
            return;
        }
        engine.writeStream().unsubscribe(appender);
        engine.lock().setReleaseHook(null);
        Thread t = fsyncThread;
        fsyncThread = null;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Runs before the engine lock is released: what commands appended reaches the file first. */
    private void beforeRelease() {
        if (config().aofTimestampEnabled()) {
            appender.setNow(engine.clock().millis());
        }
        appender.flush();
    }

    private void fsyncLoop() {
        Thread self = Thread.currentThread();
        while (fsyncThread == self) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            appender.syncInBackground();
        }
    }

    // ---- one write per event-loop turn ----------------------------------------------------------

    /**
     * True while replies must wait: writes have been appended that are not yet settled (written,
     * and under {@code appendfsync always} fsynced). A server that sees this holds its replies back
     * and calls {@link #settleBeforeReplies()} once for all of them. Any thread.
     */
    public boolean repliesMustWait() {
        return state != State.OFF && appender.settlePending();
    }

    /**
     * Lets the release of the engine lock that follows leave the appended entries buffered: the
     * caller promises to hold its replies back until {@link #settleBeforeReplies()}, so that a
     * turn of the event loop costs one write (and one fsync under {@code always}) for all its
     * clients, as Redis's beforeSleep. Caller holds the engine lock.
     */
    public void deferToReplies() {
        // only for the outermost hold: its release is the one that runs the hook and takes the flag
        if (state != State.OFF && engine.lock().getHoldCount() == 1) {
            appender.deferNextFlush();
        }
    }

    /** Writes (and under {@code always} fsyncs) everything appended so far. Call without the engine lock. */
    public void settleBeforeReplies() {
        if (repliesMustWait()) {
            engine.lock().lock();
            engine.lock().unlock(); // the release hook writes the buffer and fsyncs as the policy says
        }
    }

    // ---- CONFIG SET appendonly -----------------------------------------------------------------

    /**
     * CONFIG SET appendonly yes: the AOF is created from the current dataset by a rewrite (writes
     * meanwhile go to its first incremental file); scheduled when a BGSAVE runs. Null on success,
     * else the reason.
     */
    public String enable() {
        if (state != State.OFF) {
            return null;
        }
        try {
            Files.createDirectories(config().aofDirectory());
        } catch (IOException e) {
            LOG.warn("Can't create the AOF directory {}: {}", config().aofDirectory(), AofAppender.reason(e));
            return "Can't create the AOF directory";
        }
        state = State.WAIT_REWRITE;
        if (rdb().isBackgroundSaveRunning()) {
            rewriteScheduled = true;
            LOG.info("AOF was enabled but there is already another background operation. An AOF background was"
                    + " scheduled to start when possible.");
            return null;
        }
        if (rewrite != null) {
            LOG.info("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF"
                    + " and starting a rewrite now.");
            cancelRewrite();
        }
        if (beginRewrite() != RewriteStart.STARTED) {
            state = State.OFF;
            return "Can't start the AOF rewrite";
        }
        return null;
    }

    /** CONFIG SET appendonly no: what is pending is written and synced, then appending stops. */
    public void disable() {
        if (state == State.OFF) {
            return;
        }
        try {
            appender.flushAndSync();
        } catch (IOException e) {
            LOG.warn("Error flushing the AOF on turning it off: {}", AofAppender.reason(e));
        }
        if (rewrite != null) {
            LOG.info("Killing running AOF rewrite");
            cancelRewrite();
        }
        stopAppending();
        appender.close();
        rewriteScheduled = false;
        state = State.OFF;
    }

    // ---- rewrite -------------------------------------------------------------------------------

    /** BGREWRITEAOF. */
    public RewriteStart startRewrite() {
        if (rewrite != null) {
            return RewriteStart.ALREADY_RUNNING;
        }
        if (rdb().isBackgroundSaveRunning()) {
            rewriteScheduled = true;
            return RewriteStart.SCHEDULED;
        }
        return beginRewrite();
    }

    /** BGREWRITEAOF inside MULTI: the rewrite starts from the cron. */
    public void scheduleRewrite() {
        rewriteScheduled = true;
    }

    public boolean isRewriteScheduled() {
        return rewriteScheduled;
    }

    private RewriteStart beginRewrite() {
        rewriteScheduled = false;
        lastRewriteTrySeconds = nowSeconds();
        Path dir = config().aofDirectory();
        AofManifest m = manifest != null ? manifest : AofManifest.empty(config().appendfilename());
        long covered = m.lastIncr() == null ? 0 : m.lastIncr().seq();
        FileChannel previous = null;
        try {
            Files.createDirectories(dir);
            if (state != State.OFF) {
                // writes go on into a new incremental file, which the new base does not cover
                AofManifest next = m.withNewIncr();
                FileChannel channel = openIncr(dir.resolve(next.lastIncr().name()), true);
                if (state == State.ON) {
                    try {
                        writeManifest(next); // a crash before the rewrite ends still finds every write
                    } catch (IOException e) {
                        channel.close();
                        throw e;
                    }
                    incrSizesBeforeCurrent += appender.fileSize();
                } else {
                    incrSizesBeforeCurrent = 0;
                }
                previous = appender.switchTo(channel, 0);
                startAppending();
                m = next;
                manifest = next;
            }
        } catch (IOException e) {
            LOG.warn("Can't open the AOF incr file for the rewrite: {}", AofAppender.reason(e));
            rewriteFailed();
            return RewriteStart.FAILED;
        }
        boolean rdbBase = config().aofUseRdbPreamble();
        RdbSnapshotWriter writer = newBaseWriter(rdbBase);
        writer.setKeySaveDelayMicros(config().rdbKeySaveDelayMicros());
        // paced as BGSAVE is: clients keep most of the machine while the base is written
        writer.setPacer(SnapshotPacer.forClients(() -> engine.stats().commandsProcessed));
        writer.setIncrementalFsync(config().aofRewriteIncrementalFsync());
        writer.begin();
        Rewrite r = new Rewrite(new SnapshotJob(writer, engine.clock().millis()), m.nextBaseName(rdbBase), covered,
                previous);
        rewrite = r;
        rewrites++;
        r.job().start("lodestone-aofrw", () -> runRewrite(r));
        LOG.info("Background append only file rewriting started");
        return RewriteStart.STARTED;
    }

    private void runRewrite(Rewrite r) {
        boolean ok;
        Path dir = config().aofDirectory();
        try {
            if (r.previousIncr() != null) {
                r.previousIncr().force(true); // the old incr file stays listed until the new base exists
                r.previousIncr().close();
            }
            r.job().writer().write(dir.resolve(r.baseName()), tempBaseFile());
            ok = true;
            LOG.info("Successfully created the temporary AOF base file and renamed it into {}", r.baseName());
        } catch (IOException | RuntimeException e) {
            ok = false;
            if (!r.job().isCancelled()) {
                LOG.warn("Error writing the AOF base file {}: {}", r.baseName(), e.getMessage());
            }
        }
        engine.lock().lock();
        try {
            finishRewrite(r, ok);
        } finally {
            engine.lock().unlock();
        }
    }

    private void finishRewrite(Rewrite r, boolean ok) {
        if (rewrite == r) {
            rewrite = null;
        }
        if (r.job().isCancelled()) {
            LOG.warn("Background AOF rewrite terminated by request");
            return;
        }
        lastRewriteSeconds = (engine.clock().millis() - r.job().startMillis()) / 1000;
        if (!ok) {
            rewriteFailed();
            return;
        }
        Path dir = config().aofDirectory();
        AofManifest m = manifest != null ? manifest : AofManifest.empty(config().appendfilename());
        AofManifest next = m.withRewrite(r.baseName(), r.baseName().endsWith(".rdb"), r.lastCoveredIncrSeq());
        try {
            writeManifest(next);
        } catch (IOException e) {
            LOG.warn("Error writing the AOF manifest after the rewrite: {}", AofAppender.reason(e));
            rewriteFailed();
            return;
        }
        manifest = next;
        LOG.info("Background AOF rewrite terminated with success");
        if (!config().aofDisableAutoGc() && !next.history().isEmpty()) {
            for (AofManifest.Entry old : next.history()) {
                LOG.info("Removing the history file {} in the background", old.name());
                try {
                    Files.deleteIfExists(dir.resolve(old.name()));
                } catch (IOException e) {
                    LOG.warn("Could not remove the history file {}: {}", old.name(), AofAppender.reason(e));
                }
            }
            try {
                writeManifest(next.withoutHistory());
                manifest = next.withoutHistory();
            } catch (IOException e) {
                LOG.warn("Error writing the AOF manifest without history files: {}", AofAppender.reason(e));
            }
        }
        try {
            baseFileSize = sizeOf(dir, manifest.base());
            List<AofManifest.Entry> incrs = manifest.incrs();
            incrSizesBeforeCurrent = sumSizes(dir, incrs.subList(0, Math.max(0, incrs.size() - 1)));
            rewriteBaseSize = currentSize(); // Redis's aof_rewrite_base_size: growth counts from here
        } catch (IOException e) {
            LOG.debug("AOF sizes unknown: {}", e.toString());
        }
        if (state == State.WAIT_REWRITE) {
            state = State.ON;
        }
        lastRewriteOk = true;
        consecutiveFailures = 0;
        LOG.info("Background AOF rewrite finished successfully");
    }

    private void rewriteFailed() {
        lastRewriteOk = false;
        consecutiveFailures++;
        LOG.warn("Background AOF rewrite failed");
    }

    /** Stops a running rewrite (FLUSHALL in Redis kills it; SHUTDOWN; turning the AOF off). */
    public void cancelRewrite() {
        Rewrite r = rewrite;
        if (r == null) {
            return;
        }
        rewrite = null;
        r.job().cancel();
    }

    /** Waits (bounded) for a running rewrite; call without the engine lock. True if none runs. */
    public boolean awaitRewrite(long timeout, TimeUnit unit) throws InterruptedException {
        Rewrite r = rewrite;
        return r == null || r.job().await(timeout, unit);
    }

    private RdbSnapshotWriter newBaseWriter(boolean preamble) {
        EngineConfig config = config();
        Runtime rt = Runtime.getRuntime();
        RdbSnapshotWriter writer = new RdbSnapshotWriter(engine.keyspace(), engine.lock(), new RdbContext(config),
                config.rdbCompression(), config.rdbChecksum(), rt.totalMemory() - rt.freeMemory());
        writer.setAofBase(true);
        if (!preamble) {
            writer.setCommandFormat(new AofRewriteCommands());
        }
        return writer;
    }

    private Path tempBaseFile() {
        return config().aofDirectory().resolve("temp-rewriteaof-bg-" + pid + ".aof");
    }

    // ---- cron ----------------------------------------------------------------------------------

    /**
     * The engine cron's part (Redis's serverCron): retries a failed write, starts a scheduled
     * rewrite once no BGSAVE runs, and rewrites when the AOF has grown by
     * {@code auto-aof-rewrite-percentage} over its size after the last rewrite.
     */
    public void cron() {
        if (state == State.OFF && !rewriteScheduled) {
            return;
        }
        if (appender.error() != null) {
            appender.flush();
        }
        if (rewrite != null || rdb().isBackgroundSaveRunning() || rdb().isLoading()) {
            return;
        }
        boolean mayRetry = lastRewriteOk || nowSeconds() - lastRewriteTrySeconds > REWRITE_RETRY_DELAY_SECONDS;
        if ((rewriteScheduled || state == State.WAIT_REWRITE) && mayRetry) {
            beginRewrite();
            return;
        }
        int percentage = config().autoAofRewritePercentage();
        if (state == State.ON && percentage > 0 && mayRetry) {
            long current = currentSize();
            long base = rewriteBaseSize == 0 ? 1 : rewriteBaseSize;
            long growth = (current * 100 / base) - 100;
            if (current > config().autoAofRewriteMinSize() && growth >= percentage) {
                LOG.info("Starting automatic rewriting of AOF on {}% growth", growth);
                beginRewrite();
            }
        }
    }

    // ---- shutdown ------------------------------------------------------------------------------

    /** SHUTDOWN: a running rewrite is stopped, and everything appended is written and synced. */
    public boolean prepareForShutdown() {
        if (rewrite != null) {
            LOG.warn("There is a background AOF rewrite in progress. Stopping it!");
            cancelRewrite();
        }
        if (state == State.OFF) {
            return true;
        }
        LOG.info("Calling fsync() on the AOF file.");
        try {
            appender.flushAndSync();
            return true;
        } catch (IOException e) {
            LOG.warn("Error writing the AOF on shutdown: {}", AofAppender.reason(e));
            return false;
        }
    }

    /** The engine closes: what is pending is written and synced, and the file closed. */
    public void close() {
        cancelRewrite();
        if (state != State.OFF) {
            try {
                appender.flushAndSync();
            } catch (IOException e) {
                LOG.warn("Error writing the AOF on close: {}", AofAppender.reason(e));
            }
            stopAppending();
            appender.close();
            state = State.OFF;
        }
    }

    // ---- errors, INFO --------------------------------------------------------------------------

    /**
     * When writes must be refused with MISCONF: the AOF is on and its last write or fsync failed.
     * Returns the reason (as Redis's "Errors writing to the AOF file: %s" shows it), else null. Any thread.
     */
    public String writeError() {
        return state == State.OFF ? null : appender.error();
    }

    private long currentSize() {
        return baseFileSize + incrSizesBeforeCurrent + appender.fileSize();
    }

    /** The AOF fields of INFO persistence, in Redis 7.0's order (the size fields only while on). */
    public Map<String, String> infoFields() {
        Map<String, String> f = new LinkedHashMap<>();
        Rewrite r = rewrite;
        f.put("aof_enabled", state != State.OFF ? "1" : "0");
        f.put("aof_rewrite_in_progress", r != null ? "1" : "0");
        f.put("aof_rewrite_scheduled", rewriteScheduled ? "1" : "0");
        f.put("aof_last_rewrite_time_sec", Long.toString(lastRewriteSeconds));
        f.put("aof_current_rewrite_time_sec",
                Long.toString(r == null ? -1 : (engine.clock().millis() - r.job().startMillis()) / 1000));
        f.put("aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        f.put("aof_rewrites", Long.toString(rewrites));
        f.put("aof_rewrites_consecutive_failures", Long.toString(consecutiveFailures));
        f.put("aof_last_write_status", appender.error() == null ? "ok" : "err");
        f.put("aof_last_cow_size", "0");
        f.put("module_fork_in_progress", "0");
        f.put("module_fork_last_cow_size", "0");
        if (state != State.OFF) {
            f.put("aof_current_size", Long.toString(currentSize()));
            f.put("aof_base_size", Long.toString(rewriteBaseSize));
            f.put("aof_pending_rewrite", rewriteScheduled ? "1" : "0");
            f.put("aof_buffer_length", Integer.toString(appender.pendingBytes()));
            f.put("aof_pending_bio_fsync", "0");
            f.put("aof_delayed_fsync", "0");
        }
        return f;
    }

    // ---- files ---------------------------------------------------------------------------------

    private static FileChannel openIncr(Path path, boolean create) throws IOException {
        FileChannel ch = create
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(path, StandardOpenOption.WRITE);
        ch.position(ch.size());
        return ch;
    }

    /** Writes the manifest: temp file, fsync, rename, fsync of the directory. */
    private void writeManifest(AofManifest m) throws IOException {
        Path dir = config().aofDirectory();
        String name = AofManifest.fileName(config().appendfilename());
        Path temp = dir.resolve("temp-" + name);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(m.format());
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.force(true);
        }
        RdbSnapshotWriter.moveAtomically(temp, dir.resolve(name));
        RdbSnapshotWriter.syncDirectory(dir);
    }

    private static long sizeOf(Path dir, AofManifest.Entry entry) throws IOException {
        return entry == null ? 0 : Files.size(dir.resolve(entry.name()));
    }

    private static long sumSizes(Path dir, List<AofManifest.Entry> entries) throws IOException {
        long total = 0;
        for (AofManifest.Entry e : entries) {
            Path p = dir.resolve(e.name());
            if (Files.exists(p)) {
                total += Files.size(p);
            }
        }
        return total;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
