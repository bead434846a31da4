package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.apache.PoolLimitFields;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.AbstractConnPool;

/** The limits of an application's 4.x manager: from its pool's fields ({@link PoolLimitFields}), else the getters. */
final class PoolLimits {
  private static final PoolLimitFields FIELDS = PoolLimitFields.of(PoolingHttpClientConnectionManager.class, "pool",
      AbstractConnPool.class, "maxTotal", "defaultMaxPerRoute", "maxPerRoute");

  private PoolLimits() {}

  static int maxTotal(PoolingHttpClientConnectionManager manager) {
    int max = FIELDS.maxTotal(manager);
    return max != PoolLimitFields.UNKNOWN ? max : manager.getMaxTotal();
  }

  /** The total limit without the pool's lock, or {@link PoolLimitFields#UNKNOWN}. */
  static int maxTotalWithoutLock(PoolingHttpClientConnectionManager manager) {
    return FIELDS.maxTotal(manager);
  }

  /**
   * No more than the route's limit, without the pool's lock: the limit of every route, or the one the agent's
   * shared pool last set for it; {@link PoolLimitFields#UNKNOWN} when neither is known.
   */
  static int maxPerRouteWithoutLock(PoolingHttpClientConnectionManager manager, HttpRoute route, SharedPool shared) {
    int max = FIELDS.maxPerRoute(manager);
    return max != PoolLimitFields.UNKNOWN || shared == null ? max : shared.knownMaxPerRoute(route);
  }

  static int maxPerRoute(PoolingHttpClientConnectionManager manager, HttpRoute route) {
    int max = FIELDS.maxPerRoute(manager);
    return max != PoolLimitFields.UNKNOWN ? max : manager.getMaxPerRoute(route);
  }
}
