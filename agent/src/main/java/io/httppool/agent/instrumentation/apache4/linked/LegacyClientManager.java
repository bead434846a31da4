package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import java.util.concurrent.TimeUnit;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.conn.ClientConnectionRequest;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ManagedClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.scheme.Scheme;
import org.apache.http.conn.scheme.SchemeRegistry;
import org.apache.http.impl.conn.PoolingClientConnectionManager;

/**
 * The manager one legacy client sees. It keeps the client's own scheme registry, which applications often change
 * after construction ({@code getConnectionManager().getSchemeRegistry().register(...)}): while that registry still
 * holds just the default http and https schemes, connections come from the shared pool; from the first change on,
 * from a pool of this client's own, on its registry, which {@link #shutdown()} closes as before.
 */
@SuppressWarnings("deprecation")
final class LegacyClientManager implements ClientConnectionManager {
  private final SchemeRegistry registry;
  private final Scheme defaultHttp;
  private final Scheme defaultHttps;
  private final PoolingClientConnectionManager shared;
  private final LegacyClients legacy;
  private volatile PoolingClientConnectionManager own;

  LegacyClientManager(SchemeRegistry registry, PoolingClientConnectionManager shared, LegacyClients legacy) {
    this.registry = registry;
    this.defaultHttp = registry.get("http");
    this.defaultHttps = registry.get("https");
    this.shared = shared;
    this.legacy = legacy;
  }

  @Override
  public SchemeRegistry getSchemeRegistry() {
    return registry;
  }

  private boolean registryUnchanged() {
    return registry.get("http") == defaultHttp && registry.get("https") == defaultHttps
        && registry.getSchemeNames().size() == 2;
  }

  private synchronized PoolingClientConnectionManager own() {
    if (own == null) {
      own = legacy.limited(new PoolingClientConnectionManager(registry));
    }
    return own;
  }

  @Override
  public ClientConnectionRequest requestConnection(HttpRoute route, Object state) {
    boolean useShared = own == null && registryUnchanged();
    PoolingClientConnectionManager manager = useShared ? shared : own();
    return new Request(manager.requestConnection(route, state), manager, route, legacy.destination(route, useShared),
        useShared);
  }

  @Override
  public void releaseConnection(ManagedClientConnection conn, long validDuration, TimeUnit timeUnit) {
    PoolingClientConnectionManager current = own;
    if (current == null) {
      shared.releaseConnection(conn, validDuration, timeUnit);
      return;
    }
    try {
      current.releaseConnection(conn, validDuration, timeUnit);
    } catch (IllegalStateException leasedFromTheSharedPool) {
      shared.releaseConnection(conn, validDuration, timeUnit);
    }
  }

  @Override
  public void closeIdleConnections(long idleTime, TimeUnit timeUnit) {
    PoolingClientConnectionManager current = own;
    if (current != null) {
      current.closeIdleConnections(idleTime, timeUnit);
    }
  }

  @Override
  public void closeExpiredConnections() {
    PoolingClientConnectionManager current = own;
    if (current != null) {
      current.closeExpiredConnections();
    }
  }

  @Override
  public void shutdown() {
    PoolingClientConnectionManager current = own;
    if (current != null) {
      current.shutdown();
    }
  }

  /**
   * Reports the lease, and its wait if it found the pool full or timed out; a request that would wait for ever on
   * the shared pool waits {@code acquire-timeout}.
   */
  private final class Request implements ClientConnectionRequest {
    private final ClientConnectionRequest delegate;
    private final PoolingClientConnectionManager manager;
    private final HttpRoute route;
    private final Destination destination;
    private final boolean sharedPool;

    Request(ClientConnectionRequest delegate, PoolingClientConnectionManager manager, HttpRoute route,
        Destination destination, boolean sharedPool) {
      this.delegate = delegate;
      this.manager = manager;
      this.route = route;
      this.destination = destination;
      this.sharedPool = sharedPool;
    }

    @Override
    public ManagedClientConnection getConnection(long timeout, TimeUnit timeUnit)
        throws InterruptedException, ConnectionPoolTimeoutException {
      if (sharedPool && timeout <= 0) {
        timeout = legacy.acquireTimeoutMillis();
        timeUnit = TimeUnit.MILLISECONDS;
      }
      LeaseWatch watch = new LeaseWatch(legacy.recorder(), destination,
          LeaseWatch.poolFull(ManagerRegistry.STATISTICS, manager, route, "apache4"));
      ManagedClientConnection connection;
      try {
        connection = delegate.getConnection(timeout, timeUnit);
      } catch (ConnectionPoolTimeoutException e) {
        watch.failed(true);
        throw e;
      }
      watch.handedOut();
      watch.acquired(connection.isOpen());
      return connection;
    }

    @Override
    public void abortRequest() {
      delegate.abortRequest();
    }
  }
}
