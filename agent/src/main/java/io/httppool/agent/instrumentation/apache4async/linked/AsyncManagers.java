package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.core.PoolView;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;
import org.apache.http.nio.pool.AbstractNIOConnPool;
import org.apache.http.pool.PoolStats;

/**
 * Every {@code PoolingNHttpClientConnectionManager} of one HttpAsyncClient copy that served a lease, held weakly
 * (the shared ones strongly, they live as long as the agent), and the pool view that reports them all: leased,
 * available, max and pending per route. A manager that was shut down is no longer reported. The per-lease lookup
 * takes no lock for the shared managers and for the last manager looked up.
 */
final class AsyncManagers implements PoolView {
  private static final Field POOL = poolField();

  private final Map<PoolingNHttpClientConnectionManager, ObservedAsyncManager> observed = new WeakHashMap<>();
  private final ConcurrentHashMap<PoolingNHttpClientConnectionManager, ObservedAsyncManager> shared =
      new ConcurrentHashMap<>();
  private volatile ObservedAsyncManager last;

  ObservedAsyncManager share(PoolingNHttpClientConnectionManager manager) {
    ObservedAsyncManager one = observe(manager);
    shared.put(manager, one);
    return one;
  }

  ObservedAsyncManager observe(PoolingNHttpClientConnectionManager manager) {
    ObservedAsyncManager cached = last;
    if (cached != null && cached.manager.get() == manager) {
      return cached;
    }
    ObservedAsyncManager found = shared.get(manager);
    if (found == null) {
      synchronized (observed) {
        found = observed.get(manager);
        if (found == null) {
          found = new ObservedAsyncManager(manager);
          observed.put(manager, found);
        }
      }
    }
    last = found;
    return found;
  }

  @Override
  public void observe(Observer observer) {
    List<ObservedAsyncManager> all;
    synchronized (observed) {
      all = new ArrayList<>(observed.values());
    }
    for (ObservedAsyncManager one : all) {
      PoolingNHttpClientConnectionManager manager = one.manager.get();
      if (manager == null || isShutDown(manager)) {
        continue;
      }
      int maxTotal = manager.getMaxTotal();
      for (AsyncRoute route : one.routes.values()) {
        PoolStats stats = manager.getStats(route.route);
        observer.destination(route.destination, stats.getLeased(), stats.getAvailable(),
            Math.min(stats.getMax(), maxTotal), stats.getPending());
      }
    }
  }

  /** Its pool says so; where the pool cannot be read, the manager is taken to be running. */
  private static boolean isShutDown(PoolingNHttpClientConnectionManager manager) {
    Object pool = poolOf(manager);
    return pool instanceof AbstractNIOConnPool && ((AbstractNIOConnPool<?, ?, ?>) pool).isShutdown();
  }

  /** The manager's connection pool (a private field), or null where it cannot be read. */
  static Object poolOf(PoolingNHttpClientConnectionManager manager) {
    try {
      return POOL == null ? null : POOL.get(manager);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static Field poolField() {
    try {
      Field field = PoolingNHttpClientConnectionManager.class.getDeclaredField("pool");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      return null;
    }
  }
}
