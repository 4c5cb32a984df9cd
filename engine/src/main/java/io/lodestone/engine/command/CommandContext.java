package io.lodestone.engine.command;

import io.lodestone.engine.Engine;
import io.lodestone.engine.blocking.BlockState;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.pubsub.Subscriptions;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.tracking.ClientTracking;
import io.lodestone.engine.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A client as the engine sees it: its selected database, whether it has authenticated, and the
 * propagation state of the command being run. One per connection, reused for every command; the
 * server's connection class extends it with socket-level state.
 */
public class CommandContext {
    private final Engine engine;
    private final long id;
    private int dbIndex;
    private Database db;
    private boolean authenticated;

    private final BlockState blockState = new BlockState();
    /** MULTI state and watched keys; null until the client's first MULTI or WATCH. */
    private Transaction transaction;
    /** Pub/sub channels and patterns; null until the client's first subscription. */
    private Subscriptions subscriptions;
    /** In MONITOR mode: it receives every command executed and may not touch keys. */
    private boolean monitor;
    /** CLIENT TRACKING settings; null until the client's first CLIENT TRACKING. */
    private ClientTracking tracking;

    // state of the command being executed
    private CommandSpec current;
    private byte[][] currentArgv;
    /** The last command looked up for this client, even if refused; null if it was unknown (CLIENT LIST cmd=). */
    private CommandSpec lastCommand;
    private long dirty;
    private byte[][] rewritten;
    private boolean suppressOwn;
    private List<byte[][]> alsoPropagate;

    /** @param authenticated false when a password is required and the client must AUTH first */
    public CommandContext(Engine engine, long id, boolean authenticated) {
        this.engine = engine;
        this.id = id;
        this.db = engine.keyspace().db(0);
        this.authenticated = authenticated;
    }

    public Engine engine() {
        return engine;
    }

    /** The client id (CLIENT ID). */
    public long id() {
        return id;
    }

    public Database db() {
        return db;
    }

    public int dbIndex() {
        return dbIndex;
    }

