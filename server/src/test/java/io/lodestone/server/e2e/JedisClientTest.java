package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lodestone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis, with its default settings, against the embedded server: RESP2, RESP3, pipelines, threads. */
class JedisClientTest {
    private static final int THREADS = 16;
    private static final int OPS_PER_THREAD = 5_000;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HostAndPort address() {
        return new HostAndPort(server.host(), server.port());
    }

    private static JedisClientConfig config(RedisProtocol protocol) {
        return DefaultJedisClientConfig.builder().protocol(protocol).build();
    }

    @Test
    void defaultSettings() {
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("hello", jedis.echo("hello"));
            assertEquals("OK", jedis.set("jedis:default", "v1"));
            assertEquals("v1", jedis.get("jedis:default"));
            assertNull(jedis.get("jedis:missing"));
        }
    }

    @Test
    void resp3() {
        try (Jedis jedis = new Jedis(address(), config(RedisProtocol.RESP3))) {
            assertEquals(RedisProtocol.RESP3, jedis.getConnection().getRedisProtocol());
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("jedis:resp3", "v3"));
            assertEquals("v3", jedis.get("jedis:resp3"));
            assertNull(jedis.get("jedis:missing"));
            assertEquals("v3", jedis.setGet("jedis:resp3", "v4"));
        }
    }

    @Test
    void resp2Explicit() {
        try (Jedis jedis = new Jedis(address(), config(RedisProtocol.RESP2))) {
            assertEquals("OK", jedis.set("jedis:resp2", "v2"));
            assertEquals("v2", jedis.get("jedis:resp2"));
            assertNull(jedis.get("jedis:missing"));
        }
    }

    @Test
    void binarySafeValues() {
        byte[] key = {0, 1, '\r', '\n', (byte) 0xFF};
        byte[] value = new byte[70_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertEquals("OK", jedis.set(key, value));
            assertArrayEquals(value, jedis.get(key));
        }
    }

    @Test
    void errorsSurfaceAsExceptions() {
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> jedis.sendCommand(() -> "NOSUCHCMD".getBytes(), "a"));
            assertEquals("ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' ", e.getMessage());
            assertEquals("PONG", jedis.ping(), "the connection survives a command error");
        }
    }

    @Test
    void pipelineOfTenThousandCommands() {
        for (RedisProtocol protocol : RedisProtocol.values()) {
            try (Jedis jedis = new Jedis(address(), config(protocol))) {
                Pipeline p = jedis.pipelined();
                List<Response<String>> sets = new ArrayList<>();
                List<Response<String>> gets = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    sets.add(p.set("jedis:pipe:" + i, protocol + "-" + i));
                }
                for (int i = 0; i < 5_000; i++) {
                    gets.add(p.get("jedis:pipe:" + i));
                }
                p.sync();
                for (int i = 0; i < 5_000; i++) {
                    assertEquals("OK", sets.get(i).get());
                    assertEquals(protocol + "-" + i, gets.get(i).get(), "reply " + i + " in order");
                }
            }
        }
    }

    @Test
    void authenticatesWithPassword() {
        try (TestServer secured = TestServer.builder().requirepass("pw").start()) {
            HostAndPort at = new HostAndPort(secured.host(), secured.port());
            for (RedisProtocol protocol : RedisProtocol.values()) {
                try (Jedis jedis = new Jedis(at, DefaultJedisClientConfig.builder().protocol(protocol).password("pw").build())) {
                    assertEquals("OK", jedis.set("k", "v"));
                    assertEquals("v", jedis.get("k"));
                }
            }
            assertThrows(JedisAccessControlException.class,
                    () -> new Jedis(at, DefaultJedisClientConfig.builder().password("wrong").build()).ping());
            try (Jedis anonymous = new Jedis(secured.host(), secured.port())) {
                JedisDataException e = assertThrows(JedisDataException.class, () -> anonymous.get("k"));
                assertEquals("NOAUTH Authentication required.", e.getMessage());
            }
        }
    }

    /**
     * Atomicity with only SET ... GET: every thread swaps its own tokens into one shared key and
     * into its private key. If each swap is atomic, the old values returned, plus the final value,
     * are exactly every token written plus the initial value, each once (a lost or torn update
     * would repeat or drop one). Private keys must always return the thread's previous token.
     */
    @Test
    @SuppressWarnings("deprecation") // JedisPool: still the pool most applications use
    void concurrentSwapsFromManyThreadsAreAtomic() throws Exception {
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(THREADS);
        try (JedisPool pool = new JedisPool(poolConfig, server.host(), server.port())) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("jedis:swap", "init");
            }
            List<List<String>> returned = runThreads(thread -> {
                List<String> olds = new ArrayList<>(OPS_PER_THREAD);
                String privateKey = "jedis:swap:" + thread;
                try (Jedis jedis = pool.getResource()) {
                    jedis.set(privateKey, "-1");
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        olds.add(jedis.setGet("jedis:swap", thread + ":" + i));
                        String previous = jedis.setGet(privateKey, Integer.toString(i));
                        if (!previous.equals(Integer.toString(i - 1))) {
                            throw new AssertionError("thread " + thread + " private key had " + previous + " at " + i);
                        }
                    }
                }
                return olds;
            });
            Map<String, Integer> seen = new HashMap<>();
            for (List<String> olds : returned) {
                for (String old : olds) {
                    seen.merge(old, 1, Integer::sum);
                }
            }
            try (Jedis jedis = pool.getResource()) {
                seen.merge(jedis.get("jedis:swap"), 1, Integer::sum);
            }
            Set<String> written = new HashSet<>();
            written.add("init");
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < OPS_PER_THREAD; i++) {
                    written.add(t + ":" + i);
                }
            }
            assertEquals(written, seen.keySet());
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "a value was returned twice");
        }
    }

    /** The same with INCR, once the strings group provides it. */
    @Test
    @SuppressWarnings("deprecation")
    void concurrentIncrementsFromManyThreadsAreExact() throws Exception {
        assumeTrue(server.hasCommand("incr"), "needs INCR: merged later");
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(THREADS);
        try (JedisPool pool = new JedisPool(poolConfig, server.host(), server.port())) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("jedis:counter", "0");
            }
            runThreads(thread -> {
                try (Jedis jedis = pool.getResource()) {
                    jedis.set("jedis:counter:" + thread, "0");
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        jedis.incr("jedis:counter");
                        jedis.incr("jedis:counter:" + thread);
                    }
                }
                return null;
            });
            try (Jedis jedis = pool.getResource()) {
                assertEquals(Integer.toString(THREADS * OPS_PER_THREAD), jedis.get("jedis:counter"));
                for (int t = 0; t < THREADS; t++) {
                    assertEquals(Integer.toString(OPS_PER_THREAD), jedis.get("jedis:counter:" + t));
                }
            }
        }
    }

    interface PerThread<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code body} on THREADS threads at once and returns their results, bounded in time. */
    static <T> List<T> runThreads(PerThread<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<T>) () -> body.run(thread)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(45, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
