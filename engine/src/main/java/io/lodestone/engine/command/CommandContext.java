package io.lodestone.engine.command;

import io.lodestone.engine.Engine;
import io.lodestone.engine.blocking.BlockState;
import io.lodestone.engine.keyspace.Database;
import io.lodestone.engine.reply.ReplyWriter;
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
        if (!canBlock() || blockState.timedOut()) {
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

    /** Appends this command's effect to the write stream, once it has run. */
    void propagate(byte[][] argv) {
        int extra = alsoPropagate == null ? 0 : alsoPropagate.size();
        boolean own = dirty > 0 && !suppressOwn;
        int total = (own ? 1 : 0) + extra;
        if (total == 0) {
            return;
        }
        var stream = engine.writeStream();
        boolean wrap = total > 1;
        if (wrap) {
            stream.append(dbIndex, new byte[][] {Resp.MULTI});
        }
        if (own) {
            stream.append(dbIndex, rewritten != null ? rewritten : argv);
        }
        for (int i = 0; i < extra; i++) {
            stream.append(dbIndex, alsoPropagate.get(i));
        }
        if (wrap) {
            stream.append(dbIndex, new byte[][] {Resp.EXEC});
        }
    }

    /** Argument words shared by propagation code. */
    static final class Resp {
        static final byte[] MULTI = {'M', 'U', 'L', 'T', 'I'};
        static final byte[] EXEC = {'E', 'X', 'E', 'C'};

        private Resp() {}
    }
}
