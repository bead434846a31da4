package io.httppool.agent.instrumentation.urlconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.metrics.PoolMetrics;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the agent's idle settings map onto the JDK keep-alive cache's own codes. */
class UrlConnectionHooksTest {
  private final Maintenance maintenance = new Maintenance();

  @AfterEach
  void stop() {
    maintenance.shutdown();
  }

  private UrlConnectionHooks hooks(boolean jdkPropertiesSet, String... keyValues) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put("httppool." + keyValues[i], keyValues[i + 1]);
    }
    AgentConfig config = AgentConfig.load(properties, Collections.<String, String>emptyMap(), null);
    PoolState poolState = new PoolState();
    AgentContext context = new AgentContext(config, new Destinations(10), poolState,
        new PoolMetrics(OpenTelemetry.noop().getMeter("test"), poolState), maintenance);
    KeepAliveConnections connections = new KeepAliveConnections(context.recorder(),
        new LeakDetector(context.recorder(), 0, maintenance));
    return new UrlConnectionHooks(context, connections, jdkPropertiesSet, jdkPropertiesSet);
  }

  @Test
  void byDefaultTheServersTimeoutIsKeptUpToThirtySecondsAndAnUnhintedOneIsFive() throws Exception {
    UrlConnectionHooks hooks = hooks(false);
    URL url = new URL("http://example.com/x");
    assertEquals(5, hooks.keepAliveTimeout(url, 0), "no Keep-Alive header");
    assertEquals(5, hooks.keepAliveTimeout(url, -1), "Keep-Alive without timeout");
    assertEquals(3, hooks.keepAliveTimeout(url, 3), "the server's timeout=3");
    assertEquals(30, hooks.keepAliveTimeout(url, 120), "the server's timeout=120");
    assertEquals(-2, hooks.keepAliveTimeout(url, -2), "the server's timeout=0");
  }

  @Test
  void aConfiguredIdleTimeoutReplacesTheJdksGuess() throws Exception {
    UrlConnectionHooks hooks = hooks(false, "idle-timeout", "20s");
    URL url = new URL("http://example.com/x");
    assertEquals(20, hooks.keepAliveTimeout(url, 0));
    assertEquals(20, hooks.keepAliveTimeout(url, -1));
    assertEquals(5, hooks.keepAliveTimeout(url, 5));
  }

  @Test
  void perHostIdleTimeoutsRoundUpToWholeSecondsAndZeroClosesAtOnce() throws Exception {
    UrlConnectionHooks hooks = hooks(false, "host.slow.example.com.idle-timeout", "1500ms",
        "host.never.example.com.idle-timeout", "0s");
    assertEquals(2, hooks.keepAliveTimeout(new URL("https://slow.example.com/"), 0));
    assertEquals(-2, hooks.keepAliveTimeout(new URL("http://never.example.com/"), 0));
    assertEquals(5, hooks.keepAliveTimeout(new URL("http://other.example.com/"), 0));
  }

  @Test
  void theJdksOwnPropertiesWinWhenSet() throws Exception {
    UrlConnectionHooks hooks = hooks(true);
    URL url = new URL("http://example.com/");
    assertEquals(0, hooks.keepAliveTimeout(url, 0));
    assertEquals(5, hooks.keepAliveTimeout(url, 5));
    hooks.releasing(new Object(), url);
    assertEquals(5, hooks.maxIdle(5));
    hooks.released();
  }

  @Test
  void theIdleCapAppliesToTheDestinationBeingReleasedTo() throws Exception {
    UrlConnectionHooks hooks = hooks(false, "host.one.example.com.max-idle-per-host", "0");
    assertEquals(5, hooks.maxIdle(5), "outside a release the JDK's value stands");
    hooks.releasing(new Object(), new URL("http://example.com/"));
    assertEquals(64, hooks.maxIdle(5), "max-connections-per-host while max-idle-per-host is left at its default");
    hooks.released();
    hooks.releasing(new Object(), new URL("http://one.example.com/"));
    assertEquals(1, hooks.maxIdle(5), "the JDK cannot keep fewer than one");
    hooks.released();
    assertEquals(5, hooks.maxIdle(5));
  }

  @Test
  void aConfiguredIdleCapWinsAndMaxConnectionsPerHostBoundsIt() throws Exception {
    UrlConnectionHooks hooks = hooks(false, "max-idle-per-host", "8", "host.few.example.com.max-connections-per-host",
        "4", "host.many.example.com.max-idle-per-host", "100");
    assertEquals(8, releasingTo(hooks, "http://example.com/"));
    assertEquals(4, releasingTo(hooks, "http://few.example.com/"), "never more idle than connections per host");
    assertEquals(64, releasingTo(hooks, "https://many.example.com/"));
  }

  @Test
  void leftAtItsDefaultTheIdleCapFollowsMaxConnectionsPerHost() throws Exception {
    UrlConnectionHooks hooks = hooks(false, "max-connections-per-host", "200",
        "host.few.example.com.max-connections-per-host", "4");
    assertEquals(200, releasingTo(hooks, "http://example.com/"));
    assertEquals(4, releasingTo(hooks, "http://few.example.com/"));
  }

  private static int releasingTo(UrlConnectionHooks hooks, String url) throws Exception {
    hooks.releasing(new Object(), new URL(url));
    try {
      return hooks.maxIdle(5);
    } finally {
      hooks.released();
    }
  }
}
