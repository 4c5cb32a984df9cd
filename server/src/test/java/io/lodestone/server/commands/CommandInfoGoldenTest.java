package io.lodestone.server.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.server.commands.golden.CommandInfoCanon;
import io.lodestone.server.testing.RespClient;
import io.lodestone.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command Lodestone declares, compared with Redis 7.0's own description of it: arity, flags,
 * first/last/step, ACL categories, tips, key specs (with notes), group and since. The reference is
 * captured once from redis-server 7.0 (bench/capture-command-info.sh), so this runs without Redis.
 * Data-driven over whatever the command table holds: a command added later is checked as well.
 */
class CommandInfoGoldenTest {
    private static final String GOLDEN = "/redis-7.0-command-info.txt";
    /** Commands of Lodestone's own, which Redis 7.0 does not have: none yet. */
    private static final Set<String> LODESTONE_ONLY = Set.of();

    private static Map<String, List<String>> golden;

    @BeforeAll
    static void readGolden() throws IOException {
        try (InputStream in = CommandInfoGoldenTest.class.getResourceAsStream(GOLDEN)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            golden = CommandInfoCanon.read(text.lines().toList());
        }
    }

    @Test
    void everyDeclaredCommandIsDescribedAsRedis70DescribesIt() {
        Map<String, List<String>> ours;
        try (TestServer server = TestServer.start(); RespClient client = server.client()) {
            ours = CommandInfoCanon.blocks((List<?>) client.call("COMMAND", "INFO"),
                    (List<?>) client.call("COMMAND", "DOCS"));
        }
        assertTrue(ours.containsKey("get") && ours.containsKey("client|list"), "the table was read");
        List<String> problems = differences(ours, golden);
        assertTrue(problems.isEmpty(), problems.size() + " commands differ from Redis 7.0:\n" + String.join("\n", problems));
    }

    @Test
    void aDifferenceIsReportedWithTheLinesThatDiffer() {
        Map<String, List<String>> ours = new LinkedHashMap<>();
        List<String> get = new ArrayList<>(golden.get("get"));
        get.set(0, "arity: 3");
        ours.put("get", get);
        ours.put("lodestone-nosuch", List.of("arity: 1"));
        List<String> problems = differences(ours, golden);
        assertEquals(2, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("- arity: 2") && problems.get(0).contains("+ arity: 3"), problems.get(0));
        assertTrue(problems.get(1).contains("lodestone-nosuch"), problems.get(1));
    }

    @Test
    void theReferenceCoversEveryCommandOfTheGroupsBeingImplemented() {
        // spot checks across the string, generic, hash, connection and server groups of Redis 7.0
        for (String name : List.of("get", "set", "getex", "lcs", "del", "expire", "scan", "sort", "migrate",
                "object|encoding", "hset", "hrandfield", "ping", "hello", "client|kill", "select", "info",
                "config|set", "command|getkeys", "dbsize", "flushall")) {
            assertTrue(golden.containsKey(name), name + " is in the reference");
        }
        long groups = golden.values().stream().flatMap(List::stream)
                .filter(l -> l.matches("group: (string|generic|hash|connection|server)")).count();
        assertTrue(groups > 150, "commands of the five groups in the reference: " + groups);
    }

    @Test
    void commandCountIsTheNumberOfTopLevelCommands() {
        try (TestServer server = TestServer.start(); RespClient client = server.client()) {
            long count = (Long) client.call("COMMAND", "COUNT");
            assertEquals(server.server().engine().commands().size(), count);
            assertEquals(count, ((List<?>) client.call("COMMAND")).size());
        }
    }

    /** One message per command whose block differs from Redis's, with the differing lines. */
    static List<String> differences(Map<String, List<String>> ours, Map<String, List<String>> reference) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : ours.entrySet()) {
            String name = e.getKey();
            List<String> expected = reference.get(name);
            if (expected == null) {
                if (!LODESTONE_ONLY.contains(name)) {
                    problems.add("[" + name + "] is not a Redis 7.0 command (add it to LODESTONE_ONLY if intended)");
                }
                continue;
            }
            if (!expected.equals(e.getValue())) {
                StringBuilder sb = new StringBuilder("[" + name + "]");
                for (String line : expected) {
                    if (!e.getValue().contains(line)) {
                        sb.append("\n  - ").append(line);
                    }
                }
                for (String line : e.getValue()) {
                    if (!expected.contains(line)) {
                        sb.append("\n  + ").append(line);
                    }
                }
                if (sb.indexOf("\n") < 0) {
                    sb.append(" (same lines, different order: key specs are ordered)");
                }
                problems.add(sb.toString());
            }
        }
        return problems;
    }
}
