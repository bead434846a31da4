package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.PoolView;
import io.httppool.bootstrap.AgentStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;

/**
 * Every pooling manager (classic or async, the agent's or the application's) of one HttpClient copy, held
 * weakly so that an application's manager can be collected, reported per route when metrics are read.
 */
final class ObservedManagers implements PoolView {
  private final Routes routes;
  private final Map<ConnPoolControl<HttpRoute>, Boolean> managers =
      Collections.synchronizedMap(new WeakHashMap<ConnPoolControl<HttpRoute>, Boolean>());

  ObservedManagers(Routes routes) {
    this.routes = routes;
  }

  void add(ConnPoolControl<HttpRoute> manager) {
    managers.put(manager, Boolean.TRUE);
  }

  @Override
  public void observe(Observer observer) {
    List<ConnPoolControl<HttpRoute>> snapshot;
    synchronized (managers) {
      snapshot = new ArrayList<>(managers.keySet());
    }
    for (ConnPoolControl<HttpRoute> manager : snapshot) {
      try {
        int maxTotal = manager.getMaxTotal();
        for (HttpRoute route : manager.getRoutes()) {
          PoolStats stats = manager.getStats(route);
          // a route can have no more than the whole pool; a LAX pool reports no total (0)
          int max = maxTotal > 0 ? Math.min(stats.getMax(), maxTotal) : stats.getMax();
          observer.destination(routes.destination(route), stats.getLeased(), stats.getAvailable(),
              max, stats.getPending());
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 pool observation", t);
      }
    }
  }
}
