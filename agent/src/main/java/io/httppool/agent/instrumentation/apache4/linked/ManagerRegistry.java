package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.PoolView;
import io.httppool.agent.instrumentation.apache.PoolStatistics;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.ConnPoolControl;
import org.apache.http.pool.PoolStats;

/**
 * Every {@code PoolingHttpClientConnectionManager} of one HttpClient copy, held weakly, and the one pool view that
 * reports them all (leased, available, max and pending per route). The per-request lookup takes no lock for the
 * shared managers (kept for ever anyway, so held strongly) and for the last manager looked up.
 */
final class ManagerRegistry implements PoolView {
  /** The statistics of a 4.x pool, for the rules both versions share. */
  static final PoolStatistics<ConnPoolControl<HttpRoute>, HttpRoute, PoolStats> STATISTICS = new PoolStatistics<>(
      ConnPoolControl::getStats, ConnPoolControl::getTotalStats, PoolStats::getAvailable, PoolStats::getLeased,
      PoolStats::getMax);
  private static final Field SHUT_DOWN = field(PoolingHttpClientConnectionManager.class, "isShutDown");

  private final Map<PoolingHttpClientConnectionManager, ObservedManager> observed = new WeakHashMap<>();
  private final ConcurrentHashMap<PoolingHttpClientConnectionManager, ObservedManager> shared =
      new ConcurrentHashMap<>();
  private volatile ObservedManager last;

  /** Marks an observed manager as one the agent shares; the manager class has identity equality. */
  ObservedManager share(PoolingHttpClientConnectionManager manager, SharedPool pool) {
    ObservedManager one = observe(manager);
    one.shared = pool;
    shared.put(manager, one);
    return one;
  }

  ObservedManager observe(PoolingHttpClientConnectionManager manager) {
    ObservedManager found = findWithoutLock(manager);
    if (found != null) {
      return found;
    }
    synchronized (observed) {
      found = observed.get(manager);
      if (found == null) {
        found = new ObservedManager(manager);
        observed.put(manager, found);
      }
    }
    last = found;
    return found;
  }

  ObservedManager find(PoolingHttpClientConnectionManager manager) {
    ObservedManager found = findWithoutLock(manager);
    if (found != null) {
      return found;
    }
    synchronized (observed) {
      return observed.get(manager);
    }
  }

  /** The last manager looked up, or a shared one. */
  private ObservedManager findWithoutLock(PoolingHttpClientConnectionManager manager) {
    ObservedManager cached = last;
    return cached != null && cached.manager.get() == manager ? cached : shared.get(manager);
  }

  @Override
  public void observe(Observer observer) {
    List<ObservedManager> all;
    synchronized (observed) {
      all = new ArrayList<>(observed.values());
    }
    for (ObservedManager one : all) {
      PoolingHttpClientConnectionManager manager = one.manager.get();
      if (manager == null || isShutDown(manager)) {
        continue;
      }
      int maxTotal = manager.getMaxTotal();
      for (RouteState route : one.routes.values()) {
        PoolStats stats = manager.getStats(route.route);
        observer.destination(route.destination, stats.getLeased(), stats.getAvailable(),
            Math.min(stats.getMax(), maxTotal), stats.getPending());
      }
    }
  }

  private static boolean isShutDown(PoolingHttpClientConnectionManager manager) {
    try {
      return SHUT_DOWN != null && ((AtomicBoolean) SHUT_DOWN.get(manager)).get();
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  /** The connection manager of a client the builder made (InternalHttpClient's private field). */
  static Object managerOf(Object client) throws IllegalAccessException {
    for (Class<?> type = client.getClass(); type != null; type = type.getSuperclass()) {
      Field field = field(type, "connManager");
      if (field != null) {
        return field.get(client);
      }
    }
    return null;
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      return null;
    }
  }
}
