package io.lodestone.server.client;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected clients, by id, in connection order as CLIENT LIST shows them (CLIENT KILL,
 * maxclients, INFO clients).
 */
public final class ClientRegistry {
    private final ConcurrentNavigableMap<Long, Connection> clients = new ConcurrentSkipListMap<>();
    /** The map's size, kept apart: a skip list counts its entries one by one. */
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong rejectedConnections = new AtomicLong();

    public long nextId() {
        return nextId.getAndIncrement();
    }

    /**
     * Registers a client unless that would exceed {@code maxClients}; false if rejected.
     * Synchronized: connections are accepted on several event loops at once, and the count check
     * and the insertion must be one step or two racing clients could both take the last slot.
     */
    public synchronized boolean register(Connection connection, int maxClients) {
        if (count.get() >= maxClients) {
            rejectedConnections.incrementAndGet(); // Redis counts a refused client only here
            return false;
        }
        totalConnections.incrementAndGet();
        clients.put(connection.id(), connection);
        count.incrementAndGet();
        return true;
    }

    /** A connection refused after it was accepted (protected mode), for INFO's rejected_connections. */
    public void countRejected() {
        rejectedConnections.incrementAndGet();
    }

    /** CONFIG RESETSTAT: the connection counters start again from zero. */
    public void resetStats() {
        totalConnections.set(0);
        rejectedConnections.set(0);
    }

    /** Removes a client; harmless if it is already gone (killed, then closed). */
    public void unregister(Connection connection) {
        if (clients.remove(connection.id(), connection)) {
            count.decrementAndGet();
        }
    }

    public Connection get(long id) {
        return clients.get(id);
    }

    /** Every client, oldest first. */
    public Collection<Connection> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public int size() {
        return count.get();
    }

    /** Clients accepted since start (INFO total_connections_received). */
    public long totalConnections() {
        return totalConnections.get();
    }

    /** Clients refused because of maxclients (INFO rejected_connections). */
    public long rejectedConnections() {
        return rejectedConnections.get();
    }
}
