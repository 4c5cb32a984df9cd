package io.lodestone.server.client;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients, by id (CLIENT LIST, CLIENT KILL, maxclients, INFO clients). */
public final class ClientRegistry {
    private final ConcurrentMap<Long, Connection> clients = new ConcurrentHashMap<>();
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
        totalConnections.incrementAndGet();
        if (clients.size() >= maxClients) {
            rejectedConnections.incrementAndGet();
            return false;
        }
        clients.put(connection.id(), connection);
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

    public void unregister(Connection connection) {
        clients.remove(connection.id());
    }

    public Connection get(long id) {
        return clients.get(id);
    }

    public Collection<Connection> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public int size() {
        return clients.size();
    }

    public long totalConnections() {
        return totalConnections.get();
    }

    public long rejectedConnections() {
        return rejectedConnections.get();
    }
}
