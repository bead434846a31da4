package io.httppool.agent.instrumentation.apache4.linked;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.HttpClientConnectionManager;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.protocol.HttpContext;

/**
 * What each client gets instead of the shared manager itself: everything passes through, except shutdown. A client
 * shuts its manager down on close() (always in 4.3 and in MinimalHttpClient), on an Error during an exchange, and
 * through the deprecated getConnectionManager().shutdown(); none of these may close the pool other clients use.
 * Idle and expired connections are closed by the agent's maintenance instead.
 */
final class NonClosingManager implements HttpClientConnectionManager {
  private final HttpClientConnectionManager shared;

  NonClosingManager(HttpClientConnectionManager shared) {
    this.shared = shared;
  }

  @Override
  public ConnectionRequest requestConnection(HttpRoute route, Object state) {
    return shared.requestConnection(route, state);
  }

  @Override
  public void releaseConnection(HttpClientConnection conn, Object newState, long validDuration, TimeUnit timeUnit) {
    shared.releaseConnection(conn, newState, validDuration, timeUnit);
  }

  @Override
  public void connect(HttpClientConnection conn, HttpRoute route, int connectTimeout, HttpContext context)
      throws IOException {
    shared.connect(conn, route, connectTimeout, context);
  }

  @Override
  public void upgrade(HttpClientConnection conn, HttpRoute route, HttpContext context) throws IOException {
    shared.upgrade(conn, route, context);
  }

  @Override
  public void routeComplete(HttpClientConnection conn, HttpRoute route, HttpContext context) throws IOException {
    shared.routeComplete(conn, route, context);
  }

  @Override
  public void closeIdleConnections(long idletime, TimeUnit tunit) {
    shared.closeIdleConnections(idletime, tunit);
  }

  @Override
  public void closeExpiredConnections() {
    shared.closeExpiredConnections();
  }

  @Override
  public void shutdown() {
    // the shared pool outlives every client
  }

  @Override
  public String toString() {
    return "httppool shared " + shared;
  }
}
