package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.CountedEviction;
import io.httppool.agent.instrumentation.apache.PoolLimitFields;
import io.httppool.agent.instrumentation.apache.SharedPools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
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
  /** The total limit, raised by handles; see {@link #allowAtLeast}. */
  private volatile int maxTotal;
  /** The per-route limits handles have checked or raised. */
  private final ConcurrentHashMap<HttpRoute, Integer> routeLimits = new ConcurrentHashMap<>();

  SharedPool(PoolingHttpClientConnectionManager manager, ObservedManager observed, AgentConfig config,
      PoolRecorder recorder) {
    this.manager = manager;
    this.observed = observed;
    this.config = config;
    this.recorder = recorder;
    this.defaults = config.defaultPoolSettings();
    this.acquireTimeoutMillis = defaults.acquireTimeoutMillis();
    maxTotal = config.maxConnections();
    manager.setMaxTotal(maxTotal);
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
      synchronized (this) {
        Integer handleAsked = routeLimits.get(route);
        int limit = Math.min(settings.maxConnectionsPerHost(), config.maxConnections());
        manager.setMaxPerRoute(route, handleAsked == null ? limit : Math.max(limit, handleAsked));
      }
    }
  }

  /**
   * A handle onto this pool may hold up to {@code perRoute} connections of the route and {@code total} in all (the
   * limits of the application's own manager): the pool's limits are raised to them where they are lower, and never
   * lowered again, so that no client gets fewer connections than its own manager would give it.
   */
  void allowAtLeast(HttpRoute route, int perRoute, int total) {
    if (total > maxTotal) {
      synchronized (this) {
        if (total > maxTotal) {
          maxTotal = total;
          manager.setMaxTotal(total);
        }
      }
    }
    Integer known = routeLimits.get(route);
    if (known != null && known >= perRoute) {
      return;
    }
    synchronized (this) {
      int now = manager.getMaxPerRoute(route);
      if (perRoute > now) {
        manager.setMaxPerRoute(route, perRoute);
      }
      routeLimits.put(route, Math.max(perRoute, now));
    }
  }

  /** The route's limit as this pool last set or read it (limits here only rise), or {@link PoolLimitFields#UNKNOWN}. */
  int knownMaxPerRoute(HttpRoute route) {
    Integer known = routeLimits.get(route);
    return known == null ? PoolLimitFields.UNKNOWN : known;
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
