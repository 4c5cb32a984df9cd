package io.lodestone.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lodestone.server.client.Connection;
import io.lodestone.server.testing.Await;
import io.lodestone.server.testing.RawClient;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Pub/sub over real sockets: Jedis (RESP2) with patterns, Lettuce RESP3 pushes, exact bytes, slow subscribers. */
class PubSubTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long numsub(String channel) {
        try (RespClient c = server.client()) {
            return (Long) ((List<?>) c.call("PUBSUB", "NUMSUB", channel)).get(1);
        }
    }

    // ---- clients ----------------------------------------------------------------------------------

    @Test
    void jedisChannelsAndPatterns() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(2);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add("message " + channel + " " + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add("pmessage " + pattern + " " + channel + " " + message);
            }

            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
            }
        };
        Thread thread = new Thread(() -> {
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
                jedis.psubscribe(listener, "news.*"); // returns once everything is unsubscribed
            }
        });
        thread.start();
        try (Jedis publisher = new Jedis(server.host(), server.port())) {
            assertTrue(Await.until(listener::isSubscribed, WAIT));
            listener.subscribe("direct");
            assertTrue(subscribed.await(10, TimeUnit.SECONDS));
            assertEquals(1, publisher.publish("news.tech", "chips"));
            assertEquals(1, publisher.publish("direct", "hello"));
            assertEquals(0, publisher.publish("sport", "ignored"));
            assertEquals("pmessage news.* news.tech chips", received.poll(10, TimeUnit.SECONDS));
            assertEquals("message direct hello", received.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("direct"), publisher.pubsubChannels());
            assertEquals(1L, publisher.pubsubNumPat());
            listener.unsubscribe();
            listener.punsubscribe();
            thread.join(10_000);
            assertFalse(thread.isAlive());
            assertTrue(Await.until(() -> numsub("direct") == 0, WAIT));
        }
    }

    @Test
    void lettuceResp3PushMessages() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                var pub = client.connect()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + "=" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ":" + channel + "=" + message);
                }
            });
            sub.sync().subscribe("orders");
            sub.sync().psubscribe("ord*");
            // RESP3: the subscribed connection keeps running ordinary commands
            assertEquals("OK", sub.sync().set("k", "v"));
            assertEquals("v", sub.sync().get("k"));
            assertEquals(2L, pub.sync().publish("orders", "42"));
            assertEquals("orders=42", received.poll(10, TimeUnit.SECONDS));
            assertEquals("ord*:orders=42", received.poll(10, TimeUnit.SECONDS));
            Connection serverSide = server.server().clients().all().stream()
                    .filter(c -> c.subscriptionCount() > 0).findFirst().orElseThrow();
            assertEquals(3, serverSide.protocol());
            assertEquals(2, serverSide.subscriptionCount());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    // ---- on the wire ------------------------------------------------------------------------------

    @Test
    void resp3SubscriptionsAndMessagesArePushes() {
        try (RawClient sub = server.rawClient(); RespClient pub = server.client()) {
            sub.call("HELLO", "3");
            assertEquals(">3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n", sub.call("SUBSCRIBE", "x"));
            assertEquals(1L, pub.call("PUBLISH", "x", "m"));
            assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\nm\r\n", sub.readReply());
            assertEquals("$-1\r\n".replace("$-1", "_"), sub.call("GET", "nothing"));
            // a message to itself comes before the reply to PUBLISH, as in Redis
            sub.command("PUBLISH", "x", "self");
            assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$4\r\nself\r\n", sub.readReply());
            assertEquals(":1\r\n", sub.readReply());
            assertEquals(">3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:0\r\n", sub.call("UNSUBSCRIBE"));
        }
    }

    @Test
    void aSubscribedResp2ClientIsRestrictedUntilReset() {
        try (RawClient sub = server.rawClient(); RespClient pub = server.client()) {
            sub.command("SUBSCRIBE", "a", "b");
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", sub.readReply());
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n", sub.readReply());
            assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", sub.call("PING"));
            assertEquals("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n", sub.call("PING", "hi"));
            assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                    + "are allowed in this context\r\n", sub.call("GET", "a"));
            assertEquals("-ERR Can't execute 'client|list': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                    + "RESET are allowed in this context\r\n", sub.call("CLIENT", "LIST"));
            assertEquals(2L, ((List<?>) pub.call("PUBSUB", "NUMSUB", "a")).size());
            String line = (String) pub.call("CLIENT", "LIST", "TYPE", "pubsub");
            assertTrue(line.contains(" flags=P ") && line.contains(" sub=2 psub=0 "), line);
            assertEquals("", pub.call("CLIENT", "LIST", "TYPE", "normal").toString().lines()
                    .filter(l -> l.contains(" flags=P ")).findAny().orElse(""));
            assertEquals("+RESET\r\n", sub.call("RESET"));
            assertEquals("$-1\r\n", sub.call("GET", "a"));
            assertEquals(0L, pub.call("PUBLISH", "a", "gone"));
            assertEquals("+PONG\r\n", sub.call("PING"));
        }
    }

    @Test
    void resetLeavesMultiAndReturnsToResp2AndDatabaseZero() {
        try (RawClient c = server.rawClient()) {
            c.call("HELLO", "3");
            c.call("SELECT", "3");
            c.call("CLIENT", "SETNAME", "me");
            c.call("MULTI");
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("-ERR EXEC without MULTI\r\n", c.call("EXEC"));
            assertEquals("$-1\r\n", c.call("CLIENT", "GETNAME"));
            assertEquals("$-1\r\n", c.call("GET", "x"), "RESP2 again");
            c.call("SET", "x", "1");
            try (RespClient other = server.client()) {
                assertEquals("1", other.call("GET", "x"), "database 0 again");
            }
        }
    }

    @Test
    void resetRequiresAuthAgainWhenAPasswordIsSet() {
        try (TestServer secured = TestServer.builder().requirepass("pw").start(); RawClient c = secured.rawClient()) {
            assertEquals("+RESET\r\n", c.call("RESET"), "allowed without AUTH");
            c.call("AUTH", "pw");
            assertEquals("+OK\r\n", c.call("SET", "k", "v"));
            c.call("RESET");
            assertEquals("-NOAUTH Authentication required.\r\n", c.call("GET", "k"));
        }
    }

    @Test
    void clientKillTypePubsubAndInfo() {
        try (RespClient sub = server.client(); RespClient admin = server.client()) {
            sub.send("SUBSCRIBE", "c1", "c2");
            sub.read();
            sub.read();
            sub.call("PSUBSCRIBE", "p*");
            String info = (String) admin.call("INFO", "stats");
            assertTrue(info.contains("pubsub_channels:2\r\n") && info.contains("pubsub_patterns:1\r\n"), info);
            assertEquals(1L, admin.call("CLIENT", "KILL", "TYPE", "pubsub"));
            assertTrue(sub.isClosedByServer());
            assertTrue(Await.until(() -> numsub("c1") == 0, WAIT));
            info = (String) admin.call("INFO", "stats");
            assertTrue(info.contains("pubsub_channels:0\r\n") && info.contains("pubsub_patterns:0\r\n"), info);
        }
    }

    @Test
    void aDisconnectedSubscriberLeavesItsChannels() {
        RespClient sub = server.client();
        sub.call("SUBSCRIBE", "gone");
        assertEquals(1, numsub("gone"));
        sub.close();
        assertTrue(Await.until(() -> numsub("gone") == 0, WAIT));
    }

    // ---- slow subscribers -------------------------------------------------------------------------

    /** A subscriber that subscribes and then never reads, with a tiny socket buffer. */
    private Socket stalledSubscriber(String channel) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(server.host(), server.port()), 5000);
        OutputStream out = s.getOutputStream();
        out.write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertTrue(Await.until(() -> numsub(channel) == 1, WAIT));
        return s;
    }

    @Test
    void aSubscriberOverTheHardLimitIsDisconnected() throws Exception {
        try (RespClient pub = server.client(); RespClient healthy = server.client()) {
            assertEquals("OK", pub.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 256kb 0 0"));
            healthy.call("SUBSCRIBE", "other");
            try (Socket stalled = stalledSubscriber("firehose")) {
                assertTrue(stalled.isConnected());
                String payload = "x".repeat(64 * 1024);
                int published = 0;
                while (numsub("firehose") > 0 && published < 2000) {
                    pub.call("PUBLISH", "firehose", payload);
                    published++;
                }
                assertTrue(Await.until(() -> numsub("firehose") == 0, WAIT), "closed after " + published + " messages");
                assertTrue(published < 2000, "published " + published);
                // everyone else goes on
                assertEquals(1L, pub.call("PUBLISH", "other", "still here"));
                assertEquals(List.of("message", "other", "still here"), healthy.read());
            }
        }
    }

    @Test
    void aSubscriberAboveTheSoftLimitForTooLongIsDisconnected() throws Exception {
        try (RespClient pub = server.client()) {
            assertEquals("OK", pub.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 256kb 1"));
            try (Socket stalled = stalledSubscriber("slow")) {
                assertTrue(stalled.isConnected());
                String payload = "y".repeat(128 * 1024);
                long start = System.nanoTime();
                long deadline = start + TimeUnit.SECONDS.toNanos(10);
                while (numsub("slow") > 0 && System.nanoTime() < deadline) {
                    pub.call("PUBLISH", "slow", payload);
                    // a steady trickle: above the soft limit for a while, never near a hard one
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(0, numsub("slow"), "disconnected within 10 s");
                assertTrue(elapsedMs >= 1000, "not before the soft limit's second passed: " + elapsedMs + " ms");
            }
        }
    }

    @Test
    void withoutLimitsASlowSubscriberStaysConnected() throws Exception {
        try (RespClient pub = server.client()) {
            pub.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 0 0");
            try (Socket stalled = stalledSubscriber("unlimited")) {
                String payload = "z".repeat(64 * 1024);
                for (int i = 0; i < 100; i++) {
                    pub.call("PUBLISH", "unlimited", payload);
                }
                assertEquals(1, numsub("unlimited"));
                assertNotNull(stalled);
            }
        }
    }
}
