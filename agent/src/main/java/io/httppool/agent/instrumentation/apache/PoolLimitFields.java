package io.httppool.agent.instrumentation.apache;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * The limits of an application's connection manager, read from its pool's fields without the pool's lock. The
 * managers' getters take that lock, and a handle reads both limits at every lease: with many threads on few cores
 * the leases queued on a lock nobody else needs, behind a holder the scheduler had preempted. Both versions' strict
 * pools ({@code AbstractConnPool} in 4.3 to 4.5, {@code StrictConnPool} in 5.x) keep {@code maxTotal} and
 * {@code defaultMaxPerRoute} in volatile fields; a route's own maximum lives in a map changed under the lock, so
 * while that map has any entry the answer is {@link #UNKNOWN} and the caller asks the getter, as it does for
 * another kind of pool or a version without these fields.
 */
public final class PoolLimitFields {
  public static final int UNKNOWN = -1;
  private static final PoolLimitFields NONE = new PoolLimitFields(null, null, null, null, null);

  private final Field pool;
  private final Class<?> poolClass;
  private final Field maxTotal;
  private final Field defaultMaxPerRoute;
  private final Field maxPerRoute;

  private PoolLimitFields(Field pool, Class<?> poolClass, Field maxTotal, Field defaultMaxPerRoute,
      Field maxPerRoute) {
    this.pool = pool;
    this.poolClass = poolClass;
    this.maxTotal = maxTotal;
    this.defaultMaxPerRoute = defaultMaxPerRoute;
    this.maxPerRoute = maxPerRoute;
  }

  /**
   * The manager's field holding its pool, and the pool's fields of the total limit, the limit of every route and
   * the map of routes' own limits (named by each version's code, which the compatibility tests check per family);
   * none when a field is missing or of another type.
   */
  public static PoolLimitFields of(Class<?> managerClass, String poolField, Class<?> poolClass, String maxTotalField,
      String defaultMaxPerRouteField, String maxPerRouteField) {
    try {
      Field pool = managerClass.getDeclaredField(poolField);
      Field maxTotal = poolClass.getDeclaredField(maxTotalField);
      Field defaultMaxPerRoute = poolClass.getDeclaredField(defaultMaxPerRouteField);
      Field maxPerRoute = poolClass.getDeclaredField(maxPerRouteField);
      if (maxTotal.getType() != int.class || defaultMaxPerRoute.getType() != int.class
          || maxPerRoute.getType() != Map.class) {
        return NONE;
      }
      for (Field field : new Field[] {pool, maxTotal, defaultMaxPerRoute, maxPerRoute}) {
        field.setAccessible(true);
      }
      return new PoolLimitFields(pool, poolClass, maxTotal, defaultMaxPerRoute, maxPerRoute);
    } catch (NoSuchFieldException | RuntimeException e) {
      return NONE;
    }
  }

  /** The manager's total limit, or {@link #UNKNOWN}. */
  public int maxTotal(Object manager) {
    Object connPool = poolOf(manager);
    try {
      return connPool == null ? UNKNOWN : maxTotal.getInt(connPool);
    } catch (IllegalAccessException e) {
      return UNKNOWN;
    }
  }

  /** The limit of every route, when no route has one of its own; otherwise {@link #UNKNOWN}. */
  public int maxPerRoute(Object manager) {
    Object connPool = poolOf(manager);
    try {
      return connPool == null || !((Map<?, ?>) maxPerRoute.get(connPool)).isEmpty() ? UNKNOWN
          : defaultMaxPerRoute.getInt(connPool);
    } catch (IllegalAccessException e) {
      return UNKNOWN;
    }
  }

  private Object poolOf(Object manager) {
    if (pool == null) {
      return null;
    }
    try {
      Object connPool = pool.get(manager);
      return poolClass.isInstance(connPool) ? connPool : null;
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
