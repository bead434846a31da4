package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.instrumentation.apache.IdentityKey;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * What the agent knows of one {@code PoolingHttpClientConnectionManager}, shared or the application's: the routes
 * it served (4.3 has no getRoutes(), and getStats(route) would create a pool for an unknown route) and the
 * outstanding leases. Holds the manager weakly, so an application's manager can be collected.
 */
final class ObservedManager {
  /** One outstanding lease. */
  static final class Lease {
    final RouteState route;
    /** When the connection was opened, if this lease opened it; 0 for a reused connection. */
    final long openedNanos;
    final LeakDetector.Lease leak;

    Lease(RouteState route, long openedNanos, LeakDetector.Lease leak) {
      this.route = route;
      this.openedNanos = openedNanos;
      this.leak = leak;
    }
  }

  final WeakReference<PoolingHttpClientConnectionManager> manager;
  final ConcurrentHashMap<HttpRoute, RouteState> routes = new ConcurrentHashMap<>();
  /** Keyed by the per-lease connection proxy. */
  final ConcurrentHashMap<IdentityKey, Lease> leases = new ConcurrentHashMap<>();
  /** Leases asked of the pool and not yet given back, of every route ({@link ReportingConnectionRequest}). */
  final AtomicInteger leasing = new AtomicInteger();
  volatile SharedPool shared;
  /** Made inside HttpClientBuilder.build() for its client, not by the application: never a handle. */
  volatile boolean madeByBuilder;
  /** For the application's own manager, decided at its first lease: its {@link ManagerHandle}, or null. */
  volatile ManagerHandle handle;
  volatile boolean handleDecided;

  ObservedManager(PoolingHttpClientConnectionManager manager) {
    this.manager = new WeakReference<>(manager);
  }
}
