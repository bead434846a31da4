package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
  /** How long a lease waiting for the handle's limit sleeps at most before reading the limits again. */
  private static final long RECHECK_LIMITS_MILLIS = 200;

  final SharedPool shared;
  private final Registry<ConnectionSocketFactory> sharedSchemes;
  private final PoolRecorder recorder;
  private final Object lock = new Object();
  private final Map<HttpClientConnection, HttpRoute> leases = new IdentityHashMap<>();
  private final Map<HttpRoute, Integer> leasedByRoute = new HashMap<>();
  private final Map<HttpRoute, Integer> pendingByRoute = new HashMap<>();
  private int pending;
  /** Leases admitted whose connection the shared pool has not handed out yet. */
  private int reserved;
  private boolean ended;

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
    synchronized (lock) {
      if (ended || !serves(route)) {
        return null;
      }
    }
    return new HandleConnectionRequest(this, own, route, state, new LeaseWatch(recorder, destination, true));
  }

  /**
   * Waits until the manager's limits let this client hold one more connection of the route, and counts it.
   * False when the handle ended meanwhile. A wait is the request's to record, once for the whole lease.
   *
   * @param deadlineNanos 0 waits for ever, as the library does for a timeout of 0
   */
  boolean admit(PoolingHttpClientConnectionManager own, HttpRoute route, long deadlineNanos,
      HandleConnectionRequest request)
      throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
    synchronized (lock) {
      pending++;
      add(pendingByRoute, route, 1);
    }
    try {
      int maxTotal;
      int maxRoute;
      while (true) {
        maxTotal = own.getMaxTotal();
        maxRoute = own.getMaxPerRoute(route);
        synchronized (lock) {
          if (ended) {
            return false;
          }
          if (request.cancelled()) {
            throw new ExecutionException(new CancellationException("Operation aborted"));
          }
          if (leases.size() + reserved < maxTotal && count(leasedByRoute, route) < maxRoute) {
            reserved++;
            add(leasedByRoute, route, 1);
            break;
          }
          request.waitedAtLimit();
          long waitMillis = RECHECK_LIMITS_MILLIS;
          if (deadlineNanos != 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
              throw new ConnectionPoolTimeoutException("Timeout waiting for connection from pool");
            }
            waitMillis = Math.min(waitMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          }
          lock.wait(waitMillis);
        }
      }
      shared.allowAtLeast(route, maxRoute, maxTotal);
      return true;
    } finally {
      synchronized (lock) {
        pending--;
        add(pendingByRoute, route, -1);
      }
    }
  }

  /** The shared pool handed out the connection of an admitted lease; false when the handle ended meanwhile. */
  boolean leased(HttpRoute route, HttpClientConnection connection) {
    synchronized (lock) {
      reserved--;
      if (ended) {
        add(leasedByRoute, route, -1);
        lock.notifyAll();
        return false;
      }
      leases.put(connection, route);
      return true;
    }
  }

  /** An admitted lease failed or was cancelled before the shared pool handed out a connection. */
  void notLeased(HttpRoute route) {
    synchronized (lock) {
      reserved--;
      add(leasedByRoute, route, -1);
      lock.notifyAll();
    }
  }

  /** Gives a connection this handle leased back to the shared pool; false for one it did not lease. */
  boolean release(HttpClientConnection connection, Object state, long keepAlive, TimeUnit timeUnit) {
    synchronized (lock) {
      HttpRoute route = leases.remove(connection);
      if (route == null) {
        return false;
      }
      add(leasedByRoute, route, -1);
      lock.notifyAll();
    }
    shared.manager.releaseConnection(connection, state, keepAlive, timeUnit);
    return true;
  }

  /** The application shut its manager down: no more leases; the connections its client holds are shut down. */
  void end() {
    List<HttpClientConnection> held;
    synchronized (lock) {
      ended = true;
      held = new ArrayList<>(leases.keySet());
      lock.notifyAll();
    }
    for (HttpClientConnection connection : held) {
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
    int leased;
    int waiting;
    synchronized (lock) {
      leased = route == null ? leases.size() + reserved : count(leasedByRoute, route);
      waiting = route == null ? pending : count(pendingByRoute, route);
    }
    int idle = route == null ? shared.manager.getTotalStats().getAvailable()
        : serves(route) ? shared.idle(route) : 0;
    int max = own.getMax();
    int allLeased = own.getLeased() + leased;
    int available = Math.min(own.getAvailable() + idle, Math.max(0, max - allLeased));
    return new PoolStats(allLeased, own.getPending() + waiting, available, max);
  }

  private static int count(Map<HttpRoute, Integer> counts, HttpRoute route) {
    Integer count = counts.get(route);
    return count == null ? 0 : count;
  }

  private static void add(Map<HttpRoute, Integer> counts, HttpRoute route, int delta) {
    int now = count(counts, route) + delta;
    if (now == 0) {
      counts.remove(route);
    } else {
      counts.put(route, now);
    }
  }
}
