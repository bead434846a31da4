package io.httppool.agent.instrumentation.apache5.linked;

import java.lang.reflect.Field;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;

/**
 * Whether a lease had to wait for a connection because the pool was full. Both 5.x pools (strict and lax) serve a
 * lease at once, inside the manager's {@code lease}, with an idle connection or a new one in a free slot, and
 * queue it only when the route has no idle connection and no free slot, either for the route or in the whole pool.
 */
final class FullPool {
  private FullPool() {}

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
   * it. Exact and lock-free from the pool's future (not done yet); without that future, whether the route has a
   * queued lease, which may also be one another thread made in between (one take of the pool lock).
   */
  static boolean leaseQueued(Object manager, HttpRoute route, Object leaseRequest) throws IllegalAccessException {
    Field field = LEASE_FUTURE_FIELDS.get(leaseRequest.getClass());
    if (field != null) {
      Object future = field.get(leaseRequest);
      return future != null && !((Future<?>) future).isDone();
    }
    return manager instanceof ConnPoolControl && stats(manager, route).getPending() > 0;
  }

  /**
   * Just before an async {@code lease}: whether the pool will queue it. One take of the pool lock, a second one
   * only when the route has neither an idle connection nor has reached its own limit. A lax pool has no total
   * limit; its total maximum is the sum of the routes' maxima, reached only when this route is full too.
   */
  static boolean leaseWouldWait(Object manager, HttpRoute route) {
    if (!(manager instanceof ConnPoolControl)) {
      return false;
    }
    PoolStats stats = stats(manager, route);
    if (stats.getAvailable() > 0) {
      return false;
    }
    if (stats.getLeased() >= stats.getMax()) {
      return true;
    }
    PoolStats total = ((ConnPoolControl<?>) manager).getTotalStats();
    return total.getLeased() >= total.getMax();
  }

  @SuppressWarnings("unchecked")
  private static PoolStats stats(Object manager, HttpRoute route) {
    return ((ConnPoolControl<HttpRoute>) manager).getStats(route);
  }
}
