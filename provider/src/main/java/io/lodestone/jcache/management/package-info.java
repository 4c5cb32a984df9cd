/** Statistics and the JMX beans of the specification (CacheMXBean, CacheStatisticsMXBean). */
package io.lodestone.jcache.management;
