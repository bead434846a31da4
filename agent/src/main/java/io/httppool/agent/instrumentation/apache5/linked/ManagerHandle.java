package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.HandleLeases;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * An application's own classic {@code PoolingHttpClientConnectionManager} turned into a handle onto the agent's
 * shared pool (see {@link HandleLeases} for what it counts and how the manager's limits bound it): leases of the
 * routes it serves come from the shared pool, their endpoints go back to it. The client still connects an endpoint
 * through its own manager, whose connection operator and configuration are the library's defaults, as the shared
 * pool's are. Holds no reference to the manager (the agent keeps handles by manager, weakly).
 */
final class ManagerHandle {
  final ClassicSharedPool shared;
  private final PoolRecorder recorder;
  private final Routes routes;
  final HandleLeases<HttpRoute, ConnectionEndpoint> leases = new HandleLeases<>();
  private final boolean http;
  private final boolean https;

  ManagerHandle(ClassicSharedPool shared, boolean http, boolean https, PoolRecorder recorder, Routes routes) {
    this.shared = shared;
    this.recorder = recorder;
    this.routes = routes;
    this.http = http;
    this.https = https;
  }

  /** Whether the route's connections come from the shared pool: its target's scheme, and its proxy's, are shared. */
  boolean serves(HttpRoute route) {
    return shares(route.getTargetHost().getSchemeName())
        && (route.getProxyHost() == null || shares(route.getProxyHost().getSchemeName()));
  }

  private boolean shares(String scheme) {
    return "http".equalsIgnoreCase(scheme) ? http : "https".equalsIgnoreCase(scheme) && https;
  }

  /** The lease from the shared pool, or null to leave it to the manager (ended: its own, closed pool refuses it). */
  HandleLeaseRequest request(PoolingHttpClientConnectionManager own, HttpRoute route, Timeout requestTimeout,
      Object state) {
    return leases.ended() || !serves(route) ? null : new HandleLeaseRequest(this, own, route, requestTimeout, state,
        new LeaseWatch(recorder, routes.destination(route), true));
  }

  /** Gives an endpoint this handle leased back to the shared pool; false for one it did not lease. */
  boolean release(ConnectionEndpoint endpoint, Object state, TimeValue keepAlive) {
    if (!leases.holds(endpoint)) {
      return false;
    }
    try {
      shared.handle().release(endpoint, state, keepAlive);
    } finally {
      leases.released(endpoint);
    }
    return true;
  }

  /** The application closed its manager: no more leases; the connections its client holds are closed. */
  void end(CloseMode closeMode) {
    for (ConnectionEndpoint endpoint : leases.end()) {
      endpoint.close(closeMode);
    }
  }

  /**
   * What the manager reports: its own pool's figures (routes it does not share) plus this handle's use of the
   * shared pool: leased and pending are this client's; max is the manager's own limit; available is what the
   * shared pool holds idle (for the route, or in all), as far as this client's limit leaves room for it.
   */
  PoolStats stats(HttpRoute route, PoolStats own) {
    int leased = own.getLeased() + leases.leased(route);
    int idle = route == null ? shared.manager().getTotalStats().getAvailable() : serves(route) ? shared.idle(route) : 0;
    return new PoolStats(leased, own.getPending() + leases.pending(route),
        HandleLeases.available(own.getAvailable(), idle, own.getMax(), leased), own.getMax());
  }
}
