package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lodestone.server.client.Connection;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lettuce against the embedded server: its default HELLO 3 handshake, RESP2, async pipelining, threads. */
class LettuceClientTest {
    private TestServer server;
    private RedisClient client;

    @BeforeEach
    void start() {
        server = TestServer.start();
        client = RedisClient.create(RedisURI.create(server.host(), server.port()));
    }

    @AfterEach
    void stop() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        server.close();
    }

    /** The protocol the server negotiated with the single client connected. */
    private int serverSideProtocol() {
        List<Connection> connections = new ArrayList<>(server.server().clients().all());
        assertEquals(1, connections.size());
        return connections.get(0).protocol();
    }

    @Test
    void defaultSettingsNegotiateResp3() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("PONG", redis.ping());
            assertEquals("hi", redis.echo("hi"));
            assertEquals("OK", redis.set("lettuce:k", "v"));
            assertEquals("v", redis.get("lettuce:k"));
            assertNull(redis.get("lettuce:missing"));
            assertEquals("v", redis.setGet("lettuce:k", "w"));
            assertEquals(3, serverSideProtocol());
        }
    }

    @Test
    void explicitResp2() {
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("OK", redis.set("lettuce:k2", "v2"));
            assertEquals("v2", redis.get("lettuce:k2"));
            assertNull(redis.get("lettuce:missing"));
            assertEquals(2, serverSideProtocol());
        }
    }

    @Test
    void commandErrorKeepsTheConnection() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                    () -> redis.dispatch(CommandType.HELLO, new StatusOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).add(4)));
            assertEquals("NOPROTO unsupported protocol version", e.getMessage());
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void asyncPipelineWithManualFlush() throws Exception {
        for (ProtocolVersion version : ProtocolVersion.values()) {
            client.setOptions(ClientOptions.builder().protocolVersion(version).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.setAutoFlushCommands(false);
                RedisAsyncCommands<String, String> async = connection.async();
                List<RedisFuture<String>> sets = new ArrayList<>();
                List<RedisFuture<String>> gets = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    sets.add(async.set("lettuce:pipe:" + i, version + "-" + i));
                }
                for (int i = 0; i < 5_000; i++) {
                    gets.add(async.get("lettuce:pipe:" + i));
                }
                connection.flushCommands();
                List<RedisFuture<String>> all = new ArrayList<>(sets);
                all.addAll(gets);
                assertTrue(LettuceFutures.awaitAll(30, TimeUnit.SECONDS, all.toArray(new RedisFuture<?>[0])));
                for (int i = 0; i < 5_000; i++) {
                    assertEquals("OK", sets.get(i).get());
                    assertEquals(version + "-" + i, gets.get(i).get());
                }
            }
        }
    }

    /** One Lettuce connection shared by 16 threads: every swap on the shared key is atomic. */
    @Test
    void sharedConnectionFromManyThreads() throws Exception {
        int perThread = 500;
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.set("lettuce:swap", "init");
            List<List<String>> returned = JedisClientTest.runThreads(thread -> {
                List<String> olds = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    olds.add(redis.setGet("lettuce:swap", thread + ":" + i));
                }
                return olds;
            });
            Map<String, Integer> seen = new HashMap<>();
            returned.forEach(olds -> olds.forEach(old -> seen.merge(old, 1, Integer::sum)));
            seen.merge(redis.get("lettuce:swap"), 1, Integer::sum);
            assertEquals(16 * perThread + 1, seen.size(), "every value returned exactly once");
            assertTrue(seen.containsKey("init"));
            assertTrue(seen.values().stream().allMatch(n -> n == 1));
        }
    }

    @Test
    void passwordInTheUri() {
        try (TestServer secured = TestServer.builder().requirepass("pw").start()) {
            RedisClient authed = RedisClient.create(RedisURI.builder().withHost(secured.host()).withPort(secured.port())
                    .withPassword("pw".toCharArray()).build());
            RedisClient wrong = RedisClient.create(RedisURI.builder().withHost(secured.host()).withPort(secured.port())
                    .withPassword("nope".toCharArray()).build());
            try {
                for (ProtocolVersion version : ProtocolVersion.values()) {
                    authed.setOptions(ClientOptions.builder().protocolVersion(version).build());
                    try (StatefulRedisConnection<String, String> connection = authed.connect()) {
                        assertEquals("OK", connection.sync().set("k", "v"));
                        assertEquals("v", connection.sync().get("k"));
                    }
                }
                // The server answers WRONGPASS (AuthTest checks the exact reply); Lettuce then closes the
                // connection itself, and on a loaded machine it may report that close ("Connection closed
                // prematurely") before the error it read: the refusal is what this test can rely on.
                RedisConnectionException e = assertThrows(RedisConnectionException.class, wrong::connect);
                String cause = String.valueOf(e.getCause());
                assertTrue(cause.contains("WRONGPASS") || cause.contains("closed prematurely"), cause);
            } finally {
                authed.shutdown(Duration.ZERO, Duration.ofSeconds(5));
                wrong.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }
}
