package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Keyspace notifications over real sockets: "expired" events fired by the active expiry cycle alone
 * (nobody reads the keys) within a second of each key's deadline, and events of writes seen by
 * Lettuce over RESP3.
 */
class KeyspaceEventsTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Subscribes on its own thread with Jedis; records each message with the time it arrived. */
    private static final class Recorder extends JedisPubSub {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final Map<String, Long> arrivedAtMillis = new HashMap<>();

        @Override
        public void onMessage(String channel, String message) {
            synchronized (arrivedAtMillis) {
                arrivedAtMillis.put(message, System.currentTimeMillis());
            }
            messages.add(channel + " " + message);
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            onMessage(channel, message);
        }
    }

    private Thread listen(Recorder recorder, String channel) {
        Thread thread = new Thread(() -> {
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
                jedis.subscribe(recorder, channel);
            }
        });
        thread.start();
        assertTrue(Await.until(recorder::isSubscribed, Duration.ofSeconds(10)));
        return thread;
    }

    @Test
    void expiredEventsArriveWithinASecondOfTheDeadline() throws Exception {
        Recorder recorder = new Recorder();
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertEquals("OK", jedis.configSet("notify-keyspace-events", "Ex"));
            Thread thread = listen(recorder, "__keyevent@0__:expired");
            Map<String, Long> deadlines = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                String key = "session:" + i;
                long ttl = 200 + 10L * i;
                jedis.psetex(key, ttl, "v");
                deadlines.put(key, System.currentTimeMillis() + ttl);
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String message = recorder.messages.poll(5, TimeUnit.SECONDS);
                assertNotNull(message, "expired events so far: " + got);
                got.add(message);
            }
            synchronized (recorder.arrivedAtMillis) {
                for (Map.Entry<String, Long> e : deadlines.entrySet()) {
                    long late = recorder.arrivedAtMillis.get(e.getKey()) - e.getValue();
                    assertTrue(late < 1000, e.getKey() + " arrived " + late + " ms after its deadline");
                }
            }
            assertEquals(0L, jedis.dbSize(), "the active cycle removed them");
            recorder.unsubscribe();
            thread.join(10_000);
        }
    }

    @Test
    void aKeyspaceSubscriberSeesEachEventOfItsKey() throws Exception {
        Recorder recorder = new Recorder();
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            jedis.configSet("notify-keyspace-events", "KA");
            Thread thread = listen(recorder, "__keyspace@0__:user:1");
            jedis.hset("user:1", "name", "ada");
            jedis.hincrBy("user:1", "visits", 1);
            jedis.pexpire("user:1", 150);
            jedis.set("user:2", "other key");
            for (String event : List.of("hset", "hincrby", "expire", "expired")) {
                assertEquals("__keyspace@0__:user:1 " + event, recorder.messages.poll(5, TimeUnit.SECONDS));
            }
            recorder.unsubscribe();
            thread.join(10_000);
        }
    }

    /**
     * An event published by the cron thread (expired) and one published by a command on the event
     * loop reach a subscriber in the order they happened.
     */
    @Test
    void eventsFromTheCycleAndFromCommandsArriveInOrder() throws Exception {
        Recorder recorder = new Recorder();
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            jedis.configSet("notify-keyspace-events", "E$x");
            Thread subscriber = new Thread(() -> {
                try (Jedis sub = new Jedis(server.host(), server.port())) {
                    sub.psubscribe(recorder, "__keyevent@0__:*");
                }
            });
            subscriber.start();
            assertTrue(Await.until(recorder::isSubscribed, Duration.ofSeconds(10)));
            for (int round = 0; round < 5; round++) {
                jedis.psetex("k", 30, "v");
                assertTrue(Await.until(() -> server.server().engine().keyspace().db(0).size() == 0,
                        Duration.ofSeconds(5)), "the cycle removed k");
                jedis.set("k", "again");
                jedis.del("k");
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(recorder.messages.poll(5, TimeUnit.SECONDS));
                }
                assertEquals(List.of("__keyevent@0__:set k", "__keyevent@0__:expired k", "__keyevent@0__:set k"), got);
            }
            recorder.punsubscribe();
            subscriber.join(10_000);
        }
    }

    @Test
    void lettuceResp3ReceivesKeyeventPushes() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(channel + " " + message);
                }
            });
            sub.sync().configSet("notify-keyspace-events", "E$g");
            sub.sync().psubscribe("__keyevent@*__:*");
            // the subscriber's own writes notify it too, in order with its replies (RESP3)
            assertEquals("OK", sub.sync().set("a", "1"));
            assertEquals(2L, sub.sync().incrby("a", 1));
            assertEquals(1L, sub.sync().del("a"));
            for (String expected : List.of("__keyevent@0__:set a", "__keyevent@0__:incrby a", "__keyevent@0__:del a")) {
                assertEquals(expected, received.poll(5, TimeUnit.SECONDS));
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    @Test
    void configGetShowsTheNormalizedClasses() {
        try (RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            assertEquals(List.of("notify-keyspace-events", "AKE"), c.call("CONFIG", "GET", "notify-keyspace-events"));
        }
    }
}
