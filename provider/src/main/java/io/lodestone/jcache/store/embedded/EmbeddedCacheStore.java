package io.lodestone.jcache.store.embedded;

import io.lodestone.jcache.store.CacheStore;
import io.lodestone.jcache.store.StoreEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** A cache's entries in this JVM's engine: one Redis command per step, under the engine lock. */
final class EmbeddedCacheStore implements CacheStore {
    /** Keys per DEL when clearing, to bound one command's argv. */
    private static final int CLEAR_BATCH = 512;

    private final EmbeddedEngine node;
    private final ReentrantLock lock;
    private final byte[] prefix;
    private ExpiryListener expiryListener;

    EmbeddedCacheStore(EmbeddedEngine node, byte[] prefix) {
        this.node = node;
        this.lock = node.lock();
        this.prefix = prefix;
    }

    @Override
    public byte[] prefix() {
        return prefix;
    }

    @Override
    public long now() {
        return node.clockMillis();
    }

    @Override
    public byte[] get(byte[] key) {
        return node.read(key);
    }

    @Override
    public void put(byte[] key, byte[] value, long expireAt) {
        node.acquireFor(key);
        try {
            node.set(key, value, expireAt);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean containsKey(byte[] key) {
        node.acquire();
        try {
            return node.exists(key);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <R> R compute(byte[] key, EntryFunction<R> function) {
        node.acquireFor(key);
        try {
            byte[] current = node.get(key);
            Step step = new Step(key, current, node.now());
            R result = function.apply(step);
            step.commit(node);
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long scan(long cursor, int count, List<byte[]> out) {
        node.acquire();
        try {
            return node.scan(cursor, count, prefix, out::add);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long clear() {
        long deleted = 0;
        long cursor = 0;
        List<byte[]> page = new ArrayList<>();
        do {
            page.clear();
            node.acquire();
            try {
                cursor = node.scan(cursor, CLEAR_BATCH, prefix, page::add);
                for (int from = 0; from < page.size(); from += CLEAR_BATCH) {
                    List<byte[]> batch = page.subList(from, Math.min(page.size(), from + CLEAR_BATCH));
                    deleted += node.del(batch.toArray(new byte[0][]));
                }
            } finally {
                lock.unlock();
            }
        } while (cursor != 0);
        return deleted;
    }

    @Override
    public synchronized void onExpiry(ExpiryListener listener) {
        if (expiryListener != null) {
            node.unroute(expiryListener);
        }
        expiryListener = listener;
        node.route(prefix, listener);
    }

    @Override
    public synchronized void close() {
        if (expiryListener != null) {
            node.unroute(expiryListener);
            expiryListener = null;
        }
    }

    /** The decision of one compute step, applied after the function returns. */
    private static final class Step implements StoreEntry {
        private static final int NONE = 0;
        private static final int SET = 1;
        private static final int EXPIRE = 2;
        private static final int REMOVE = 3;

        private final byte[] key;
        private final byte[] value;
        private final long now;
        private int action = NONE;
        private byte[] newValue;
        private long expireAt;
        private List<Runnable> afterCommit;

        Step(byte[] key, byte[] value, long now) {
            this.key = key;
            this.value = value;
            this.now = now;
        }

        @Override
        public byte[] key() {
            return key;
        }

        @Override
        public byte[] value() {
            return value;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void set(byte[] newValue, long expireAt) {
            this.action = SET;
            this.newValue = newValue;
            this.expireAt = expireAt;
        }

        @Override
        public void setExpireAt(long expireAt) {
            this.action = value == null ? NONE : EXPIRE;
            this.expireAt = expireAt;
        }

        @Override
        public void remove() {
            this.action = value == null ? NONE : REMOVE;
        }

        @Override
        public void afterCommit(Runnable action) {
            if (afterCommit == null) {
                afterCommit = new ArrayList<>(1);
            }
            afterCommit.add(action);
        }

        void commit(EmbeddedEngine node) {
            switch (action) {
                case SET -> node.set(key, newValue, expireAt);
                case EXPIRE -> {
                    if (expireAt != CacheStore.KEEP_TTL) {
                        node.setExpireAt(key, expireAt);
                    }
                }
                case REMOVE -> node.del(key);
                default -> { }
            }
            if (afterCommit != null) {
                for (Runnable action : afterCommit) {
                    action.run();
                }
            }
        }
    }
}
