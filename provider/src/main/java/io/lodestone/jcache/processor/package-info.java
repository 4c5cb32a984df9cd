/** Entry processors: the MutableEntry seen inside the atomic step, and invokeAll's results. */
package io.lodestone.jcache.processor;
