package io.lodestone.jcache.expiry;

import io.lodestone.jcache.store.CacheStore;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * A cache's {@link ExpiryPolicy} turned into store deadlines, with the specification's rules: a
 * zero duration expires the entry at once, a null duration for an update or an access leaves the
 * deadline as it is, and a policy that throws is treated as "eternal" on creation and "unchanged"
 * otherwise (so a broken policy never loses an entry it did not mean to).
 */
public final class Expiry {
    /** The entry expires now: do not store it (creation) or remove it (update, access). */
    public static final long EXPIRED = Long.MIN_VALUE;

    private final ExpiryPolicy policy;

    public Expiry(ExpiryPolicy policy) {
        this.policy = policy;
    }

    public ExpiryPolicy policy() {
        return policy;
    }

    /** The deadline of a new entry: {@link CacheStore#NO_EXPIRY}, {@link #EXPIRED} or an instant in ms. */
    public long forCreation(long now) {
        Duration duration;
        try {
            duration = policy.getExpiryForCreation();
        } catch (Throwable t) {
            return CacheStore.NO_EXPIRY;
        }
        return duration == null ? CacheStore.NO_EXPIRY : deadline(duration, now);
    }

    /** The deadline after an update: {@link CacheStore#KEEP_TTL} when the policy leaves it alone. */
    public long forUpdate(long now) {
        Duration duration;
        try {
            duration = policy.getExpiryForUpdate();
        } catch (Throwable t) {
            return CacheStore.KEEP_TTL;
        }
        return duration == null ? CacheStore.KEEP_TTL : deadline(duration, now);
    }

    /** The deadline after a read: {@link CacheStore#KEEP_TTL} when the policy leaves it alone. */
    public long forAccess(long now) {
        Duration duration;
        try {
            duration = policy.getExpiryForAccess();
        } catch (Throwable t) {
            return CacheStore.KEEP_TTL;
        }
        return duration == null ? CacheStore.KEEP_TTL : deadline(duration, now);
    }

    static long deadline(Duration duration, long now) {
        if (duration.isEternal()) {
            return CacheStore.NO_EXPIRY;
        }
        if (duration.isZero()) {
            return EXPIRED;
        }
        long ms = duration.getTimeUnit().toMillis(duration.getDurationAmount());
        if (ms <= 0) {
            return EXPIRED;
        }
        long at = now + ms;
        return at < now ? CacheStore.NO_EXPIRY : at; // beyond the end of time: never
    }
}
