package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.metrics.PoolMetrics;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ManagedHttpClientConnection;

/** Turns lease and release of pooled connections into metrics, leak checks and connection lifetimes. */
final class LeaseReporter {
  private final PoolMetrics metrics;
  private final LeakDetector leakDetector;
  private final ConnectionLifetimes lifetimes;
  /** Whether the thread's last lease got an idle connection: a request failing on it met a stale connection. */
  private final ThreadLocal<Boolean> lastLeaseReused = new ThreadLocal<>();

  LeaseReporter(PoolMetrics metrics, LeakDetector leakDetector, ConnectionLifetimes lifetimes) {
    this.metrics = metrics;
    this.leakDetector = leakDetector;
    this.lifetimes = lifetimes;
  }

  void waitFailed(RouteState route, long waitedNanos) {
    metrics.waited(route.destination, waitedNanos);
  }

  /** A lease succeeded; an unopened connection is one the pool just created for this lease. */
  void leased(ObservedManager observed, RouteState route, HttpClientConnection connection, long startNanos) {
    long now = System.nanoTime();
    metrics.waited(route.destination, now - startNanos);
    boolean reused = connection.isOpen();
    lastLeaseReused.set(reused);
    metrics.connectionAcquired(route.destination, reused);
    LeakDetector.Lease leak = observed.shared != null ? leakDetector.leased(route.destination) : null;
    observed.leases.put(connection, new ObservedManager.Lease(route, reused ? 0 : now, leak));
  }

  /** Whether the calling thread's last lease, since the last call, reused an idle connection. */
  boolean takeLastLeaseReused() {
    Boolean reused = lastLeaseReused.get();
    if (reused == null) {
      return false;
    }
    lastLeaseReused.remove();
    return reused;
  }

  /** Called as the manager starts releasing the connection, while it is still attached to its proxy. */
  void released(ObservedManager observed, Object connection, Object state) {
    ObservedManager.Lease lease = observed.leases.remove(connection);
    if (lease == null) {
      return;
    }
    if (observed.shared != null && state != null) {
      lease.route.released(state);
    }
    leakDetector.released(lease.leak);
    if (lease.openedNanos != 0) {
      lifetimes.opened(socketOf(connection), lease.route.destination, lease.openedNanos);
    }
  }

  private static java.net.Socket socketOf(Object connection) {
    try {
      return connection instanceof ManagedHttpClientConnection
          ? ((ManagedHttpClientConnection) connection).getSocket() : null;
    } catch (RuntimeException detachedOrClosed) {
      return null;
    }
  }
}
