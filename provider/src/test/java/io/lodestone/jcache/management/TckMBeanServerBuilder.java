package io.lodestone.jcache.management;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * The MBeanServerBuilder the TCK asks for ({@code javax.management.builder.initial}): the platform
 * server it builds reports the agent id named by {@code org.jsr107.tck.management.agentId}, so the
 * TCK can find it with {@code MBeanServerFactory.findMBeanServer(agentId)}.
 */
public final class TckMBeanServerBuilder extends MBeanServerBuilder {
    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        return super.newMBeanServer(defaultDomain, outer, new AgentIdDelegate());
    }

    @Override
    public MBeanServerDelegate newMBeanServerDelegate() {
        return new AgentIdDelegate();
    }

    private static final class AgentIdDelegate extends MBeanServerDelegate {
        @Override
        public synchronized String getMBeanServerId() {
            return System.getProperty("org.jsr107.tck.management.agentId", super.getMBeanServerId());
        }
    }
}
