/**
 * The Lodestone JCache (JSR-107) provider: the cache manager, the cache proxy and its entries.
 * Entries are real Lodestone keys (see {@link io.lodestone.jcache.store} for the key layout).
 */
package io.lodestone.jcache;
