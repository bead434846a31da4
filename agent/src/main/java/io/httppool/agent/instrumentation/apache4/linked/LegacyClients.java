package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.core.PoolView;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.BasicClientConnectionManager;
import org.apache.http.impl.conn.PoolingClientConnectionManager;
import org.apache.http.impl.conn.SchemeRegistryFactory;
import org.apache.http.pool.PoolStats;

/**
 * Legacy {@code DefaultHttpClient} (deprecated since 4.3, still common): a client left with its default manager
 * (a single-connection {@code BasicClientConnectionManager}) gets a {@link LegacyClientManager} on one shared
 * {@code PoolingClientConnectionManager} with the default scheme registry, limited and evicted by the agent.
 */
@SuppressWarnings("deprecation")
final class LegacyClients implements PoolView {
  private final AgentConfig config;
  private final ClientDestinations destinations;
  private final PoolState poolState;
  private final PoolRecorder recorder;
  private final PoolSettings defaults;
  private final ConcurrentHashMap<HttpRoute, Destination> routes = new ConcurrentHashMap<>();
  private volatile PoolingClientConnectionManager shared;

  LegacyClients(AgentContext context) {
    this.config = context.config();
    this.destinations = context.destinations().of(Client.APACHE4);
    this.poolState = context.poolState();
    this.recorder = context.recorder();
    this.defaults = config.defaultPoolSettings();
    context.maintenance().every("apache4 legacy eviction", this::evict);
  }

  Object managerCreated(Object client, Object manager) {
    // only the default: a manager from ClientPNames.CONNECTION_MANAGER_FACTORY_CLASS_NAME is the application's
    if (manager == null || manager.getClass() != BasicClientConnectionManager.class) {
      return manager;
    }
    BasicClientConnectionManager basic = (BasicClientConnectionManager) manager;
    LegacyClientManager replacement = new LegacyClientManager(basic.getSchemeRegistry(), shared(), this);
    basic.shutdown();
    return replacement;
  }

  private PoolingClientConnectionManager shared() {
    PoolingClientConnectionManager pool = shared;
    if (pool == null) {
      synchronized (this) {
        pool = shared;
        if (pool == null) {
          pool = limited(new PoolingClientConnectionManager(SchemeRegistryFactory.createDefault()));
          shared = pool;
          poolState.register(this);
        }
      }
    }
    return pool;
  }

  PoolingClientConnectionManager limited(PoolingClientConnectionManager manager) {
    manager.setMaxTotal(config.maxConnections());
    manager.setDefaultMaxPerRoute(Math.min(defaults.maxConnectionsPerHost(), config.maxConnections()));
    return manager;
  }

  long acquireTimeoutMillis() {
    return defaults.acquireTimeoutMillis();
  }

  /** The destination of a route of the shared pool; applies a per-host limit the first time a route is seen. */
  Destination destination(HttpRoute route, boolean sharedPool) {
    Destination destination = routes.get(route);
    if (destination != null) {
      return destination;
    }
    HttpHost target = route.getTargetHost();
    destination = destinations.get(target.getSchemeName(), target.getHostName(), target.getPort());
    if (sharedPool && routes.putIfAbsent(route, destination) == null) {
      PoolSettings settings = config.poolSettings(target.getHostName(), destination.port());
      if (settings.maxConnectionsPerHost() != defaults.maxConnectionsPerHost()) {
        shared.setMaxPerRoute(route, Math.min(settings.maxConnectionsPerHost(), config.maxConnections()));
      }
    }
    return destination;
  }

  PoolRecorder recorder() {
    return recorder;
  }

  private void evict() {
    PoolingClientConnectionManager pool = shared;
    if (pool != null) {
      pool.closeExpiredConnections();
      pool.closeIdleConnections(defaults.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void observe(Observer observer) {
    PoolingClientConnectionManager pool = shared;
    if (pool == null) {
      return;
    }
    int maxTotal = pool.getMaxTotal();
    for (java.util.Map.Entry<HttpRoute, Destination> route : routes.entrySet()) {
      PoolStats stats = pool.getStats(route.getKey());
      observer.destination(route.getValue(), stats.getLeased(), stats.getAvailable(),
          Math.min(stats.getMax(), maxTotal), stats.getPending());
    }
  }
}
