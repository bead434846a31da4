package io.httppool.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.CountingRecorder;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.metrics.PoolMetrics;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JmxPoolsTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final PoolState state = new PoolState();
  private final Destinations destinations = new Destinations(10);
  private final PoolRecorder recorder =
      new CountingRecorder(new PoolMetrics(OpenTelemetry.noop().getMeter("test"), state));

  @AfterEach
  void unregister() throws Exception {
    for (ObjectName name : server.queryNames(new ObjectName(JmxPools.DOMAIN + ":type=Pool,*"), null)) {
      server.unregisterMBean(name);
    }
  }

  @Test
  void eachDestinationOnceWithItsFigures() throws Exception {
    Destination apache = destinations.get(Client.APACHE4, "https", "api.example.com", 443);
    state.register(observer -> observer.destination(apache, 3, 1, 4, 0));
    recorder.connectionAcquired(apache, false);
    recorder.connectionAcquired(apache, true);
    JmxPools pools = new JmxPools(destinations, state, null, "1.2.3");

    pools.registerNew();
    pools.registerNew();

    ObjectName name = new ObjectName("io.httppool:type=Pool,client=apache4,host=api.example.com,port=443,"
        + "scheme=https");
    assertTrue(server.isRegistered(name));
    assertEquals(1, server.queryNames(new ObjectName("io.httppool:*"), null).size());
    assertEquals(0.75, server.getAttribute(name, "Utilization"));
    assertEquals(0.5, server.getAttribute(name, "ReuseRate"));
    assertEquals(4, server.getAttribute(name, "Max"));
    assertEquals("-", server.getAttribute(name, "Status"));
    String report = (String) server.invoke(name, "report", new Object[0], new String[0]);
    assertTrue(report.contains("https://api.example.com:443"), report);
  }

  @Test
  void hostsWithReservedCharactersAreQuoted() throws Exception {
    Destination ipv6 = destinations.get(Client.OKHTTP, "http", "::1", 8080);
    new JmxPools(destinations, state, null, "1.2.3").registerNew();

    ObjectName name = JmxPools.name(ipv6);
    assertEquals("\"::1\"", name.getKeyProperty("host"));
    assertEquals("::1", server.getAttribute(name, "Host"));
  }
}
