package io.lodestone.engine.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client's subscriptions, in the order they were made (Redis keeps a dict and a list). Changed
 * only through {@link PubSub}, under the engine lock.
 */
public final class Subscriptions {
    final Set<Name> channels = new LinkedHashSet<>();
    final Set<Name> patterns = new LinkedHashSet<>();

    /** Channels plus patterns: the count SUBSCRIBE and UNSUBSCRIBE reply with (CLIENT LIST sub + psub). */
    public int count() {
        return channels.size() + patterns.size();
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    /** A copy of the channel names, for UNSUBSCRIBE without arguments. */
    public List<byte[]> channels() {
        return names(channels);
    }

    /** A copy of the patterns, for PUNSUBSCRIBE without arguments. */
    public List<byte[]> patterns() {
        return names(patterns);
    }

    private static List<byte[]> names(Set<Name> set) {
        List<byte[]> list = new ArrayList<>(set.size());
        for (Name n : set) {
            list.add(n.bytes());
        }
        return list;
    }
}
