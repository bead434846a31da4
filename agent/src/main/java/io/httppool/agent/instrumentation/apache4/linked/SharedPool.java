package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.CountedEviction;
import io.httppool.agent.instrumentation.apache.RaisedLimits;
import io.httppool.agent.instrumentation.apache.SharedPools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.http.conn.HttpClientConnectionManager;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.PoolStats;

/**
 * One pooling manager the agent shares between every client built with the same connection settings. Its limits
 * come from the agent's configuration; the agent closes its expired and idle connections once a second, and its
 * stale-connection guard checks each idle connection before reuse.
 */
final class SharedPool implements SharedPools.Pool {
  final PoolingHttpClientConnectionManager manager;
  final ObservedManager observed;
  final long acquireTimeoutMillis;
  private final AgentConfig config;
  private final PoolRecorder recorder;
  private final PoolSettings defaults;
  private final RaisedLimits<HttpRoute> limits;

  SharedPool(PoolingHttpClientConnectionManager manager, ObservedManager observed, AgentConfig config,
      PoolRecorder recorder) {
    this.manager = manager;
    this.observed = observed;
    this.config = config;
    this.recorder = recorder;
    this.defaults = config.defaultPoolSettings();
    this.acquireTimeoutMillis = defaults.acquireTimeoutMillis();
    manager.setMaxTotal(config.maxConnections());
    limits = new RaisedLimits<>(manager::setMaxTotal, manager::getMaxPerRoute, manager::setMaxPerRoute,
        config.maxConnections());
    manager.setDefaultMaxPerRoute(Math.min(defaults.maxConnectionsPerHost(), config.maxConnections()));
    turnOffLibraryValidation(manager);
  }

  /**
   * The stale-connection guard probes idle connections instead (after the host's {@code validate-after-inactivity})
   * and learns the server's idle timeout from the closed ones it finds; the library's check would find them first
   * and teach nothing. 4.4+ only: 4.3 has no such check (it checks per request when the request config asks).
   */
  private static void turnOffLibraryValidation(PoolingHttpClientConnectionManager manager) {
    try {
      manager.setValidateAfterInactivity(0);
    } catch (NoSuchMethodError httpClient43) {
      // nothing to turn off
    }
  }

  HttpClientConnectionManager forClient() {
    return new NonClosingManager(manager);
  }

  /** A route seen for the first time: a per-host override of the connection limit applies from now on. */
  void routeAdded(HttpRoute route, String host, int port) {
    PoolSettings settings = config.poolSettings(host, port);
    if (settings.maxConnectionsPerHost() != defaults.maxConnectionsPerHost()) {
      limits.configure(route, Math.min(settings.maxConnectionsPerHost(), config.maxConnections()));
    }
  }

  /** See {@link RaisedLimits#allowAtLeast}. */
  void allowAtLeast(HttpRoute route, int perRoute, int total) {
    limits.allowAtLeast(route, perRoute, total);
  }

  int knownMaxPerRoute(HttpRoute route) {
    return limits.knownMaxPerRoute(route);
  }

  /** Idle connections of the route, without making the pool keep statistics for a route it never served. */
  int idle(HttpRoute route) {
    return observed.routes.containsKey(route) ? manager.getStats(route).getAvailable() : 0;
  }

  /** Runs on the maintenance thread: expired and idle connections, each eviction counted. */
  @Override
  public void evict() {
    CountedEviction.run(new ArrayList<>(observed.routes.values()), route -> open(route.route),
        route -> route.destination, manager::closeExpiredConnections,
        () -> manager.closeIdleConnections(defaults.idleTimeoutMillis(), TimeUnit.MILLISECONDS), recorder);
  }

  private int open(HttpRoute route) {
    PoolStats stats = manager.getStats(route);
    return stats.getLeased() + stats.getAvailable();
  }
}
