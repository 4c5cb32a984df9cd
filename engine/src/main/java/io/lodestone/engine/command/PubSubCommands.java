package io.lodestone.engine.command;

import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.PUBSUB;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.pubsub.PubSub;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH PUBSUB (Redis's pubsub.c). The registry
 * and delivery live in {@link PubSub}; these handlers need only the client's context. Each
 * (un)subscription is confirmed with its own reply, a push in RESP3. While a RESP2 client has
 * subscriptions the {@link Dispatcher} lets it run only the commands of this mode.
 */
public final class PubSubCommands {
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    private static final byte[] PSUBSCRIBE = ascii("psubscribe");
    private static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");

    private static final String[] HELP = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    };

    private PubSubCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("subscribe").arity(-2).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
                        .acl("pubsub", "slow").group("pubsub").since("2.0.0")
                        .summary("Listen for messages published to the given channels")
                        .complexity("O(N) where N is the number of channels to subscribe to.")
                        .handler(PubSubCommands::subscribe).build(),
                CommandSpec.builder("unsubscribe").arity(-1).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
                        .acl("pubsub", "slow").group("pubsub").since("2.0.0")
                        .summary("Stop listening for messages posted to the given channels")
                        .complexity("O(N) where N is the number of clients already subscribed to a channel.")
                        .handler(PubSubCommands::unsubscribe).build(),
                CommandSpec.builder("psubscribe").arity(-2).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
                        .acl("pubsub", "slow").group("pubsub").since("2.0.0")
                        .summary("Listen for messages published to channels matching the given patterns")
                        .complexity("O(N) where N is the number of patterns the client is already subscribed to.")
                        .handler(PubSubCommands::psubscribe).build(),
                CommandSpec.builder("punsubscribe").arity(-1).flags(PUBSUB, NOSCRIPT, LOADING, STALE)
                        .acl("pubsub", "slow").group("pubsub").since("2.0.0")
                        .summary("Stop listening for messages posted to channels matching the given patterns")
                        .complexity("O(N+M) where N is the number of patterns the client is already subscribed and M "
                                + "is the number of total patterns subscribed in the system (by any client).")
                        .handler(PubSubCommands::punsubscribe).build(),
                CommandSpec.builder("publish").arity(3).flags(PUBSUB, LOADING, STALE, FAST)
                        .acl("pubsub", "fast").group("pubsub").since("2.0.0")
                        .summary("Post a message to a channel")
                        .complexity("O(N+M) where N is the number of clients subscribed to the receiving channel and "
                                + "M is the total number of subscribed patterns (by any client).")
                        .handler(PubSubCommands::publish).build(),
                CommandSpec.builder("pubsub").arity(-2).acl("slow").group("pubsub").since("2.8.0")
                        .summary("A container for Pub/Sub commands").complexity("Depends on subcommand.")
                        .subcommand(sub("channels", -2).since("2.8.0").summary("List active channels")
                                .complexity("O(N) where N is the number of active channels, and assuming constant "
                                        + "time pattern matching (relatively short channels and patterns)")
                                .handler(PubSubCommands::channels))
                        .subcommand(sub("numsub", -2).since("2.8.0")
                                .summary("Get the count of subscribers for channels")
                                .complexity("O(N) for the NUMSUB subcommand, where N is the number of requested "
                                        + "channels")
                                .handler(PubSubCommands::numsub))
                        .subcommand(sub("numpat", 2).since("2.8.0")
                                .summary("Get the count of unique patterns pattern subscriptions").complexity("O(1)")
                                .handler(PubSubCommands::numpat))
                        .subcommand(sub("shardchannels", -2).since("7.0.0").summary("List active shard channels")
                                .complexity("O(N) where N is the number of active shard channels, and assuming "
                                        + "constant time pattern matching (relatively short shard channels).")
                                .handler(PubSubCommands::shardchannels))
                        .subcommand(sub("shardnumsub", -2).since("7.0.0")
                                .summary("Get the count of subscribers for shard channels")
                                .complexity("O(N) for the SHARDNUMSUB subcommand, where N is the number of "
                                        + "requested shard channels")
                                .handler(PubSubCommands::shardnumsub))
                        .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE).acl("slow")
                                .since("6.2.0").summary("Show helpful text about the different subcommands")
                                .complexity("O(1)").handler(PubSubCommands::help))
                        .build());
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(PUBSUB, LOADING, STALE).acl("pubsub", "slow");
    }

    // ---- subscribing ----------------------------------------------------------------------------

    /** SUBSCRIBE channel [channel ...] */
    static void subscribe(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        PubSub pubsub = ctx.engine().pubsub();
        for (int i = 1; i < argv.length; i++) {
            pubsub.subscribe(ctx, argv[i]);
            confirm(out, SUBSCRIBE, argv[i], ctx.subscriptionCount());
        }
    }

    /** UNSUBSCRIBE [channel [channel ...]]: without channels, from every channel. */
    static void unsubscribe(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        PubSub pubsub = ctx.engine().pubsub();
        List<byte[]> channels = argv.length > 1 ? arguments(argv)
                : ctx.subscriptionCount() == 0 ? List.of() : ctx.subscriptions().channels();
        if (channels.isEmpty()) {
            confirm(out, UNSUBSCRIBE, null, ctx.subscriptionCount());
            return;
        }
        for (byte[] channel : channels) {
            pubsub.unsubscribe(ctx, channel);
            confirm(out, UNSUBSCRIBE, channel, ctx.subscriptionCount());
        }
    }

    /** PSUBSCRIBE pattern [pattern ...] */
    static void psubscribe(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        PubSub pubsub = ctx.engine().pubsub();
        for (int i = 1; i < argv.length; i++) {
            pubsub.psubscribe(ctx, argv[i]);
            confirm(out, PSUBSCRIBE, argv[i], ctx.subscriptionCount());
        }
    }

    /** PUNSUBSCRIBE [pattern [pattern ...]]: without patterns, from every pattern. */
    static void punsubscribe(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        PubSub pubsub = ctx.engine().pubsub();
        List<byte[]> patterns = argv.length > 1 ? arguments(argv)
                : ctx.subscriptionCount() == 0 ? List.of() : ctx.subscriptions().patterns();
        if (patterns.isEmpty()) {
            confirm(out, PUNSUBSCRIBE, null, ctx.subscriptionCount());
            return;
        }
        for (byte[] pattern : patterns) {
            pubsub.punsubscribe(ctx, pattern);
            confirm(out, PUNSUBSCRIBE, pattern, ctx.subscriptionCount());
        }
    }

    /** One confirmation: [kind, name (null when there was nothing to unsubscribe from), count]. */
    private static void confirm(ReplyWriter out, byte[] kind, byte[] name, int count) {
        out.pushHeader(3);
        out.bulk(kind);
        if (name == null) {
            out.nullBulk();
        } else {
            out.bulk(name);
        }
        out.integer(count);
    }

    private static List<byte[]> arguments(byte[][] argv) {
        List<byte[]> list = new ArrayList<>(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            list.add(argv[i]);
        }
        return list;
    }

    // ---- publishing -----------------------------------------------------------------------------

    /** PUBLISH channel message — the number of clients that received it. */
    static void publish(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.engine().pubsub().publish(argv[1], argv[2]));
    }

    // ---- PUBSUB ---------------------------------------------------------------------------------

    /** PUBSUB CHANNELS [pattern] — channels with subscribers, in no particular order. */
    static void channels(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        checkAtMostOneArgument(argv);
        byte[] pattern = argv.length == 3 ? argv[2] : null;
        List<byte[]> matching = new ArrayList<>();
        ctx.engine().pubsub().forEachChannel(channel -> {
            if (pattern == null || Glob.matches(pattern, channel)) {
                matching.add(channel);
            }
        });
        out.arrayHeader(matching.size());
        for (byte[] channel : matching) {
            out.bulk(channel);
        }
    }

    /** PUBSUB NUMSUB [channel ...] — channel, count pairs (a flat array, also in RESP3). */
    static void numsub(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        PubSub pubsub = ctx.engine().pubsub();
        out.arrayHeader((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            out.bulk(argv[i]);
            out.integer(pubsub.subscriberCount(argv[i]));
        }
    }

    /** PUBSUB NUMPAT — patterns with at least one subscriber. */
    static void numpat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.engine().pubsub().patternCount());
    }

    /** PUBSUB SHARDCHANNELS [pattern] — shard channels (SSUBSCRIBE) are not supported: none are active. */
    static void shardchannels(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        checkAtMostOneArgument(argv);
        out.emptyArray();
    }

    /** PUBSUB SHARDNUMSUB [shardchannel ...] — every count is 0 (no SSUBSCRIBE). */
    static void shardnumsub(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            out.bulk(argv[i]);
            out.integer(0);
        }
    }

    /** PUBSUB HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }

    /** CHANNELS and SHARDCHANNELS take one optional pattern; Redis words the error as for an unknown subcommand. */
    private static void checkAtMostOneArgument(byte[][] argv) {
        if (argv.length > 3) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.UTF_8) + "'. Try PUBSUB HELP.");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
