package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/** MULTI/EXEC/WATCH over real sockets: exact bytes, Jedis transactions, optimistic locking races between threads. */
class TransactionsTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void queuedRepliesAndExecArrayOnTheWire() {
        try (RawClient c = server.rawClient()) {
            assertEquals("+OK\r\n", c.call("MULTI"));
            assertEquals("+QUEUED\r\n", c.call("SET", "k", "1"));
            assertEquals("+QUEUED\r\n", c.call("INCR", "k"));
            assertEquals("+QUEUED\r\n", c.call("HSET", "k", "f", "v"));
            assertEquals("*3\r\n+OK\r\n:2\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    c.call("EXEC"));
        }
    }

    @Test
    void aFailedWatchRepliesANullArrayInEachProtocol() {
        try (RawClient c = server.rawClient(); RespClient other = server.client()) {
            for (String protocol : List.of("2", "3")) {
                c.call("HELLO", protocol);
                c.call("WATCH", "w");
                other.call("SET", "w", protocol);
                c.call("MULTI");
                c.call("GET", "w");
                assertEquals(protocol.equals("2") ? "*-1\r\n" : "_\r\n", c.call("EXEC"));
            }
        }
    }

    @Test
    void errorsWhileQueueingAbortExec() {
        try (RawClient c = server.rawClient()) {
            c.call("MULTI");
            assertEquals("-ERR unknown command 'nosuch', with args beginning with: 'a' \r\n", c.call("nosuch", "a"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.call("GET"));
            assertEquals("-ERR Command not allowed inside a transaction\r\n", c.call("SHUTDOWN"));
            assertEquals("-ERR MULTI calls can not be nested\r\n", c.call("MULTI"));
            assertEquals("-ERR WATCH inside MULTI is not allowed\r\n", c.call("WATCH", "x"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));
            assertEquals("-ERR EXEC without MULTI\r\n", c.call("EXEC"));
            assertEquals("-ERR DISCARD without MULTI\r\n", c.call("DISCARD"));
        }
    }

    @Test
    void clientListShowsTheTransaction() {
        try (RespClient c = server.client(); RespClient other = server.client()) {
            c.call("CLIENT", "SETNAME", "tx");
            c.call("WATCH", "k");
            other.call("SET", "k", "v");
            c.call("MULTI");
            c.call("SET", "a", "1");
            c.call("SET", "b", "1");
            String line = clientLine(other, "tx");
            // as Redis: a transaction already failed queues nothing more
            assertTrue(line.contains(" flags=xd ") && line.contains(" multi=0 "), line);
            c.call("DISCARD");
            line = clientLine(other, "tx");
            assertTrue(line.contains(" flags=N ") && line.contains(" multi=-1 "), line);
            c.call("MULTI");
            c.call("SET", "a", "1");
            c.call("SET", "b", "1");
            line = clientLine(other, "tx");
            assertTrue(line.contains(" flags=x ") && line.contains(" multi=2 "), line);
        }
    }

    private static String clientLine(RespClient c, String name) {
        for (String line : ((String) c.call("CLIENT", "LIST")).split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                return line;
            }
        }
        throw new AssertionError("no client named " + name);
    }

    @Test
    void jedisTransactionWithWatch() {
        try (Jedis a = new Jedis(server.host(), server.port()); Jedis b = new Jedis(server.host(), server.port())) {
            a.set("balance", "100");
            a.watch("balance");
            Transaction t = a.multi();
            t.decrBy("balance", 30);
            t.incrBy("spent", 30);
            assertEquals(List.of(70L, 30L), t.exec());

            a.watch("balance");
            b.set("balance", "0"); // someone else got there first
            t = a.multi();
            t.decrBy("balance", 30);
            assertNull(t.exec());
            assertEquals("0", a.get("balance"));
        }
    }

    /** Optimistic locking: every thread retries WATCH/GET/MULTI/SET/EXEC until its EXEC succeeds; no increment may be lost. */
    @Test
    void watchRacesBetweenThreadsLoseNoIncrement() throws Exception {
        int threads = 8;
        int incrementsPerThread = 150;
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (Jedis jedis = new Jedis(server.host(), server.port())) {
                        for (int i = 0; i < incrementsPerThread; i++) {
                            while (true) {
                                jedis.watch("counter");
                                String current = jedis.get("counter");
                                long next = (current == null ? 0 : Long.parseLong(current)) + 1;
                                Transaction tx = jedis.multi();
                                tx.set("counter", Long.toString(next));
                                if (tx.exec() != null) {
                                    break;
                                }
                                retries.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertEquals(Long.toString((long) threads * incrementsPerThread), jedis.get("counter"));
        }
        assertEquals(0, server.server().engine().watchedKeys().size(), "every watch was released");
    }

    /** A transaction is atomic: a reader never sees half of it. */
    @Test
    void otherClientsNeverSeeHalfATransaction() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Jedis writer = new Jedis(server.host(), server.port())) {
            writer.mset("x", "0", "y", "0");
            Future<Boolean> reader = pool.submit(() -> {
                try (Jedis jedis = new Jedis(server.host(), server.port())) {
                    for (int i = 0; i < 2000; i++) {
                        List<String> xy = jedis.mget("x", "y");
                        if (!xy.get(0).equals(xy.get(1))) {
                            return false;
                        }
                    }
                    return true;
                }
            });
            for (int i = 1; i <= 500; i++) {
                Transaction t = writer.multi();
                t.set("x", Integer.toString(i));
                t.set("y", Integer.toString(i));
                t.exec();
            }
            assertTrue(reader.get(60, TimeUnit.SECONDS), "x and y always read equal");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDisconnectedWatcherLeavesNoWatch() {
        RespClient c = server.client();
        c.call("WATCH", "a", "b");
        assertEquals(2, server.server().engine().watchedKeys().size());
        c.close();
        assertTrue(io.lodestone.server.testing.Await.until(
                () -> server.server().engine().watchedKeys().isEmpty(), java.time.Duration.ofSeconds(5)));
        assertFalse(server.server().engine().watchedKeys().size() > 0);
    }
}
