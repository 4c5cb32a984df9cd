package io.lodestone.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.EngineHarness.HarnessClient;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH PUBSUB, replies checked against redis-server 7.0. */
class PubSubCommandsTest {
    private final EngineHarness h = new EngineHarness();
    private final HarnessClient subscriber = h.newClient();
    private final HarnessClient publisher = h.newClient();

    private static List<Object> reply(Object... items) {
        return Arrays.asList(items);
    }

    @Test
    void subscribeConfirmsEachChannelWithTheRunningCount() {
        assertEquals(List.of(reply("subscribe", "a", 1L), reply("subscribe", "b", 2L)),
                h.execAll(subscriber, "SUBSCRIBE", "a", "b"));
        assertEquals(List.of(reply("subscribe", "a", 2L)), h.execAll(subscriber, "SUBSCRIBE", "a"),
                "subscribing twice is one subscription");
        assertEquals(List.of(reply("psubscribe", "a*", 3L)), h.execAll(subscriber, "PSUBSCRIBE", "a*"));
        assertEquals(3, subscriber.subscriptionCount());
    }

    @Test
    void publishDeliversToChannelSubscribersAndRepliesTheirNumber() {
        HarnessClient second = h.newClient();
        h.execAll(subscriber, "SUBSCRIBE", "news");
        h.execAll(second, "SUBSCRIBE", "news");
        assertEquals(2L, h.exec(publisher, "PUBLISH", "news", "hello"));
        assertEquals(List.of(reply("message", "news", "hello")), subscriber.asyncReplies());
        assertEquals(List.of(reply("message", "news", "hello")), second.asyncReplies());
        assertEquals(0L, h.exec(publisher, "PUBLISH", "other", "x"));
        assertEquals(1, subscriber.asyncReplies().size());
    }

    @Test
    void patternSubscribersGetPmessagesAfterTheChannelMessage() {
        h.execAll(subscriber, "SUBSCRIBE", "hello");
        h.execAll(subscriber, "PSUBSCRIBE", "h?llo", "h*", "x*");
        assertEquals(3L, h.exec(publisher, "PUBLISH", "hello", "m"));
        assertEquals(List.of(reply("message", "hello", "m"), reply("pmessage", "h?llo", "hello", "m"),
                reply("pmessage", "h*", "hello", "m")), subscriber.asyncReplies());
    }

    @Test
    void patternsUseRedisGlobSyntax() {
        h.execAll(subscriber, "PSUBSCRIBE", "news.[ab]*");
        assertEquals(1L, h.exec(publisher, "PUBLISH", "news.art", "1"));
        assertEquals(0L, h.exec(publisher, "PUBLISH", "news.cars", "2"));
        assertEquals(1L, h.exec(publisher, "PUBLISH", "news.b", "3"));
    }

    @Test
    void unsubscribeWithoutArgumentsLeavesEveryChannel() {
        h.execAll(subscriber, "SUBSCRIBE", "a", "b");
        h.execAll(subscriber, "PSUBSCRIBE", "p*");
        assertEquals(List.of(reply("unsubscribe", "a", 2L), reply("unsubscribe", "b", 1L)),
                h.execAll(subscriber, "UNSUBSCRIBE"));
        assertEquals(List.of(reply("unsubscribe", null, 1L)), h.execAll(subscriber, "UNSUBSCRIBE"),
                "no channel left: one reply with a null name");
        assertEquals(List.of(reply("punsubscribe", "p*", 0L)), h.execAll(subscriber, "PUNSUBSCRIBE"));
        assertEquals(List.of(reply("punsubscribe", null, 0L)), h.execAll(subscriber, "PUNSUBSCRIBE"));
        assertEquals(0L, h.exec(publisher, "PUBLISH", "a", "x"));
    }

    @Test
    void unsubscribingFromWhatOneDoesNotListenToStillConfirms() {
        assertEquals(List.of(reply("unsubscribe", "x", 0L), reply("unsubscribe", "y", 0L)),
                h.execAll(subscriber, "UNSUBSCRIBE", "x", "y"));
        h.execAll(subscriber, "SUBSCRIBE", "a");
        assertEquals(List.of(reply("punsubscribe", "x", 1L)), h.execAll(subscriber, "PUNSUBSCRIBE", "x"));
    }

    @Test
    void aSubscribedResp2ClientMayOnlyRunPubSubCommands() {
        h.execAll(subscriber, "SUBSCRIBE", "a");
        String allowed = "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
        assertEquals(new Err("ERR Can't execute 'get': " + allowed), h.exec(subscriber, "GET", "a"));
        assertEquals(new Err("ERR Can't execute 'multi': " + allowed), h.exec(subscriber, "MULTI"));
        assertEquals(new Err("ERR Can't execute 'pubsub|numpat': " + allowed), h.exec(subscriber, "PUBSUB", "NUMPAT"));
        assertEquals(new Err("ERR unknown command 'nosuch', with args beginning with: "), h.exec(subscriber, "nosuch"),
                "an unknown command is reported as such first");
        assertEquals(List.of(reply("psubscribe", "p", 2L)), h.execAll(subscriber, "PSUBSCRIBE", "p"));
        h.execAll(subscriber, "UNSUBSCRIBE");
        h.execAll(subscriber, "PUNSUBSCRIBE");
        assertEquals(null, h.exec(subscriber, "GET", "a"), "out of subscribed mode");
    }

