package io.lodestone.jcache.event;

import io.lodestone.jcache.store.ByteKey;
import javax.cache.event.EventType;

/**
 * An event decided inside an atomic step and published after it. Keys and values may be known as
 * objects (those the caller passed) or only as stored bytes, decoded when a listener needs them and
 * at most once.
 */
public final class PendingEvent {
    final EventType type;
    final ByteKey key;
    private Object keyObject;
    private Object value;
    private byte[] valueBytes;
    private Object oldValue;
    private byte[] oldBytes;

    /**
     * @param value      the new value (CREATED, UPDATED) or null to decode {@code valueBytes}
     * @param oldValue   the previous value as an object when known (by-reference caches), else null
     * @param oldBytes   the previous stored value (UPDATED, REMOVED, EXPIRED), or null
     */
    public PendingEvent(EventType type, byte[] engineKey, Object keyObject, Object value, byte[] valueBytes,
                        Object oldValue, byte[] oldBytes) {
        this.type = type;
        this.key = new ByteKey(engineKey);
        this.keyObject = keyObject;
        this.value = value;
        this.valueBytes = valueBytes;
        this.oldValue = oldValue;
        this.oldBytes = oldValue == null ? oldBytes : null;
    }

    public EventType type() {
        return type;
    }

    synchronized Object key(Decoder decoder) {
        if (keyObject == null) {
            keyObject = decoder.decodeKey(key.bytes());
        }
        return keyObject;
    }

    synchronized Object value(Decoder decoder) {
        if (value == null && valueBytes != null) {
            value = decoder.decodeValue(valueBytes);
            valueBytes = null;
        }
        return value;
    }

    synchronized Object oldValue(Decoder decoder) {
        if (oldValue == null && oldBytes != null) {
            oldValue = decoder.decodeValue(oldBytes);
            oldBytes = null;
        }
        return oldValue;
    }

    /** How the cache turns stored bytes back into objects. */
    public interface Decoder {
        Object decodeKey(byte[] engineKey);

        Object decodeValue(byte[] bytes);
    }
}
