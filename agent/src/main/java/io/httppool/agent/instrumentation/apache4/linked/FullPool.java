package io.httppool.agent.instrumentation.apache4.linked;

import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.pool.ConnPoolControl;
import org.apache.http.pool.PoolStats;

/**
 * Whether a lease made now has to wait: the 4.x pool leases lazily, in {@code get}, and queues a lease only when
 * the route has no idle connection and no free slot, either for the route or in the whole pool (to make room it
 * closes idle connections of other routes). Read just before the lease: one more take of the pool lock, a second
 * one only when the route has neither an idle connection nor has reached its own limit.
 */
final class FullPool {
  private FullPool() {}

  static boolean leaseWouldWait(ConnPoolControl<HttpRoute> pool, HttpRoute route) {
    PoolStats stats = pool.getStats(route);
    if (stats.getAvailable() > 0) {
      return false;
    }
    if (stats.getLeased() >= stats.getMax()) {
      return true;
    }
    PoolStats total = pool.getTotalStats();
    return total.getLeased() >= total.getMax();
  }
}
