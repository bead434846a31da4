package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.instrumentation.apache.PoolStatistics;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;

/** The pool statistics of HttpClient 5.x, for the rules both versions share. */
enum Apache5Statistics implements PoolStatistics<ConnPoolControl<HttpRoute>, HttpRoute, PoolStats> {
  INSTANCE;

  @Override
  public PoolStats ofRoute(ConnPoolControl<HttpRoute> pool, HttpRoute route) {
    return pool.getStats(route);
  }

  @Override
  public PoolStats ofPool(ConnPoolControl<HttpRoute> pool) {
    return pool.getTotalStats();
  }

  @Override
  public int available(PoolStats stats) {
    return stats.getAvailable();
  }

  @Override
  public int leased(PoolStats stats) {
    return stats.getLeased();
  }

  @Override
  public int max(PoolStats stats) {
    return stats.getMax();
  }
}
