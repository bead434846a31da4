package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.Destination;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import org.apache.http.conn.routing.HttpRoute;

/**
 * One route of one manager: its metrics destination, computed once, and on a shared pool the client-certificate
 * principal its connections carry.
 *
 * <p>HttpClient stores the connection's client-certificate principal as its state, and a request with no state
 * (a fresh context, as with a client per request) never gets a connection that has one: without help, every such
 * request opens a new TLS connection. A shared pool holds connections of one SSLContext only (it is part of the
 * pool's key), so while every connection of a route released so far carried the same certificate principal, a
 * request without state would present that very certificate on a new connection; it may as well ask for that
 * state. Any other state (a connection-based auth principal, NTLM say) or a second principal on the route turns
 * this off for the route for good, and the library's matching then works as without the agent.
 */
final class RouteState {
  private static final Object CONFLICT = new Object();

  final HttpRoute route;
  final Destination destination;
  /** Leases of this route asked of the pool and not yet given back ({@link ReportingConnectionRequest}). */
  final AtomicInteger leasing = new AtomicInteger();
  private volatile Object principal;

  RouteState(HttpRoute route, Destination destination) {
    this.route = route;
    this.destination = destination;
  }

  /** The state to ask for when the request has none, or null. */
  Object clientPrincipal() {
    Object known = principal;
    return known == CONFLICT ? null : known;
  }

  void released(Object state) {
    Object known = principal;
    if (known == CONFLICT || state.equals(known)) {
      return;
    }
    synchronized (this) {
      if (principal == null && state instanceof X500Principal) {
        principal = state;
      } else if (principal != CONFLICT && !state.equals(principal)) {
        principal = CONFLICT;
      }
    }
  }
}
