package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import io.httppool.bootstrap.AgentStatus;
import java.util.concurrent.TimeoutException;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.nio.NHttpClientConnection;
import org.apache.http.nio.conn.NHttpClientConnectionManager;

/**
 * An async pooling manager's lease callback, observed: the wait (of a lease that found the pool full, or failed
 * with the pool's timeout) and whether the connection handed out was reused. A connection the pool just opened
 * for this lease has no complete route yet (the client marks it complete once connected through to the target),
 * one that served an earlier request has; the request the lease is for is told, so that a failure on a reused
 * connection reads as stale. Passes every outcome on unchanged.
 */
final class ObservedLease implements FutureCallback<NHttpClientConnection> {
  private final FutureCallback<NHttpClientConnection> delegate;
  private final NHttpClientConnectionManager manager;
  private final LeaseWatch watch;
  /** The request the lease is for, when the client asked for it as it started the request; else null. */
  private final RequestTrace request;

  ObservedLease(FutureCallback<NHttpClientConnection> delegate, NHttpClientConnectionManager manager,
      LeaseWatch watch, RequestTrace request) {
    this.delegate = delegate;
    this.manager = manager;
    this.watch = watch;
    this.request = request;
  }

  @Override
  public void completed(NHttpClientConnection connection) {
    try {
      watch.handedOut();
      boolean reused = manager.isRouteComplete(connection);
      watch.acquired(reused);
      if (request != null) {
        request.acquired(reused, 0);
      }
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache4 async lease", t);
    }
    delegate.completed(connection);
  }

  @Override
  public void failed(Exception error) {
    try {
      watch.failed(error instanceof TimeoutException);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache4 async lease", t);
    }
    delegate.failed(error);
  }

  @Override
  public void cancelled() {
    delegate.cancelled();
  }
}
