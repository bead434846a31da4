package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.apache.HandleLeases;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * A lease through a {@link ManagerHandle}: first a place within the limits of the application's manager, then a
 * connection from the shared pool (whose own lease reports it, guards it against staleness and applies the agent's
 * acquire timeout when the application set none), both within the application's timeout.
 */
final class HandleConnectionRequest implements ConnectionRequest, HandleLeases.Lease {
  private final ManagerHandle handle;
  private final PoolingHttpClientConnectionManager own;
  private final HttpRoute route;
  private final Object state;
  /** Records the wait of a lease that found this client at its own limit: once, gate and shared pool together. */
  private final LeaseWatch watch;
  private boolean waitedAtLimit;
  private volatile boolean cancelled;
  private volatile ConnectionRequest fromShared;

  HandleConnectionRequest(ManagerHandle handle, PoolingHttpClientConnectionManager own, HttpRoute route,
      Object state, LeaseWatch watch) {
    this.handle = handle;
    this.own = own;
    this.route = route;
    this.state = state;
    this.watch = watch;
  }

  @Override
  public HttpClientConnection get(long timeout, TimeUnit timeUnit)
      throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
    long deadline = timeout > 0 ? System.nanoTime() + timeUnit.toNanos(timeout) : 0;
    boolean admitted;
    try {
      admitted = handle.admit(own, route, deadline, this);
    } catch (ConnectionPoolTimeoutException e) {
      watch.failed(true);
      throw e;
    }
    if (!admitted) {
      return refusedAsTheLibraryWould(timeout, timeUnit);
    }
    HttpClientConnection connection;
    HandleLeases.sharedLeaseStarting(waitedAtLimit);
    try {
      ConnectionRequest lease = handle.shared.manager.requestConnection(route, state);
      fromShared = lease;
      if (cancelled) {
        lease.cancel();
      }
      long left = deadline == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      connection = lease.get(left, TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | ConnectionPoolTimeoutException | RuntimeException
        | Error e) {
      handle.notLeased(route);
      if (waitedAtLimit) {
        watch.failed(e instanceof ConnectionPoolTimeoutException);
      }
      throw e;
    } finally {
      HandleLeases.sharedLeaseDone();
    }
    if (waitedAtLimit) {
      watch.handedOut();
    }
    if (!handle.leased(route, connection)) {
      handle.shared.manager.releaseConnection(connection, null, 0, TimeUnit.MILLISECONDS);
      return refusedAsTheLibraryWould(timeout, timeUnit);
    }
    return connection;
  }

  /** The handle ended: the manager's own pool, shut down, refuses the lease with the library's exception. */
  private HttpClientConnection refusedAsTheLibraryWould(long timeout, TimeUnit timeUnit)
      throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
    return own.requestConnection(route, state).get(timeout, timeUnit);
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public void waitedAtLimit() {
    waitedAtLimit = true;
  }

  /**
   * True on the thread of a lease through a handle that already waited at the client's own limit: its wait is
   * recorded once, from the start (the shared pool's own lease then records none).
   */
  static boolean waitRecorded() {
    return HandleLeases.waitRecorded();
  }

  @Override
  public boolean cancel() {
    cancelled = true;
    ConnectionRequest lease = fromShared;
    return lease == null || lease.cancel();
  }
}
