package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.instrumentation.apache.HandleLeases;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import io.httppool.bootstrap.AgentStatus;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.util.Timeout;

/**
 * A classic pooling manager's lease request, observed: the wait for a connection (of a lease the pool queued, or
 * one that timed out), and whether the endpoint handed out is already connected (reused) or still to be
 * connected (new).
 *
 * <p>On the agent's shared managers ({@code guarded}) an idle connection is reused only if the stale-connection
 * guard allows it; on the application's own managers only the agent's retry refuses idle connections. A refused
 * connection is closed and its endpoint handed out unconnected, so the client connects a new one in the same
 * pool slot: what the manager itself does with a connection its validate-after-inactivity check finds stale
 * (every 5.x {@code connect} assigns a new connection to an entry that has none).
 */
final class ObservedLeaseRequest implements LeaseRequest {
  private final LeaseRequest delegate;
  private final PoolRecorder recorder;
  private final Destination destination;
  private final PooledConnections connections;
  private final boolean guarded;
  private final boolean queued;

  ObservedLeaseRequest(LeaseRequest delegate, PoolRecorder recorder, Destination destination,
      PooledConnections connections, boolean guarded, boolean queued) {
    this.delegate = delegate;
    this.recorder = recorder;
    this.destination = destination;
    this.connections = connections;
    this.guarded = guarded;
    this.queued = queued;
  }

  @Override
  public ConnectionEndpoint get(Timeout timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    LeaseWatch watch = new LeaseWatch(recorder, destination, queued);
    ConnectionEndpoint endpoint;
    try {
      endpoint = delegate.get(timeout);
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
      if (!HandleLeases.waitRecorded()) {
        leaseFailed(watch, e, "apache5 lease");
      }
      throw e;
    }
    try {
      watch.handedOut();
      boolean reused = endpoint.isConnected();
      long idleNanos = 0;
      if (reused) {
        PoolEntry<?, ?> entry = PooledConnections.entryOf(endpoint);
        if (entry != null) {
          long now = System.currentTimeMillis();
          idleNanos = PooledConnections.idleNanos(entry, now);
          if ((guarded || StaleRetry.inRetry())
              && !connections.mayReuse(destination, entry, idleNanos, now, guarded)) {
            endpoint.close(CloseMode.IMMEDIATE);
            reused = false;
            idleNanos = 0;
          }
        }
      }
      watch.acquired(reused);
      RequestTrace trace = ClassicRequestTrace.current();
      if (trace != null) {
        trace.acquired(reused, idleNanos);
      }
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 lease", t);
    }
    return endpoint;
  }

  /** A lease of either 5.x manager failed; {@code what} names a failure to observe it. */
  static void leaseFailed(LeaseWatch watch, Exception error, String what) {
    try {
      watch.failed(Apache5Errors.isLeaseTimeout(error));
    } catch (Throwable t) {
      AgentStatus.adviceFailed(what, t);
    }
  }

  @Override
  public boolean cancel() {
    return delegate.cancel();
  }
}
