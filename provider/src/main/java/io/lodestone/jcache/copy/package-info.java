/**
 * How cache keys and values become engine bytes and back: the {@link io.lodestone.jcache.copy.Codec}
 * SPI, the default codec (compact JDK types, Java serialisation for the rest) and the
 * store-by-reference identity table.
 */
package io.lodestone.jcache.copy;