    @Test
    void aResp3ClientKeepsRunningAnyCommandWhileSubscribed() {
        h.useProtocol(3);
        h.execAll(subscriber, "SUBSCRIBE", "a");
        assertEquals("OK", h.exec(subscriber, "SET", "k", "v"));
        assertEquals(1L, h.exec(subscriber, "PUBLISH", "a", "to myself"));
        assertEquals(List.of(reply("message", "a", "to myself")), subscriber.asyncReplies());
    }

    @Test
    void subscribeInsideMultiRunsAtExec() {
        h.exec(subscriber, "MULTI");
        assertEquals("QUEUED", h.exec(subscriber, "SUBSCRIBE", "x"));
        assertEquals(List.of(reply("subscribe", "x", 1L)), h.exec(subscriber, "EXEC"));
        assertEquals(1L, h.exec(publisher, "PUBLISH", "x", "m"));
    }

    @Test
    void aDisconnectingClientLeavesEverySubscription() {
        h.execAll(subscriber, "SUBSCRIBE", "a", "b");
        h.execAll(subscriber, "PSUBSCRIBE", "c*");
        h.engine().lock().lock();
        try {
            subscriber.releaseEngineState();
        } finally {
            h.engine().lock().unlock();
        }
        assertEquals(0, subscriber.subscriptionCount());
        assertEquals(List.of(), h.exec("PUBSUB", "CHANNELS"));
        assertEquals(0L, h.exec("PUBSUB", "NUMPAT"));
        assertEquals(0L, h.exec(publisher, "PUBLISH", "a", "x"));
    }

    @Test
    void binaryChannelNamesAndMessages() {
        h.execAll(subscriber, "SUBSCRIBE", "ch\u00e9\n");
        assertEquals(1L, h.exec(publisher, "PUBLISH", "ch\u00e9\n", "\u0000\r\n"));
        assertEquals(List.of(reply("message", "ch\u00e9\n", "\u0000\r\n")), subscriber.asyncReplies());
    }

    // ---- PUBSUB ---------------------------------------------------------------------------------

    @Test
    void pubsubChannelsListsChannelsWithSubscribersMatchingAPattern() {
        assertEquals(List.of(), h.exec("PUBSUB", "CHANNELS"));
        h.execAll(subscriber, "SUBSCRIBE", "news.1", "news.2", "sport");
        h.execAll(publisher, "SUBSCRIBE", "sport");
        h.execAll(subscriber, "PSUBSCRIBE", "news.*");
        assertEquals(Set.of("news.1", "news.2", "sport"), asSet(h.exec("PUBSUB", "CHANNELS")));
        assertEquals(Set.of("news.1", "news.2"), asSet(h.exec("PUBSUB", "CHANNELS", "news.*")));
        assertEquals(new Err("ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP."),
                h.exec("PUBSUB", "channels", "a", "b"));
    }

    @Test
    void pubsubNumsubCountsChannelSubscribersOnly() {
        h.execAll(subscriber, "SUBSCRIBE", "a");
        h.execAll(publisher, "SUBSCRIBE", "a", "b");
        h.execAll(subscriber, "PSUBSCRIBE", "*");
        assertEquals(reply("a", 2L, "b", 1L, "c", 0L), h.exec("PUBSUB", "NUMSUB", "a", "b", "c"));
        assertEquals(List.of(), h.exec("PUBSUB", "NUMSUB"));
    }

    @Test
    void pubsubNumpatCountsDistinctPatterns() {
        h.execAll(subscriber, "PSUBSCRIBE", "a*", "b*");
        h.execAll(publisher, "PSUBSCRIBE", "a*");
        assertEquals(2L, h.exec("PUBSUB", "NUMPAT"));
        assertEquals(new Err("ERR wrong number of arguments for 'pubsub|numpat' command"),
                h.exec("PUBSUB", "NUMPAT", "x"));
    }

    @Test
    void shardChannelsAreNeverActive() {
        assertEquals(List.of(), h.exec("PUBSUB", "SHARDCHANNELS"));
        assertEquals(reply("s", 0L), h.exec("PUBSUB", "SHARDNUMSUB", "s"));
        assertEquals(new Err("ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP."),
                h.exec("PUBSUB", "SHARDCHANNELS", "a", "b"));
    }

    @Test
    void pubsubHelpAndErrors() {
        Object help = h.exec("PUBSUB", "HELP");
        assertTrue(help instanceof List<?> l && l.size() == 14
                && l.get(0).equals("PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"), help::toString);
        assertEquals(new Err("ERR unknown subcommand 'FOO'. Try PUBSUB HELP."), h.exec("PUBSUB", "FOO"));
        assertEquals(new Err("ERR wrong number of arguments for 'pubsub' command"), h.exec("PUBSUB"));
        assertEquals(new Err("ERR wrong number of arguments for 'subscribe' command"), h.exec("SUBSCRIBE"));
        assertEquals(new Err("ERR wrong number of arguments for 'publish' command"), h.exec("PUBLISH", "a"));
    }

    private static Set<Object> asSet(Object reply) {
        return new HashSet<>((List<?>) reply);
    }

    @Test
    void publishIsNotPropagated() {
        h.exec(publisher, "PUBLISH", "a", "b");
        assertEquals(new ArrayList<>(), h.stream());
    }
}
