package io.lodestone.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's beans in the platform MBean server under the names the specification uses:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 */
public final class JmxRegistration {
    public enum Kind {
        CONFIGURATION("CacheConfiguration"),
        STATISTICS("CacheStatistics");

        final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private JmxRegistration() {}

    public static synchronized void register(URI manager, String cache, Kind kind, Object bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = name(manager, cache, kind);
        try {
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (InstanceAlreadyExistsException e) {
            // registered meanwhile: the same cache, nothing to do
        } catch (Exception e) {
            throw new CacheException("cannot register " + name, e);
        }
    }

    public static synchronized void unregister(URI manager, String cache, Kind kind) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = name(manager, cache, kind);
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (Exception e) {
            throw new CacheException("cannot unregister " + name, e);
        }
    }

    static ObjectName name(URI manager, String cache, Kind kind) {
        try {
            return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager=" + safe(manager.toString())
                    + ",Cache=" + safe(cache));
        } catch (MalformedObjectNameException e) {
            throw new CacheException(e);
        }
    }

    /** ObjectName values may not hold these characters unquoted. */
    private static String safe(String s) {
        return s.replaceAll("[:=\n,]", ".");
    }
}
