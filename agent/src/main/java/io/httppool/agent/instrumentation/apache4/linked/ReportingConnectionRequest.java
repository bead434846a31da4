package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.apache.FullPool;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import io.httppool.agent.instrumentation.apache.PoolLimitFields;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * The manager's own lease request, reporting whether the connection was new or reused, and the wait of a lease
 * that found the pool full or timed out. On a shared pool a request that would wait for ever (the library's
 * default) waits {@code acquire-timeout} instead and then fails as the library would, with
 * {@link ConnectionPoolTimeoutException}. An idle connection the stale-connection guard refuses is shut down and
 * given back, so that the pool discards it, and the lease is made again, within what is left of the timeout.
 */
final class ReportingConnectionRequest implements ConnectionRequest {
  /** Each refusal discards an idle connection, so the pool soon runs out of them; this only bounds a pathology. */
  private static final int MAX_REFUSALS = 256;

  private final LeaseReporter reporter;
  private final ObservedManager observed;
  private final RouteState route;
  private final Object state;
  private volatile ConnectionRequest current;

  ReportingConnectionRequest(ConnectionRequest delegate, LeaseReporter reporter, ObservedManager observed,
      RouteState route, Object state) {
    this.current = delegate;
    this.reporter = reporter;
    this.observed = observed;
    this.route = route;
    this.state = state;
  }

  @Override
  public HttpClientConnection get(long timeout, TimeUnit timeUnit)
      throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
    SharedPool shared = observed.shared;
    if (shared != null && timeout <= 0) {
      timeout = shared.acquireTimeoutMillis;
      timeUnit = TimeUnit.MILLISECONDS;
    }
    boolean waitRecorded = HandleConnectionRequest.waitRecorded();
    int othersOfRoute = route.leasing.getAndIncrement();
    int others = observed.leasing.getAndIncrement();
    boolean handedOut = false;
    try {
      LeaseWatch watch = reporter.watch(route, !waitRecorded && mayFindPoolFull(othersOfRoute, others));
      long deadline = timeout > 0 ? System.nanoTime() + timeUnit.toNanos(timeout) : 0;
      for (int refusals = 0; ; refusals++) {
        HttpClientConnection connection;
        try {
          connection = current.get(timeout, timeUnit);
        } catch (ConnectionPoolTimeoutException e) {
          watch.failed(!waitRecorded);
          throw e;
        }
        long idleNanos = refusals < MAX_REFUSALS ? idleNanosIfReusable(connection) : 0;
        if (idleNanos != LeaseReporter.REFUSED) {
          watch.handedOut();
          reporter.leased(observed, route, connection, idleNanos, watch);
          handedOut = true;
          return connection;
        }
        current = discardAndRequestAgain(connection);
        if (deadline != 0) {
          // the pool reads a timeout below 1 ms as none at all
          timeout = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
          timeUnit = TimeUnit.MILLISECONDS;
        }
      }
    } finally {
      if (!handedOut) {
        route.leasing.decrementAndGet();
        observed.leasing.decrementAndGet();
      }
    }
  }

  /**
   * Whether this lease may find the pool full ({@link FullPool}). The leases of this manager that asked before it
   * and have not given their connection back are never fewer than the connections the pool has leased (they count
   * from before the pool's lease to the start of the release), so while they stay below both limits the pool has
   * room: answered without the pool's lock, which the pool's statistics take (twice when the route is full). A
   * release counted as ended while the pool is still taking it back may hide a wait that ends with it.
   */
  private boolean mayFindPoolFull(int othersOfRoute, int others) {
    PoolingHttpClientConnectionManager manager = observed.manager.get();
    if (manager == null) {
      return false;
    }
    int maxTotal = PoolLimits.maxTotalWithoutLock(manager);
    int maxRoute = PoolLimits.maxPerRouteWithoutLock(manager, route.route, observed.shared);
    if (maxTotal != PoolLimitFields.UNKNOWN && maxRoute != PoolLimitFields.UNKNOWN && others < maxTotal
        && othersOfRoute < maxRoute) {
      return false;
    }
    return LeaseWatch.poolFull(ManagerRegistry.STATISTICS, manager, route.route, "apache4");
  }

  private long idleNanosIfReusable(HttpClientConnection connection) {
    try {
      return reporter.idleNanosIfReusable(observed, route, connection);
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 stale-connection guard", e);
      return 0;
    }
  }

  private ConnectionRequest discardAndRequestAgain(HttpClientConnection connection) {
    PoolingHttpClientConnectionManager manager = observed.manager.get();
    try {
      connection.shutdown();
    } catch (IOException alreadyBroken) {
      // closed either way
    }
    // a connection released closed leaves the pool (the advice sees no lease of it: nothing is reported)
    manager.releaseConnection(connection, null, 0, TimeUnit.MILLISECONDS);
    ConnectionRequest again = manager.requestConnection(route.route, state);
    return again instanceof ReportingConnectionRequest ? ((ReportingConnectionRequest) again).current : again;
  }

  @Override
  public boolean cancel() {
    return current.cancel();
  }
}
