package io.lodestone.engine.command;

import java.util.Locale;

/** Command flags, named as COMMAND INFO shows them. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, NO_MANDATORY_KEYS, NO_ASYNC_LOADING, NO_MULTI,
    MOVABLEKEYS, ALLOW_BUSY;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name as it appears in COMMAND INFO, e.g. {@code denyoom}. */
    public String wireName() {
        return wireName;
    }

    public long bit() {
        return 1L << ordinal();
    }
}
