/**
 * Expiry policies as store deadlines. Entries expire in the engine itself (a TTL on the key, lazy
 * and active expiry), so there is no expiry wrapper per entry.
 */
package io.lodestone.jcache.expiry;
