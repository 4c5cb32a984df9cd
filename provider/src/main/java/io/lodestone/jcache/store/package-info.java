/**
 * The provider's one interface to where entries live ({@link io.lodestone.jcache.store.CacheStore}),
 * and the key layout.
 *
 * <p>Key layout: the entry of cache {@code NAME} with key {@code K} is the Lodestone string key
 * {@code jcache:NAME:<codec bytes of K>} ({@code %} and {@code :} in the name escaped as {@code %25}
 * and {@code %3A}; the {@code jcache:} namespace is configurable), its value the codec bytes of the
 * value, its TTL the entry's expiry. So {@code redis-cli --scan --pattern 'jcache:users:*'} lists a
 * cache, and persistence, replication and expiry treat entries as any other key.
 */
package io.lodestone.jcache.store;
