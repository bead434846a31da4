package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.instrumentation.apache.HandleLeases;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A lease through a {@link ManagerHandle}: first a place within the limits of the application's manager, then an
 * endpoint from the shared pool (whose own lease reports it, guards it against staleness and applies the agent's
 * acquire timeout when the application set none), both within the application's timeout.
 */
final class HandleLeaseRequest implements LeaseRequest, HandleLeases.Limits<HttpRoute>, HandleLeases.Lease {
  private final ManagerHandle handle;
  private final PoolingHttpClientConnectionManager own;
  private final HttpRoute route;
  private final Timeout requestTimeout;
  private final Object state;
  /** Records the wait of a lease that found this client at its own limit: once, gate and shared pool together. */
  private final LeaseWatch watch;
  private boolean waitedAtLimit;
  /** The limits of the application's manager as the admission last read them. */
  private int maxTotalRead;
  private int maxPerRouteRead;
  private volatile boolean cancelled;
  private volatile LeaseRequest fromShared;

  HandleLeaseRequest(ManagerHandle handle, PoolingHttpClientConnectionManager own, HttpRoute route,
      Timeout requestTimeout, Object state, LeaseWatch watch) {
    this.handle = handle;
    this.watch = watch;
    this.own = own;
    this.route = route;
    this.requestTimeout = requestTimeout;
    this.state = state;
  }

  @Override
  public ConnectionEndpoint get(Timeout timeout) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = timeout == null || timeout.isDisabled() ? 0 : System.nanoTime() + timeout.toNanoseconds();
    switch (handle.leases.admit(this, route, deadline, this)) {
      case ENDED:
        return refusedAsTheLibraryWould(timeout);
      case CANCELLED:
        throw new CancellationException("Operation aborted");
      case TIMED_OUT:
        watch.failed(true);
        throw new TimeoutException("Timeout waiting for a connection within the connection manager's limits");
      default:
        break;
    }
    ConnectionEndpoint endpoint;
    HandleLeases.sharedLeaseStarting(waitedAtLimit);
    try {
      handle.shared.allowAtLeast(route, maxPerRouteRead, maxTotalRead);
      LeaseRequest lease = handle.shared.handle().lease(null, route, requestTimeout, state);
      fromShared = lease;
      if (cancelled) {
        lease.cancel();
      }
      long left = deadline == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      endpoint = lease.get(deadline == 0 ? timeout : Timeout.ofMilliseconds(left));
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException | Error e) {
      handle.leases.notLeased(route);
      if (waitedAtLimit) {
        watch.failed(Apache5Errors.isLeaseTimeout(e));
      }
      throw e;
    } finally {
      HandleLeases.sharedLeaseDone();
    }
    if (waitedAtLimit) {
      watch.handedOut();
    }
    if (!handle.leases.leased(route, endpoint)) {
      handle.shared.handle().release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
      return refusedAsTheLibraryWould(timeout);
    }
    return endpoint;
  }

  /** The handle ended: the manager's own pool, closed, refuses the lease with the library's exception. */
  private ConnectionEndpoint refusedAsTheLibraryWould(Timeout timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    return own.lease(null, route, requestTimeout, state).get(timeout);
  }

  @Override
  public int maxTotal() {
    maxTotalRead = PoolLimits.maxTotal(own);
    return maxTotalRead;
  }

  @Override
  public int maxPerRoute(HttpRoute route) {
    maxPerRouteRead = PoolLimits.maxPerRoute(own, route);
    return maxPerRouteRead;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public void waitedAtLimit() {
    waitedAtLimit = true;
  }


  @Override
  public boolean cancel() {
    cancelled = true;
    LeaseRequest lease = fromShared;
    return lease == null || lease.cancel();
  }
}
