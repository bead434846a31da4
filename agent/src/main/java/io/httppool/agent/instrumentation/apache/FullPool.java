package io.httppool.agent.instrumentation.apache;

/**
 * When a pool of either HttpClient version makes a lease wait: it serves a lease at once with an idle connection
 * of the route or a new one in a free slot, and queues it only when the route has no idle connection and no free
 * slot, either for the route or in the whole pool (to make room, 4.x closes idle connections of other routes).
 * Read just before the lease: one take of the pool lock, a second one only when the route has neither an idle
 * connection nor has reached its own limit. A 5.x lax pool has no total limit; its total maximum is the sum of the
 * routes' maxima, reached only when this route is full too.
 */
public final class FullPool {
  private FullPool() {}

  public static <P, R, S> boolean leaseWouldWait(PoolStatistics<P, R, S> statistics, P pool, R route) {
    S stats = statistics.ofRoute(pool, route);
    if (statistics.available(stats) > 0) {
      return false;
    }
    if (statistics.leased(stats) >= statistics.max(stats)) {
      return true;
    }
    S total = statistics.ofPool(pool);
    return statistics.leased(total) >= statistics.max(total);
  }
}
