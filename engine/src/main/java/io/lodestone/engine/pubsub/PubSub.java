package io.lodestone.engine.pubsub;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who listens to which channel and pattern (Redis's pubsub.c), and delivery of published messages.
 * A message reaches each subscriber through its out-of-band writer ({@link
 * CommandContext#openAsync()}): a RESP3 push, or an array in RESP2. Everything here runs under the
 * engine lock.
 */
public final class PubSub {
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] PMESSAGE = ascii("pmessage");

    /** Channel to its subscribers, in subscription order. */
    private final Map<Name, Set<CommandContext>> channels = new HashMap<>();
    /** Pattern to its subscribers; patterns in the order they were first subscribed. */
    private final Map<Name, Set<CommandContext>> patterns = new LinkedHashMap<>();

    // ---- subscribing ----------------------------------------------------------------------------

    /** Subscribes the client to a channel; false if it already was. */
    public boolean subscribe(CommandContext ctx, byte[] channel) {
        Name name = new Name(channel);
        if (!ctx.subscriptions().channels.add(name)) {
            return false;
        }
        channels.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(ctx);
        return true;
    }

    /** Unsubscribes the client from a channel; false if it was not subscribed. */
    public boolean unsubscribe(CommandContext ctx, byte[] channel) {
        Name name = new Name(channel);
        if (ctx.subscriptionCount() == 0 || !ctx.subscriptions().channels.remove(name)) {
            return false;
        }
        remove(channels, name, ctx);
        return true;
    }

    /** Subscribes the client to a glob-style pattern; false if it already was. */
    public boolean psubscribe(CommandContext ctx, byte[] pattern) {
        Name name = new Name(pattern);
        if (!ctx.subscriptions().patterns.add(name)) {
            return false;
        }
        patterns.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(ctx);
        return true;
    }

    /** Unsubscribes the client from a pattern; false if it was not subscribed. */
    public boolean punsubscribe(CommandContext ctx, byte[] pattern) {
        Name name = new Name(pattern);
        if (ctx.subscriptionCount() == 0 || !ctx.subscriptions().patterns.remove(name)) {
            return false;
        }
        remove(patterns, name, ctx);
        return true;
    }

    /** Drops every subscription of a client (it disconnected, or RESET). */
    public void unsubscribeAll(CommandContext ctx) {
        if (ctx.subscriptionCount() == 0) {
            return;
        }
        Subscriptions subs = ctx.subscriptions();
        for (Name name : subs.channels) {
            remove(channels, name, ctx);
        }
        for (Name name : subs.patterns) {
            remove(patterns, name, ctx);
        }
        subs.channels.clear();
        subs.patterns.clear();
    }

    private static void remove(Map<Name, Set<CommandContext>> map, Name name, CommandContext ctx) {
        Set<CommandContext> subscribers = map.get(name);
        if (subscribers != null && subscribers.remove(ctx) && subscribers.isEmpty()) {
            map.remove(name);
        }
    }

    // ---- publishing -----------------------------------------------------------------------------

    /**
     * Delivers a message to the channel's subscribers, then to the subscribers of every matching
     * pattern; returns how many deliveries were made (PUBLISH's reply).
     */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        if (!channels.isEmpty()) {
            Set<CommandContext> subscribers = channels.get(new Name(channel));
            if (subscribers != null) {
                for (CommandContext ctx : subscribers) {
                    ReplyWriter out = ctx.openAsync();
                    out.pushHeader(3);
                    out.bulk(MESSAGE);
                    out.bulk(channel);
                    out.bulk(message);
                    ctx.closeAsync();
                    receivers++;
                }
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<Name, Set<CommandContext>> e : patterns.entrySet()) {
                byte[] pattern = e.getKey().bytes();
                if (!Glob.matches(pattern, channel)) {
                    continue;
                }
                for (CommandContext ctx : e.getValue()) {
                    ReplyWriter out = ctx.openAsync();
                    out.pushHeader(4);
                    out.bulk(PMESSAGE);
                    out.bulk(pattern);
                    out.bulk(channel);
                    out.bulk(message);
                    ctx.closeAsync();
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** Whether anyone subscribes to anything: publishers can skip building a message otherwise. */
    public boolean hasSubscribers() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    // ---- introspection (PUBSUB, INFO) -----------------------------------------------------------

    /** Channels with at least one subscriber (INFO pubsub_channels). */
    public int channelCount() {
        return channels.size();
    }

    /** Patterns with at least one subscriber (INFO pubsub_patterns, PUBSUB NUMPAT). */
    public int patternCount() {
        return patterns.size();
    }

    /** Subscribers of one channel, patterns not counted (PUBSUB NUMSUB). */
    public int subscriberCount(byte[] channel) {
        Set<CommandContext> subscribers = channels.get(new Name(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Visits every channel with subscribers (PUBSUB CHANNELS). */
    public void forEachChannel(Consumer<byte[]> visitor) {
        for (Name name : channels.keySet()) {
            visitor.accept(name.bytes());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