    public void select(int index) {
        this.dbIndex = index;
        this.db = engine.keyspace().db(index);
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** The client's address as the slow log shows it ({@code ip:port}); empty for an internal client. */
    public String peerId() {
        return "";
    }

    /** The client's name (CLIENT SETNAME), empty if none. */
    public String clientName() {
        return "";
    }

    /** The time snapshot of this command, in ms since the epoch: one clock for one command. */
    public long now() {
        return engine.keyspace().now();
    }

    /** The command being executed. */
    public CommandSpec command() {
        return current;
    }

    // ---- blocking and out-of-band replies -------------------------------------------------------

    /**
     * For a blocking command that found nothing to serve: waits for a write to one of {@code keys},
     * for at most {@code timeoutMillis} (0 = forever), after which the command runs again. Returns
     * false when the client cannot wait (inside MULTI, an internal client) or its wait has timed
     * out: the command must then reply its timeout value (e.g. a null array for BLPOP).
     */
    public boolean block(List<byte[]> keys, long timeoutMillis) {
        if (!canBlock() || blockState.timedOut() || (transaction != null && transaction.executing())) {
            return false;
        }
        if (blockState.isRerun()) {
            blockState.markStillBlocked();
            return true;
        }
        long deadline = timeoutMillis == 0 ? 0 : now() + timeoutMillis;
        blockState.setDeadline(deadline);
        engine.blockedClients().block(this, keys, currentArgv);
        engine.scheduleBlockTimeout(deadline);
        return true;
    }

    public BlockState blockState() {
        return blockState;
    }

    /** Whether this client may wait in a blocking command: a connection outside MULTI can. */
    protected boolean canBlock() {
        return false;
    }

    /**
     * Opens this client's writer for a reply that does not answer its current request (the reply
     * of a command that was blocked, a pub/sub message). Under the engine lock; close it with
     * {@link #closeAsync()}.
     */
    public ReplyWriter openAsync() {
        throw new IllegalStateException("client " + id + " has no channel for out-of-band replies");
    }

    /** Sends what was written since {@link #openAsync()}. */
    public void closeAsync() {}

    /** The client is no longer blocked: its held-back requests may run. Called under the engine lock. */
    public void onUnblocked() {}

    /** The last command this client sent, as far as it was recognised (null if unknown), even if refused. */
    public CommandSpec lastCommand() {
        return lastCommand;
    }

    void setLastCommand(CommandSpec spec) {
        lastCommand = spec;
    }

    // ---- transactions, pub/sub, keyspace events ------------------------------------------------

    /** The client's MULTI/WATCH state, created on first use. */
    public Transaction transaction() {
        if (transaction == null) {
            transaction = new Transaction();
        }
        return transaction;
    }

    /** The client's MULTI/WATCH state if it ever used one, else null (introspection without creating it). */
    public Transaction existingTransaction() {
        return transaction;
    }

    /** True between MULTI and EXEC/DISCARD: commands are queued instead of run. */
    /** True while EXEC runs this client's queued commands (Redis's server.in_exec). */
    public boolean inExec() {
        return transaction != null && transaction.executing();
    }

    public boolean inMulti() {
        return transaction != null && transaction.inMulti();
    }

    /** The client's pub/sub subscriptions, created on first use. */
    public Subscriptions subscriptions() {
        if (subscriptions == null) {
            subscriptions = new Subscriptions();
        }
        return subscriptions;
    }

    /** Channels plus patterns the client subscribes to; a RESP2 client with any is in "subscribed" mode. */
    public int subscriptionCount() {
        return subscriptions == null ? 0 : subscriptions.count();
    }

    /**
     * Emits a keyspace event about {@code key} in the current database, e.g. {@code
     * notify(Notifier.STRING, "set", key)}; see {@link io.lodestone.engine.pubsub.Notifier} for
     * the classes and Redis's event names. One branch when notifications are off.
     */
    public void notify(int type, String event, byte[] key) {
        engine.notifier().notify(type, event, key, dbIndex);
    }

    public boolean isMonitor() {
        return monitor;
    }

    /** MONITOR: from now on the client receives every executed command ({@link io.lodestone.engine.monitor.Monitors}). */
    public void startMonitoring() {
        if (!monitor) {
            monitor = true;
            engine.monitors().add(this);
        }
    }

    /** The client's CLIENT TRACKING settings, created on first use. */
    public ClientTracking tracking() {
        if (tracking == null) {
            tracking = new ClientTracking();
        }
        return tracking;
    }

    /** The client's CLIENT TRACKING settings if it ever used them, else null. */
    public ClientTracking existingTracking() {
        return tracking;
    }

    /** The client's address as MONITOR shows it ({@code ip:port}); connections override it. */
    public String address() {
        return "unknown";
    }

    /**
     * Drops what the engine keeps for this client: its transaction and watched keys, its
     * subscriptions, its wait in a blocking command, its MONITOR mode and CLIENT TRACKING. Under the engine lock, when the client
     * disconnects (and for RESET).
     */
    public void releaseEngineState() {
        if (transaction != null) {
            engine.watchedKeys().unwatchAll(transaction);
            transaction.reset();
        }
        engine.pubsub().unsubscribeAll(this);
        engine.blockedClients().remove(this);
        if (monitor) {
            monitor = false;
            engine.monitors().remove(this);
        }
        engine.tracking().disable(this);
    }

    // ---- propagation ---------------------------------------------------------------------------

    /** Records that the command changed the dataset: its argv goes to the write stream. */
    public void dirty() {
        dirty++;
    }

    public void dirty(long changes) {
        dirty += changes;
    }

    /** Propagates this argv instead of the client's (deterministic forms: SET .. PXAT, PEXPIREAT). */
    public void rewriteAs(byte[]... argv) {
        this.rewritten = argv;
    }

    /** Also propagates another write after this command's own (SPOP as SREM, GETEX as PERSIST). */
    public void alsoPropagate(byte[]... argv) {
        if (alsoPropagate == null) {
            alsoPropagate = new ArrayList<>(2);
        }
        alsoPropagate.add(argv);
    }

    /** The client's own argv is not propagated, only what {@link #alsoPropagate} added. */
    public void suppressOwnArgv() {
        this.suppressOwn = true;
    }

    void begin(CommandSpec spec, byte[][] argv) {
        current = spec;
        currentArgv = argv;
        dirty = 0;
        rewritten = null;
        suppressOwn = false;
        if (alsoPropagate != null) {
            alsoPropagate.clear();
        }
    }

    long changes() {
        return dirty;
    }

    /**
     * Appends this command's effect to the write stream, once it has run: several entries go out
     * wrapped in MULTI/EXEC, and inside EXEC they join the transaction's batch.
     */
    void propagate(byte[][] argv) {
        int extra = alsoPropagate == null ? 0 : alsoPropagate.size();
        boolean own = dirty > 0 && !suppressOwn;
        if (!own && extra == 0) {
            return;
        }
        var batch = engine.writeBatch();
        if (extra == 0) {
            batch.add(dbIndex, rewritten != null ? rewritten : argv); // one entry: nothing to wrap
            return;
        }
        batch.begin();
        try {
            if (own) {
                batch.add(dbIndex, rewritten != null ? rewritten : argv);
            }
            for (int i = 0; i < extra; i++) {
                batch.add(dbIndex, alsoPropagate.get(i));
            }
        } finally {
            batch.end();
        }
    }
}
