package io.httppool.agent.jmx;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolState;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link PoolMXBean} per destination in the platform MBean server, from the maintenance thread
 * and only once the first destination appears: the agent never touches JMX at start-up (some applications
 * install their own MBean server builder or logging manager first, and expect to be first). A failure is
 * logged once, and JMX is left alone from then on.
 */
public final class JmxPools {
  public static final String DOMAIN = "io.httppool";
  private static final Logger log = LoggerFactory.getLogger(JmxPools.class);

  private final Destinations destinations;
  private final PoolState poolState;
  private final PoolEvents events;
  private final String agentVersion;
  private final Set<Destination> registered = Collections.newSetFromMap(new IdentityHashMap<Destination, Boolean>());
  private volatile boolean failed;

  JmxPools(Destinations destinations, PoolState poolState, PoolEvents events, String agentVersion) {
    this.destinations = destinations;
    this.poolState = poolState;
    this.events = events;
    this.agentVersion = agentVersion;
  }

  public static void start(AgentConfig config, Destinations destinations, PoolState poolState, PoolEvents events,
      Maintenance maintenance, String agentVersion) {
    if (!config.jmxEnabled()) {
      return;
    }
    final JmxPools pools = new JmxPools(destinations, poolState, events, agentVersion);
    maintenance.every("jmx registration", new Runnable() {
      @Override
      public void run() {
        pools.registerNew();
      }
    });
  }

  /** The name of a destination's MBean; values with characters JMX reserves (an IPv6 host's colons) are quoted. */
  public static ObjectName name(Destination destination) throws javax.management.MalformedObjectNameException {
    return new ObjectName(DOMAIN + ":type=Pool,client=" + value(destination.client().id())
        + ",host=" + value(destination.host()) + ",port=" + destination.port()
        + ",scheme=" + value(destination.scheme()));
  }

  private static String value(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (",=:\"*?\\\n".indexOf(text.charAt(i)) >= 0) {
        return ObjectName.quote(text);
      }
    }
    return text;
  }

  void registerNew() {
    if (failed) {
      return;
    }
    MBeanServer server = null;
    for (Destination destination : destinations.all()) {
      if (registered.contains(destination)) {
        continue;
      }
      try {
        if (server == null) {
          server = ManagementFactory.getPlatformMBeanServer();
        }
        ObjectName name = name(destination);
        if (!server.isRegistered(name)) {
          server.registerMBean(new StandardMBean(new Pool(destination, destinations, poolState, events, agentVersion),
              PoolMXBean.class, true), name);
        }
        registered.add(destination);
      } catch (Throwable t) {
        failed = true;
        log.warn("pools are not visible in JMX: registering {} failed ({})", destination, t.toString());
        return;
      }
    }
  }
}
