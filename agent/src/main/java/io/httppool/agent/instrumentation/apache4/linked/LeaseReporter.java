package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.ConnectionRecord;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.instrumentation.apache.LeaseKeys;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ManagedHttpClientConnection;

/**
 * Turns lease and release of pooled connections into metrics, leak checks and connection lifetimes, and asks the
 * stale-connection guard about every idle connection a pool the agent shares is about to hand out (and, while the
 * agent retries a request, about those of the application's own pools too). A lease runs on the calling thread
 * (MainClientExec): it tells the request traced there which connection its current attempt runs on.
 */
final class LeaseReporter {
  /** What {@link #idleNanosIfReusable} returns for a connection the guard refused. */
  static final long REFUSED = -1;

  private final PoolRecorder recorder;
  private final LeakDetector leakDetector;
  private final ConnectionLifetimes lifetimes;
  private final StaleConnectionGuard guard;
  private final RequestTracer requests;

  LeaseReporter(PoolRecorder recorder, LeakDetector leakDetector, ConnectionLifetimes lifetimes,
      StaleConnectionGuard guard, RequestTracer requests) {
    this.recorder = recorder;
    this.leakDetector = leakDetector;
    this.lifetimes = lifetimes;
    this.guard = guard;
    this.requests = requests;
  }

  /** Starts watching a lease of the route; {@code poolFull} when it found no idle connection and no free slot. */
  LeaseWatch watch(RouteState route, boolean poolFull) {
    return new LeaseWatch(recorder, route.destination, poolFull);
  }

  /**
   * How long the connection the pool just handed out sat idle (0 for one it just created), or {@link #REFUSED}
   * when the guard refused to reuse it (the eviction is counted; the caller closes it).
   */
  long idleNanosIfReusable(ObservedManager observed, RouteState route, HttpClientConnection connection) {
    if (!connection.isOpen()) {
      return 0;
    }
    Socket socket = socketOf(connection);
    ConnectionRecord open = lifetimes.find(socket);
    long now = System.nanoTime();
    long idle = open == null ? 0 : now - open.idleSinceNanos();
    if (observed.shared == null && !StaleRetry.inRetry()) {
      return idle;
    }
    boolean reusable = open == null ? guard.mayReuse(route.destination, socket, idle, 0, 0)
        : guard.mayReuse(open, socket, idle, now);
    return reusable ? idle : REFUSED;
  }

  /** A lease succeeded; an unopened connection is one the pool just created for this lease. */
  void leased(ObservedManager observed, RouteState route, HttpClientConnection connection, long idleNanos,
      LeaseWatch watch) {
    long now = System.nanoTime();
    boolean reused = connection.isOpen();
    RequestTrace trace = requests.current();
    if (trace != null) {
      trace.acquired(route.destination, reused, reused ? idleNanos : 0);
    }
    watch.acquired(reused);
    LeakDetector.Lease leak = observed.shared != null ? leakDetector.leased(route.destination) : null;
    observed.leases.put(LeaseKeys.leased(connection), new ObservedManager.Lease(route, reused ? 0 : now, leak));
  }

  /** Called as the manager starts releasing the connection, while it is still attached to its proxy. */
  void released(ObservedManager observed, Object connection, Object state, long keepAlive, Object timeUnit) {
    ObservedManager.Lease lease = observed.leases.remove(LeaseKeys.of(connection));
    if (lease == null) {
      return;
    }
    lease.route.leasing.decrementAndGet();
    observed.leasing.decrementAndGet();
    if (observed.shared != null && state != null) {
      lease.route.released(state);
    }
    leakDetector.released(lease.leak);
    long hintMillis = keepAlive <= 0 ? 0
        : timeUnit instanceof TimeUnit ? ((TimeUnit) timeUnit).toMillis(keepAlive) : keepAlive;
    lifetimes.released(socketOf(connection), lease.route.destination, lease.openedNanos, hintMillis);
  }

  static Socket socketOf(Object connection) {
    try {
      return connection instanceof ManagedHttpClientConnection
          ? ((ManagedHttpClientConnection) connection).getSocket() : null;
    } catch (RuntimeException detachedOrClosed) {
      return null;
    }
  }
}
