package io.lodestone.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code client-output-buffer-limit}: per client class (normal, replica, pubsub) a hard limit in
 * bytes (reached: the client is closed at once), a soft limit and the seconds the output may stay
 * above it before the client is closed; 0 disables a limit. A value read from one config line or
 * one CONFIG SET may name only some classes (null for the others): applying it changes only those.
 */
public record OutputBufferLimits(Limit normal, Limit replica, Limit pubsub) {
    /** One class's limits. */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
        /** True when neither limit applies (Redis's "normal 0 0 0"). */
        public boolean isNone() {
            return hardBytes == 0 && softBytes == 0;
        }
    }

    private static final long MB = 1024L * 1024;

    /** Redis 7.0's default: "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60". */
    public static final OutputBufferLimits DEFAULT = new OutputBufferLimits(new Limit(0, 0, 0),
            new Limit(256 * MB, 64 * MB, 60), new Limit(32 * MB, 8 * MB, 60));

    /** These limits with the classes {@code update} names replaced. */
    public OutputBufferLimits with(OutputBufferLimits update) {
        return new OutputBufferLimits(update.normal != null ? update.normal : normal,
                update.replica != null ? update.replica : replica, update.pubsub != null ? update.pubsub : pubsub);
    }

    /** As CONFIG GET shows it: {@code normal 0 0 0 slave 268435456 67108864 60 pubsub ...}. */
    public String format() {
        List<String> parts = new ArrayList<>(3);
        append(parts, "normal", normal);
        append(parts, "slave", replica);
        append(parts, "pubsub", pubsub);
        return String.join(" ", parts);
    }

    private static void append(List<String> parts, String name, Limit limit) {
        if (limit != null) {
            parts.add(name + " " + limit.hardBytes + " " + limit.softBytes + " " + limit.softSeconds);
        }
    }

    /**
     * Groups of four words, {@code <class> <hard> <soft> <soft seconds>}, all checked before any is
     * taken; the reasons are Redis 7.0's.
     */
    static OutputBufferLimits parse(List<String> words) throws BadValueException {
        if (words.size() % 4 != 0) {
            throw new BadValueException("Wrong number of arguments in buffer limit configuration.");
        }
        Limit normal = null;
        Limit replica = null;
        Limit pubsub = null;
        for (int i = 0; i < words.size(); i += 4) {
            String name = words.get(i).toLowerCase(Locale.ROOT);
            Limit limit = new Limit(bytes(words.get(i + 1)), bytes(words.get(i + 2)), seconds(words.get(i + 3)));
            switch (name) {
                case "normal" -> normal = limit;
                case "replica", "slave" -> replica = limit;
                case "pubsub" -> pubsub = limit;
                default -> throw new BadValueException("Invalid client class specified in buffer limit configuration.");
            }
        }
        return new OutputBufferLimits(normal, replica, pubsub);
    }

    private static BadValueException badLimit() {
        return new BadValueException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }

    /** Redis's memtoull: digits and an optional unit (b, k, kb, m, mb, g, gb), no sign. */
    private static long bytes(String v) throws BadValueException {
        int end = 0;
        while (end < v.length() && v.charAt(end) >= '0' && v.charAt(end) <= '9') {
            end++;
        }
        long multiplier = switch (v.substring(end).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> MB;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024 * MB;
            default -> throw badLimit();
        };
        long value = 0;
        for (int i = 0; i < end; i++) {
            int digit = v.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw badLimit();
            }
            value = value * 10 + digit;
        }
        if (value > Long.MAX_VALUE / multiplier) {
            throw badLimit();
        }
        return value * multiplier;
    }

    /** strtoll with nothing after the digits, and not negative. */
    private static long seconds(String v) throws BadValueException {
        try {
            long s = Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
            if (s < 0 || v.isEmpty()) {
                throw badLimit();
            }
            return s;
        } catch (NumberFormatException e) {
            throw badLimit();
        }
    }
}
