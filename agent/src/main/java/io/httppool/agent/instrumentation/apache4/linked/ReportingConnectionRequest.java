package io.httppool.agent.instrumentation.apache4.linked;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ConnectionRequest;

/**
 * The manager's own lease request, reporting the wait and whether the connection was new or reused. On a shared
 * pool a request that would wait for ever (the library's default) waits {@code acquire-timeout} instead and then
 * fails as the library would, with {@link ConnectionPoolTimeoutException}.
 */
final class ReportingConnectionRequest implements ConnectionRequest {
  private final ConnectionRequest delegate;
  private final LeaseReporter reporter;
  private final ObservedManager observed;
  private final RouteState route;

  ReportingConnectionRequest(ConnectionRequest delegate, LeaseReporter reporter, ObservedManager observed,
      RouteState route) {
    this.delegate = delegate;
    this.reporter = reporter;
    this.observed = observed;
    this.route = route;
  }

  @Override
  public HttpClientConnection get(long timeout, TimeUnit timeUnit)
      throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
    SharedPool shared = observed.shared;
    if (shared != null && timeout <= 0) {
      timeout = shared.acquireTimeoutMillis;
      timeUnit = TimeUnit.MILLISECONDS;
    }
    long start = System.nanoTime();
    HttpClientConnection connection;
    try {
      connection = delegate.get(timeout, timeUnit);
    } catch (ConnectionPoolTimeoutException e) {
      reporter.waitFailed(route, System.nanoTime() - start);
      throw e;
    }
    reporter.leased(observed, route, connection, start);
    return connection;
  }

  @Override
  public boolean cancel() {
    return delegate.cancel();
  }
}
