/**
 * The embedded store: caches whose entries live in this JVM's Lodestone engine, written through the
 * engine's dispatcher so that the write stream (AOF, replicas) sees every change.
 */
package io.lodestone.jcache.store.embedded;
