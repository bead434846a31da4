package io.httppool.agent.instrumentation.apache4.linked;

import java.lang.reflect.Field;
import java.util.Map;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.AbstractConnPool;

/**
 * The limits of an application's manager, read without its pool's lock. The manager's getters take that lock, and
 * a handle reads both limits at every lease: with many threads on few cores the leases queued on a lock nobody
 * else needs, behind a holder the scheduler had preempted. {@code maxTotal} and {@code defaultMaxPerRoute} are
 * volatile fields of {@code AbstractConnPool} in 4.3 to 4.5; a route's own maximum lives in a map changed under the
 * lock, so while that map has any entry the getter is asked, as before. Without those fields, the getters.
 */
final class PoolLimits {
  static final PoolLimits INSTANCE = create();

  private final Field pool;
  private final Field maxTotal;
  private final Field defaultMaxPerRoute;
  private final Field maxPerRoute;

  private PoolLimits(Field pool, Field maxTotal, Field defaultMaxPerRoute, Field maxPerRoute) {
    this.pool = pool;
    this.maxTotal = maxTotal;
    this.defaultMaxPerRoute = defaultMaxPerRoute;
    this.maxPerRoute = maxPerRoute;
  }

  private static PoolLimits create() {
    try {
      Field pool = PoolingHttpClientConnectionManager.class.getDeclaredField("pool");
      Field maxTotal = AbstractConnPool.class.getDeclaredField("maxTotal");
      Field defaultMaxPerRoute = AbstractConnPool.class.getDeclaredField("defaultMaxPerRoute");
      Field maxPerRoute = AbstractConnPool.class.getDeclaredField("maxPerRoute");
      if (!AbstractConnPool.class.isAssignableFrom(pool.getType()) || maxTotal.getType() != int.class
          || defaultMaxPerRoute.getType() != int.class || maxPerRoute.getType() != Map.class) {
        return new PoolLimits(null, null, null, null);
      }
      for (Field field : new Field[] {pool, maxTotal, defaultMaxPerRoute, maxPerRoute}) {
        field.setAccessible(true);
      }
      return new PoolLimits(pool, maxTotal, defaultMaxPerRoute, maxPerRoute);
    } catch (NoSuchFieldException | RuntimeException e) {
      return new PoolLimits(null, null, null, null);
    }
  }

  int maxTotal(PoolingHttpClientConnectionManager manager) {
    if (pool != null) {
      try {
        return maxTotal.getInt(pool.get(manager));
      } catch (IllegalAccessException e) {
        // the getter below
      }
    }
    return manager.getMaxTotal();
  }

  int maxPerRoute(PoolingHttpClientConnectionManager manager, HttpRoute route) {
    if (pool != null) {
      try {
        Object connPool = pool.get(manager);
        if (((Map<?, ?>) maxPerRoute.get(connPool)).isEmpty()) {
          return defaultMaxPerRoute.getInt(connPool);
        }
      } catch (IllegalAccessException e) {
        // the getter below
      }
    }
    return manager.getMaxPerRoute(route);
  }
}
