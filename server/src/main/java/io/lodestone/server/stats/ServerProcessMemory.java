package io.lodestone.server.stats;

import io.lodestone.engine.memory.ProcessMemory;
import io.lodestone.server.client.ClientRegistry;
import io.lodestone.server.client.Connection;

/** The process as the server sees it, for MEMORY STATS and INFO memory: JVM heap, RSS from /proc, client buffers. */
public final class ServerProcessMemory implements ProcessMemory {
    private final ClientRegistry clients;

    public ServerProcessMemory(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public long heapUsed() {
        return ProcessMetrics.heapUsed();
    }

    @Override
    public long heapCommitted() {
        return ProcessMetrics.heapCommitted();
    }

    @Override
    public long residentBytes() {
        return ProcessMetrics.residentBytes();
    }

    /** Query buffers (used and free) and pending replies of every connected client. */
    @Override
    public long clientBuffers() {
        long total = 0;
        for (Connection c : clients.all()) {
            total += c.queryBufferBytes() + c.queryBufferFree() + c.pendingOutputBytes();
        }
        return total;
    }
}
