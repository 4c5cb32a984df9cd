/**
 * Entry events: decided inside the store's atomic step, delivered per (listener, key) in order,
 * synchronous listeners awaited by the caller after the step, asynchronous ones on an executor.
 * EXPIRED events come from the engine's own expiry (lazy or active) through the store.
 */
package io.lodestone.jcache.event;
