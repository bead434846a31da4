package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.HandleLeases;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.config.Registry;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.PoolStats;

/**
 * An application's own {@code PoolingHttpClientConnectionManager} turned into a handle onto a shared pool: its
 * client's leases come from the shared pool, within the limits the application set on its manager, which counts
 * only this handle's connections; its releases go back to the shared pool.
 *
 * <p>The manager object keeps its meaning for its client. Its limits ({@code setMaxTotal},
 * {@code setDefaultMaxPerRoute}, {@code setMaxPerRoute}) stay in the manager and are read at every lease: they
 * bound how many connections this client holds at once (as without the agent, where idle ones count too). The
 * shared pool's own limits are the agent's, raised to the largest limit a handle asked for, so that no client gets
 * fewer connections than its manager allows. {@code shutdown()}/{@code close()} ends the handle (the shared pool
 * lives on): it shuts down the connections the client holds, as the library does, and further leases fail with
 * the library's own exception, thrown by the manager's own, shut-down pool. Routes of a scheme that may not be
 * shared stay on the manager's own pool. Holds no reference to the manager (the agent keeps handles by manager,
 * weakly).
 */
final class ManagerHandle {
  final SharedPool shared;
  private final Registry<ConnectionSocketFactory> sharedSchemes;
  private final PoolRecorder recorder;
  private final HandleLeases<HttpRoute, HttpClientConnection> leases = new HandleLeases<>();

  ManagerHandle(SharedPool shared, Registry<ConnectionSocketFactory> sharedSchemes, PoolRecorder recorder) {
    this.shared = shared;
    this.sharedSchemes = sharedSchemes;
    this.recorder = recorder;
  }

  /** Whether the route's connections come from the shared pool: its target's scheme, and its proxy's, are shared. */
  boolean serves(HttpRoute route) {
    if (sharedSchemes.lookup(route.getTargetHost().getSchemeName()) == null) {
      return false;
    }
    return route.getProxyHost() == null || sharedSchemes.lookup(route.getProxyHost().getSchemeName()) != null;
  }

  /** The lease from the shared pool, or null to leave it to the manager (ended: its own pool refuses it). */
  ConnectionRequest request(PoolingHttpClientConnectionManager own, HttpRoute route, Object state,
      Destination destination) {
    if (leases.ended() || !serves(route)) {
      return null;
    }
    return new HandleConnectionRequest(this, own, route, state, new LeaseWatch(recorder, destination, true));
  }

  /**
   * Waits until the manager's limits let this client hold one more connection of the route, and counts it.
   * False when the handle ended meanwhile. A wait is the request's to record, once for the whole lease.
   *
   * @param deadlineNanos 0 waits for ever, as the library does for a timeout of 0
   */
  boolean admit(final PoolingHttpClientConnectionManager own, HttpRoute route, long deadlineNanos,
      HandleConnectionRequest request)
      throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
    final int[] read = new int[2];
    HandleLeases.Limits<HttpRoute> limits = new HandleLeases.Limits<HttpRoute>() {
      @Override
      public int maxTotal() {
        read[0] = PoolLimits.maxTotal(own);
        return read[0];
      }

      @Override
      public int maxPerRoute(HttpRoute route) {
        read[1] = PoolLimits.maxPerRoute(own, route);
        return read[1];
      }
    };
    switch (leases.admit(limits, route, deadlineNanos, request)) {
      case ENDED:
        return false;
      case CANCELLED:
        throw new ExecutionException(new CancellationException("Operation aborted"));
      case TIMED_OUT:
        throw new ConnectionPoolTimeoutException("Timeout waiting for connection from pool");
      default:
        // the limits the admission read last, not read again
        shared.allowAtLeast(route, read[1], read[0]);
        return true;
    }
  }

  /** The shared pool handed out the connection of an admitted lease; false when the handle ended meanwhile. */
  boolean leased(HttpRoute route, HttpClientConnection connection) {
    return leases.leased(route, connection);
  }

  /** An admitted lease failed or was cancelled before the shared pool handed out a connection. */
  void notLeased(HttpRoute route) {
    leases.notLeased(route);
  }

  /** Gives a connection this handle leased back to the shared pool; false for one it did not lease. */
  boolean release(HttpClientConnection connection, Object state, long keepAlive, TimeUnit timeUnit) {
    if (!leases.holds(connection)) {
      return false;
    }
    try {
      shared.manager.releaseConnection(connection, state, keepAlive, timeUnit);
    } finally {
      leases.released(connection);
    }
    return true;
  }

  /** The application shut its manager down: no more leases; the connections its client holds are shut down. */
  void end() {
    for (HttpClientConnection connection : leases.end()) {
      try {
        connection.shutdown();
      } catch (IOException alreadyBroken) {
        // closed either way; its release discards it
      }
    }
  }

  /**
   * What the manager reports: its own pool's figures (routes it does not share) plus this handle's use of the
   * shared pool: leased and pending are this client's; max is the manager's own limit; available is what the
   * shared pool holds idle (for the route, or in all), as far as this client's limit leaves room for it.
   */
  PoolStats stats(HttpRoute route, PoolStats own) {
    int idle = route == null ? shared.manager.getTotalStats().getAvailable()
        : serves(route) ? shared.idle(route) : 0;
    int allLeased = own.getLeased() + leases.leased(route);
    return new PoolStats(allLeased, own.getPending() + leases.pending(route),
        HandleLeases.available(own.getAvailable(), idle, own.getMax(), allLeased), own.getMax());
  }
}
