package io.lodestone.engine.pubsub;

import io.lodestone.engine.EngineConfig;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (Redis's notify.c): an event about a key is published to
 * {@code __keyspace@<db>__:<key>} (message: the event name) when class K is enabled and to
 * {@code __keyevent@<db>__:<event>} (message: the key) when class E is, provided the event's own
 * class is enabled in {@code notify-keyspace-events}. With notifications off (the default) a call
 * costs one read and one branch.
 *
 * <p><b>How commands emit events.</b> After a command has changed a key, call
 * {@code ctx.notify(Notifier.<CLASS>, "<event>", key)}, once per event, in Redis 7.0's order (the
 * event names are Redis's, see its notify.c and each command's page). For example:
 * <ul>
 *   <li>LPUSH/RPUSH: {@code notify(LIST, "lpush"|"rpush", key)}; LPOP/RPOP {@code "lpop"/"rpop"},
 *       LINSERT {@code "linsert"}, LSET {@code "lset"}, LREM {@code "lrem"}, LTRIM {@code "ltrim"},
 *       LMOVE {@code "lpop"/"rpop"} on the source then {@code "lpush"/"rpush"} on the destination;
 *       a list emptied by a pop also gets {@code notify(GENERIC, "del", key)} after its event.</li>
 *   <li>Sets: {@code "sadd"}, {@code "srem"}, {@code "spop"}, SMOVE {@code "srem"} on the source
 *       and {@code "sadd"} on the destination, SINTERSTORE/SUNIONSTORE/SDIFFSTORE
 *       {@code "sinterstore"/"sunionstore"/"sdiffstore"} (or {@code "del"} of the destination
 *       when the result is empty) — class SET.</li>
 *   <li>Sorted sets: {@code "zadd"}, {@code "zincr"}, {@code "zrem"}, {@code "zremrangebyscore"},
 *       {@code "zremrangebyrank"}, {@code "zremrangebylex"}, {@code "zpopmin"/"zpopmax"},
 *       {@code "zinterstore"/"zunionstore"/"zdiffstore"/"zrangestore"} — class ZSET.</li>
 *   <li>Any key that a command removes because it became empty: {@code notify(GENERIC, "del", key)}
 *       after the type's own event.</li>
 * </ul>
 * The engine itself emits {@code "expired"} (EXPIRED) when a key expires, {@code "new"} (NEW) when a
 * key is created and {@code "keymiss"} (KEY_MISS) on read misses; eviction must emit
 * {@code notify(EVICTED, "evicted", key)}.
 */
public final class Notifier {
    // the class bits, as Redis's NOTIFY_* (the values do not show outside, but keep them equal)
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 12;
    public static final int NEW = 1 << 13;
    /** Flag A: every class but key-miss and new. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** CONFIG SET's reason for a character that is not a class. */
    public static final String INVALID_FLAGS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "__:".getBytes(StandardCharsets.US_ASCII);

    private final EngineConfig config;
    private final PubSub pubsub;

    public Notifier(EngineConfig config, PubSub pubsub) {
        this.config = config;
        this.pubsub = pubsub;
    }

    /** Whether events of this class are published at all (to skip work that only feeds them). */
    public boolean enabled(int type) {
        return (config.notifyKeyspaceEvents() & type) != 0;
    }

    /** Publishes the event about {@code key} in database {@code db}, if its class is enabled. */
    public void notify(int type, String event, byte[] key, int db) {
        int flags = config.notifyKeyspaceEvents();
        if ((flags & type) == 0) {
            return; // the common case: notifications off
        }
        if (!pubsub.hasSubscribers()) {
            return; // nobody could receive it
        }
        byte[] dbDigits = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & KEYSPACE) != 0) {
            pubsub.publish(channel(KEYSPACE_PREFIX, dbDigits, key), eventBytes);
        }
        if ((flags & KEYEVENT) != 0) {
            pubsub.publish(channel(KEYEVENT_PREFIX, dbDigits, eventBytes), key);
        }
    }

    private static byte[] channel(byte[] prefix, byte[] db, byte[] name) {
        byte[] c = new byte[prefix.length + db.length + SUFFIX.length + name.length];
        int at = 0;
        System.arraycopy(prefix, 0, c, at, prefix.length);
        at += prefix.length;
        System.arraycopy(db, 0, c, at, db.length);
        at += db.length;
        System.arraycopy(SUFFIX, 0, c, at, SUFFIX.length);
        at += SUFFIX.length;
        System.arraycopy(name, 0, c, at, name.length);
        return c;
    }

    // ---- the notify-keyspace-events setting -----------------------------------------------------

    /** The classes named by a flag string, or -1 if it holds a character that is not a class. */
    public static int parseFlags(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            flags |= switch (classes.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> {
                    yield Integer.MIN_VALUE;
                }
            };
        }
        return flags < 0 ? -1 : flags;
    }

    /** The flag string CONFIG GET shows: classes in Redis's order, "A" for all of them (which hides "n"). */
    public static String formatFlags(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            appendIf(sb, flags, GENERIC, 'g');
            appendIf(sb, flags, STRING, '$');
            appendIf(sb, flags, LIST, 'l');
            appendIf(sb, flags, SET, 's');
            appendIf(sb, flags, HASH, 'h');
            appendIf(sb, flags, ZSET, 'z');
            appendIf(sb, flags, EXPIRED, 'x');
            appendIf(sb, flags, EVICTED, 'e');
            appendIf(sb, flags, STREAM, 't');
            appendIf(sb, flags, MODULE, 'd');
            appendIf(sb, flags, NEW, 'n');
        }
        appendIf(sb, flags, KEYSPACE, 'K');
        appendIf(sb, flags, KEYEVENT, 'E');
        appendIf(sb, flags, KEY_MISS, 'm');
        return sb.toString();
    }

    private static void appendIf(StringBuilder sb, int flags, int bit, char c) {
        if ((flags & bit) != 0) {
            sb.append(c);
        }
    }
}
