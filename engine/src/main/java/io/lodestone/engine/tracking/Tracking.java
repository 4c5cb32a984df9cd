package io.lodestone.engine.tracking;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.KeyFinder;
import io.lodestone.engine.reply.ReplyWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Client-side caching (Redis's tracking.c). In the default mode the keys a tracking client reads
 * are remembered (by name, across databases, as Redis does) with the clients that read them; the
 * first write to such a key sends each of them an invalidation and forgets the key. In BCAST mode
 * a client instead gets every written key that starts with one of its prefixes. A flush invalidates
 * everything (a null key list). Invalidations are RESP3 pushes {@code ["invalidate", [key]]}, or,
 * for a client that redirects them to a RESP2 connection in pub/sub mode, messages of the channel
 * {@code __redis__:invalidate}. Messages to the client whose command caused them follow that
 * command's reply. Costs one emptiness check per write while nobody tracks. Under the engine lock.
 */
public final class Tracking {
    private static final byte[] INVALIDATE = ascii("invalidate");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] CHANNEL = ascii("__redis__:invalidate");
    private static final byte[] REDIR_BROKEN = ascii("tracking-redir-broken");

    /** Key name to the clients that read it (Redis's TrackingTable). */
    private final Map<Name, Set<CommandContext>> table = new HashMap<>();
    /** Clients with tracking on. */
    private final Set<CommandContext> clients = new LinkedHashSet<>();
    /** BCAST prefix to its clients. */
    private final Map<Name, Set<CommandContext>> prefixes = new LinkedHashMap<>();
    /**
     * Keys written during the current command under each BCAST prefix, with the client that last
     * wrote each (for NOLOOP), sent once the command has finished: one message per prefix and
     * client, prefixes and keys in byte order, as Redis sends them from its radix trees.
     */
    private final TreeMap<byte[], TreeMap<byte[], CommandContext>> broadcastPending =
            new TreeMap<>(Arrays::compareUnsigned);
    /** Messages for the client running the current command, sent after its reply (null: a flush). */
    private final List<byte[]> pendingForCurrent = new ArrayList<>();
    private CommandContext current;
    private boolean flushPending;
    /** Finds a redirect target by client id; the server sets it to its client registry. */
    private LongFunction<CommandContext> clientsById = id -> null;

    private record Name(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Name n && Arrays.equals(n.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    public void setClientsById(LongFunction<CommandContext> lookup) {
        this.clientsById = lookup;
    }

    /** Whether any client tracks: writes skip everything here otherwise. */
    public boolean isActive() {
        return !clients.isEmpty() || !table.isEmpty();
    }

    /** Remembered keys (INFO tracking_total_keys). */
    public int trackedKeys() {
        return table.size();
    }

    /** Remembered (key, client) pairs (INFO tracking_total_items). */
    public long trackedItems() {
        long items = 0;
        for (Set<CommandContext> readers : table.values()) {
            items += readers.size();
        }
        return items;
    }

    /** BCAST prefixes in use (INFO tracking_total_prefixes). */
    public int trackedPrefixes() {
        return prefixes.size();
    }

    public int trackingClients() {
        return clients.size();
    }

    // ---- turning it on and off --------------------------------------------------------------------

    /** CLIENT TRACKING ON with these options, already validated (redirect 0 = none). */
    public void enable(CommandContext ctx, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                       List<byte[]> newPrefixes) {
        ClientTracking t = ctx.tracking();
        t.on = true;
        t.redirect = redirect;
        t.brokenRedirect = false;
        t.bcast = bcast;
        t.optin = optin;
        t.optout = optout;
        t.noloop = noloop;
        clients.add(ctx);
        if (bcast) {
            if (newPrefixes.isEmpty() && t.prefixes.isEmpty()) {
                newPrefixes = List.of(new byte[0]);
            }
            for (byte[] prefix : newPrefixes) {
                if (!containsPrefix(t, prefix)) {
                    t.prefixes.add(prefix);
                    prefixes.computeIfAbsent(new Name(prefix), n -> new LinkedHashSet<>()).add(ctx);
                }
            }
        }
    }

    private static boolean containsPrefix(ClientTracking t, byte[] prefix) {
        for (byte[] p : t.prefixes) {
            if (Arrays.equals(p, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** CLIENT TRACKING OFF, RESET, disconnect. Keys it read stay in the table until written, as in Redis. */
    public void disable(CommandContext ctx) {
        ClientTracking t = ctx.existingTracking();
        if (t == null || !t.on) {
            return;
        }
        for (byte[] prefix : t.prefixes) {
            Name name = new Name(prefix);
            Set<CommandContext> set = prefixes.get(name);
            if (set != null && set.remove(ctx) && set.isEmpty()) {
                prefixes.remove(name);
            }
        }
        t.prefixes.clear();
        t.on = false;
        t.bcast = t.optin = t.optout = t.noloop = t.cachingGiven = t.brokenRedirect = false;
        t.redirect = 0;
        clients.remove(ctx);
    }

    // ---- reads ------------------------------------------------------------------------------------

    /** After a read-only command of a tracking client: remembers the keys it read. */
    public void afterRead(CommandContext ctx, CommandSpec spec, byte[][] argv) {
        ClientTracking t = ctx.existingTracking();
        if (t == null || !t.remembersReads()) {
            return;
        }
        List<KeyFinder.KeyPosition> keys = KeyFinder.find(spec, argv, true);
        if (keys == null) {
            return;
        }
        for (KeyFinder.KeyPosition k : keys) {
            table.computeIfAbsent(new Name(argv[k.index()]), n -> new LinkedHashSet<>(2)).add(ctx);
        }
    }

    // ---- writes -----------------------------------------------------------------------------------

    /** The command of this client starts: messages it causes to itself wait for its reply. */
    public void beginCommand(CommandContext ctx) {
        current = ctx;
    }

    /** A key was written (or expired, or deleted): its readers are told, and it is forgotten. */
    public void invalidate(byte[] key) {
        if (!prefixes.isEmpty()) {
            rememberForBroadcast(key);
        }
        if (table.isEmpty()) {
            return;
        }
        Set<CommandContext> readers = table.remove(new Name(key));
        if (readers == null) {
            return;
        }
        for (CommandContext reader : readers) {
            ClientTracking t = reader.existingTracking();
            if (t == null || !t.on || t.bcast) {
                continue; // turned off, or switched to BCAST, since it read the key
            }
            if (t.noloop && reader == current) {
                continue;
            }
            if (reader == current) {
                pendingForCurrent.add(key);
            } else {
                send(reader, key);
            }
        }
    }

    private void rememberForBroadcast(byte[] key) {
        for (Name prefix : prefixes.keySet()) {
            if (startsWith(key, prefix.bytes())) {
                broadcastPending.computeIfAbsent(prefix.bytes(), p -> new TreeMap<>(Arrays::compareUnsigned))
                        .put(key, current);
            }
        }
    }

    private void sendBroadcasts() {
        for (Map.Entry<byte[], TreeMap<byte[], CommandContext>> e : broadcastPending.entrySet()) {
            Set<CommandContext> subscribers = prefixes.get(new Name(e.getKey()));
            if (subscribers == null) {
                continue;
            }
            for (CommandContext client : subscribers) {
                boolean noloop = client.existingTracking().noloop;
                List<byte[]> keys = new ArrayList<>(e.getValue().size());
                for (Map.Entry<byte[], CommandContext> written : e.getValue().entrySet()) {
                    if (!(noloop && written.getValue() == client)) {
                        keys.add(written.getKey());
                    }
                }
                if (!keys.isEmpty()) {
                    sendKeys(client, keys);
                }
            }
        }
        broadcastPending.clear();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Every key was dropped (FLUSHDB, FLUSHALL): every tracking client is told once the command is done. */
    public void flushed() {
        table.clear();
        if (!clients.isEmpty()) {
            flushPending = true;
        }
    }

    /**
     * The top-level command (EXEC included) has finished and replied: sends what waited for it
     * (broadcast batches, a flush, invalidations to the client that caused them).
     */
    public void endCommand() {
        CommandContext ctx = current;
        current = null;
        if (!broadcastPending.isEmpty()) {
            sendBroadcasts();
        }
        if (flushPending) {
            flushPending = false;
            for (CommandContext c : clients.toArray(new CommandContext[0])) {
                if (c != ctx) {
                    send(c, null);
                }
            }
            if (ctx != null && clients.contains(ctx)) {
                pendingForCurrent.add(null);
            }
        }
        if (!pendingForCurrent.isEmpty()) {
            for (byte[] key : pendingForCurrent) {
                send(ctx, key);
            }
            pendingForCurrent.clear();
        }
    }

    /** Whether {@link #endCommand()} has anything to do. */
    public boolean hasPending() {
        return current != null || flushPending || !broadcastPending.isEmpty();
    }

    // ---- messages ---------------------------------------------------------------------------------

    private void send(CommandContext target, byte[] key) {
        sendKeys(target, key == null ? null : List.of(key));
    }

    /** Redis's sendTrackingMessage: to the client or its redirect target, if that one can receive it. */
    private void sendKeys(CommandContext client, List<byte[]> keys) {
        ClientTracking t = client.existingTracking();
        CommandContext target = client;
        boolean redirected = false;
        if (t != null && t.redirect != 0) {
            target = clientsById.apply(t.redirect);
            if (target == null) {
                t.brokenRedirect = true;
                ReplyWriter out = client.openAsync();
                if (out.protocol() == 3) {
                    out.pushHeader(2);
                    out.bulk(REDIR_BROKEN);
                    out.integer(t.redirect);
                }
                client.closeAsync();
                return;
            }
            redirected = true;
        }
        ReplyWriter out = target.openAsync();
        try {
            if (out.protocol() == 3) {
                out.pushHeader(2);
                out.bulk(INVALIDATE);
            } else if (redirected && target.subscriptionCount() > 0) {
                out.arrayHeader(3);
                out.bulk(MESSAGE);
                out.bulk(CHANNEL);
            } else {
                return; // RESP2 without a subscribed redirect target: nowhere to send it
            }
            if (keys == null) {
                out.nullBulk(); // Redis sends its shared null: $-1 in RESP2, _ in RESP3
            } else {
                out.arrayHeader(keys.size());
                for (byte[] k : keys) {
                    out.bulk(k);
                }
            }
        } finally {
            target.closeAsync();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
