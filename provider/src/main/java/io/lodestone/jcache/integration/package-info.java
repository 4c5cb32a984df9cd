/** Read-through (CacheLoader) and write-through (CacheWriter) with the specification's failure rules. */
package io.lodestone.jcache.integration;
