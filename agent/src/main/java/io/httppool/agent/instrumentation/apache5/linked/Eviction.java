package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.PoolRecorder;
import java.lang.reflect.Field;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.function.Callback;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.LaxConnPool;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.hc.core5.util.TimeValue;

/**
 * Closes the idle and expired connections of a manager the agent runs, on the maintenance thread. It walks the
 * available entries of the manager's pool the way the pool's own {@code closeIdle}/{@code closeExpired} do, so
 * that it can count each eviction; where the pool cannot be reached it calls those methods and counts nothing.
 */
final class Eviction {
  private final PoolRecorder recorder;
  private final Routes routes;
  private final Object pool;

  /** Holds the manager's pool, never the manager itself, so that a weak map keyed by the manager can let go. */
  Eviction(PoolRecorder recorder, Routes routes, ConnPoolControl<HttpRoute> manager) {
    this.recorder = recorder;
    this.routes = routes;
    this.pool = poolOf(manager);
  }

  void run(ConnPoolControl<HttpRoute> manager, long idleTimeoutMillis) {
    if (pool == null) {
      manager.closeIdle(TimeValue.ofMilliseconds(idleTimeoutMillis));
      manager.closeExpired();
      return;
    }
    final long now = System.currentTimeMillis();
    final long idleDeadline = now - Math.max(0, idleTimeoutMillis);
    Callback<PoolEntry<HttpRoute, ?>> evictor = new Callback<PoolEntry<HttpRoute, ?>>() {
      @Override
      public void execute(PoolEntry<HttpRoute, ?> entry) {
        if (!entry.hasConnection()) {
          return;
        }
        String reason = null;
        if (entry.getExpiryDeadline().isBefore(now)) {
          reason = "expired";
        } else if (entry.getUpdated() <= idleDeadline) {
          reason = "idle";
        }
        if (reason != null) {
          entry.discardConnection(CloseMode.GRACEFUL);
          recorder.evicted(routes.destination(entry.getRoute()), reason);
        }
      }
    };
    enumAvailable(pool, evictor);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void enumAvailable(Object pool, Callback evictor) {
    if (pool instanceof StrictConnPool) {
      ((StrictConnPool) pool).enumAvailable(evictor);
    } else {
      ((LaxConnPool) pool).enumAvailable(evictor);
    }
  }

  private static Object poolOf(Object manager) {
    try {
      Field field = manager.getClass().getDeclaredField("pool");
      field.setAccessible(true);
      Object pool = field.get(manager);
      return pool instanceof StrictConnPool || pool instanceof LaxConnPool ? pool : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
