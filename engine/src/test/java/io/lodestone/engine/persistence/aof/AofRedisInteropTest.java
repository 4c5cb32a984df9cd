package io.lodestone.engine.persistence.aof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.KeyspaceContents;
import io.lodestone.engine.testing.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AOFs cross between Redis and Lodestone in both directions: redis-check-aof accepts what we
 * write and Debian's redis-server 7.0 loads it to the same data, and we load what Redis writes
 * (base with and without the RDB preamble, then incremental files). Skipped without redis-server.
 */
class AofRedisInteropTest {
    private static final String FAR = "4102444800000";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedis() {
        assumeTrue(RedisProcess.available() && Files.isExecutable(Path.of("/usr/bin/redis-check-aof")),
                "redis-server and redis-check-aof are not installed");
    }

    /** Writes of every type and encoding, several databases, a transaction, deterministic expiry. */
    private static List<String[]> script(int part) {
        List<String[]> s = new ArrayList<>();
        String p = "p" + part + ":";
        for (String v : List.of("0", "-1", "2147483648", "007", "", "1.5", "x".repeat(300))) {
            s.add(new String[] {"SET", p + "s:" + v.length() + v.hashCode(), v});
        }
        s.add(new String[] {"SET", p + "volatile", "v", "PXAT", FAR});
        s.add(new String[] {"APPEND", p + "appended", "abc"});
        s.add(new String[] {"INCRBYFLOAT", p + "float", "10.5"});
        List<String> items = new ArrayList<>(List.of("RPUSH", p + "list"));
        for (int i = 0; i < 200; i++) {
            items.add("item" + i);
        }
        s.add(items.toArray(String[]::new));
        s.add(new String[] {"LPOP", p + "list", "3"});
        s.add(new String[] {"SADD", p + "ints", "1", "2", "3", "-40"});
        s.add(new String[] {"SADD", p + "words", "a", "b", "c"});
        s.add(new String[] {"SREM", p + "words", "b"});
        s.add(new String[] {"ZADD", p + "zset", "1.5", "a", "-2", "b", "3e10", "c", "inf", "d"});
        s.add(new String[] {"ZINCRBY", p + "zset", "0.25", "a"});
        List<String> fields = new ArrayList<>(List.of("HSET", p + "bighash"));
        for (int i = 0; i < 150; i++) {
            fields.add("f" + i);
            fields.add("v" + i);
        }
        s.add(fields.toArray(String[]::new));
        s.add(new String[] {"HSET", p + "hash", "a", "1", "b", "2"});
        s.add(new String[] {"HINCRBY", p + "hash", "a", "5"});
        s.add(new String[] {"PEXPIREAT", p + "hash", FAR});
        s.add(new String[] {"SELECT", "7"});
        s.add(new String[] {"SET", p + "in7", "seven"});
        s.add(new String[] {"MULTI"});
        s.add(new String[] {"INCR", p + "counter"});
        s.add(new String[] {"RPUSH", p + "list7", "x"});
        s.add(new String[] {"EXEC"});
        s.add(new String[] {"SELECT", "0"});
        s.add(new String[] {"DEL", p + "s:00"});
        s.add(new String[] {"RENAME", p + "appended", p + "renamed"});
        return s;
    }

    private static EngineConfig config(Path dir, boolean preamble) {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        config.setAppendonly(true);
        config.setAofUseRdbPreamble(preamble);
        return config;
    }

    @ParameterizedTest(name = "rdb preamble {0}")
    @ValueSource(booleans = {true, false})
    void redisCheckAofAcceptsOurAofAndRedisLoadsIt(boolean preamble) throws Exception {
        EngineHarness h = new EngineHarness(config(dir, preamble));
        Map<String, String> ours;
        try {
            h.engine().aof().loadAtStartup();
            for (String[] command : script(1)) {
                h.exec(command);
            }
            h.engine().aof().startRewrite();
            assertEquals(true, h.engine().aof().awaitRewrite(30, TimeUnit.SECONDS));
            for (String[] command : script(2)) {
                h.exec(command);
            }
            ours = KeyspaceContents.of(h.engine().keyspace());
        } finally {
            h.engine().close();
        }
        RedisProcess.checkAof(dir.resolve("appendonlydir/appendonly.aof.manifest"));
        try (RedisProcess redis = RedisProcess.start(dir, "--appendonly", "yes")) {
            assertEquals(ours, redis.contents());
        }
    }

    @ParameterizedTest(name = "rdb preamble {0}")
    @ValueSource(booleans = {true, false})
    void weLoadTheAofRedisWrites(boolean preamble) throws Exception {
        Map<String, String> theirs;
        try (RedisProcess redis = RedisProcess.start(dir, "--appendonly", "yes", "--aof-use-rdb-preamble",
                preamble ? "yes" : "no")) {
            for (String[] command : script(1)) {
                redis.call((Object[]) command);
            }
            redis.call("BGREWRITEAOF");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (RedisProcess.string(redis.call("INFO", "persistence")).contains("aof_rewrite_in_progress:1")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // the manifest switch happens in Redis's cron after the child exits
            for (String[] command : script(2)) {
                redis.call((Object[]) command);
            }
            theirs = redis.contents();
        } // SHUTDOWN NOSAVE: Redis writes and fsyncs its AOF on the way out
        EngineHarness h = new EngineHarness(config(dir, preamble));
        try {
            h.engine().aof().loadAtStartup();
            assertEquals(theirs, KeyspaceContents.of(h.engine().keyspace()));
        } finally {
            h.engine().close();
        }
    }
}
