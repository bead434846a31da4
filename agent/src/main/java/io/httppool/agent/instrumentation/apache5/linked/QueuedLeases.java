package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.instrumentation.apache.FullPool;
import io.httppool.agent.instrumentation.apache.PoolStatistics;
import java.lang.reflect.Field;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;

/**
 * Whether a lease had to wait for a connection because the pool was full ({@link FullPool}). Both 5.x pools (strict
 * and lax) serve a lease or queue it inside the manager's {@code lease}.
 */
final class QueuedLeases {
  /** The statistics of a 5.x pool, for the rules both versions share. */
  static final PoolStatistics<ConnPoolControl<HttpRoute>, HttpRoute, PoolStats> STATISTICS = new PoolStatistics<>(
      ConnPoolControl::getStats, ConnPoolControl::getTotalStats, PoolStats::getAvailable, PoolStats::getLeased,
      PoolStats::getMax);

  private QueuedLeases() {}

  /**
   * The pool's future that a classic manager's lease request holds: the local {@code leaseFuture} its anonymous
   * class captures, the field {@code val$leaseFuture} in every release from 5.0 to 5.5.
   */
  private static final ClassValue<Field> LEASE_FUTURE_FIELDS = new ClassValue<Field>() {
    @Override
    protected Field computeValue(Class<?> type) {
      try {
        Field field = type.getDeclaredField("val$leaseFuture");
        if (field.getType() != Future.class) {
          return null;
        }
        field.setAccessible(true);
        return field;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  /**
   * Right after a classic {@code lease} returned, the pool has served the lease or queued it: whether it queued
   * it. A done future of the pool's means served, lock-free; otherwise, or without that future, whether the route
   * has a queued lease, which may also be one another thread made in between (one take of the pool lock).
   */
  @SuppressWarnings("unchecked")
  static boolean leaseQueued(Object manager, HttpRoute route, Object leaseRequest) throws IllegalAccessException {
    Field field = LEASE_FUTURE_FIELDS.get(leaseRequest.getClass());
    if (field != null) {
      Object future = field.get(leaseRequest);
      if (future == null || ((Future<?>) future).isDone()) {
        return false;
      }
      // 5.0's pool completes a served lease's future in fireCallbacks, which another thread may be running: not
      // done yet is a queued lease only if the route has one
    }
    return manager instanceof ConnPoolControl
        && ((ConnPoolControl<HttpRoute>) manager).getStats(route).getPending() > 0;
  }

  /** Just before an async {@code lease}: whether the pool will queue it. */
  @SuppressWarnings("unchecked")
  static boolean leaseWouldWait(Object manager, HttpRoute route) {
    return manager instanceof ConnPoolControl
        && FullPool.leaseWouldWait(STATISTICS, (ConnPoolControl<HttpRoute>) manager, route);
  }
}
