package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.instrumentation.apache.PoolLimitFields;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.StrictConnPool;

/**
 * The limits of an application's classic 5.x manager: from its strict pool's fields ({@link PoolLimitFields}),
 * else (a lax pool, or a route with a limit of its own) the getters.
 */
final class PoolLimits {
  private static final PoolLimitFields FIELDS = PoolLimitFields.of(PoolingHttpClientConnectionManager.class, "pool",
      StrictConnPool.class, "maxTotal", "defaultMaxPerRoute", "maxPerRoute");

  private PoolLimits() {}

  static int maxTotal(PoolingHttpClientConnectionManager manager) {
    int max = FIELDS.maxTotal(manager);
    return max != PoolLimitFields.UNKNOWN ? max : manager.getMaxTotal();
  }

  static int maxPerRoute(PoolingHttpClientConnectionManager manager, HttpRoute route) {
    int max = FIELDS.maxPerRoute(manager);
    return max != PoolLimitFields.UNKNOWN ? max : manager.getMaxPerRoute(route);
  }
}
