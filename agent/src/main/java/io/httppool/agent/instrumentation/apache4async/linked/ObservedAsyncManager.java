package io.httppool.agent.instrumentation.apache4async.linked;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;

/**
 * What the agent knows of one {@code PoolingNHttpClientConnectionManager}, shared or the application's: the routes
 * it served (asking the pool for the statistics of a route it never served would make it keep one). Holds the
 * manager weakly, so that an application's manager can be collected.
 */
final class ObservedAsyncManager {
  final WeakReference<PoolingNHttpClientConnectionManager> manager;
  final ConcurrentHashMap<HttpRoute, AsyncRoute> routes = new ConcurrentHashMap<>();
  volatile SharedEngine shared;

  ObservedAsyncManager(PoolingNHttpClientConnectionManager manager) {
    this.manager = new WeakReference<>(manager);
  }
}
