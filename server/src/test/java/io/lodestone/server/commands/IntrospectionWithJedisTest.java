package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/** A real client reads INFO, CLIENT and COMMAND replies as it reads Redis's, over RESP2 and RESP3. */
class IntrospectionWithJedisTest {
    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void jedisReadsTheReplies(RedisProtocol protocol) {
        try (TestServer server = TestServer.start();
             Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                     DefaultJedisClientConfig.builder().protocol(protocol).clientName("jedis-test").build())) {
            jedis.set("k", "v");
            String info = jedis.info();
            assertTrue(info.contains("redis_version:7.0.15\r\n"), info);
            assertTrue(info.contains("db0:keys=1,expires=0,avg_ttl=0\r\n"), info);
            assertTrue(jedis.info("keyspace").startsWith("# Keyspace\r\n"));
            String clients = jedis.clientList();
            assertTrue(clients.contains(" name=jedis-test ") && clients.contains(" resp=" + (protocol == RedisProtocol.RESP3 ? 3 : 2)),
                    clients);
            assertEquals("jedis-test", jedis.clientGetname());
            assertTrue(jedis.clientInfo().startsWith("id=" + jedis.clientId() + " "));
            assertEquals(server.server().engine().commands().size(), jedis.commandCount());
            assertEquals(java.util.List.of("k"), jedis.commandGetKeys("GET", "k"));
        }
    }
}
