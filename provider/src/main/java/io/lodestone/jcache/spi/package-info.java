/** The CachingProvider found through {@code META-INF/services/javax.cache.spi.CachingProvider}, and the engines it owns. */
package io.lodestone.jcache.spi;
