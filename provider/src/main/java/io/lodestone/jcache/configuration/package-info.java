/** Provider settings: manager properties over the documented defaults. */
package io.lodestone.jcache.configuration;
