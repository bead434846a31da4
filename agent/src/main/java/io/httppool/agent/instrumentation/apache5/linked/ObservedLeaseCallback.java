package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.metrics.PoolMetrics;
import io.httppool.bootstrap.AgentStatus;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolEntry;

/**
 * An async pooling manager's lease callback, observed: the wait (of a lease that found the pool full, or failed
 * with a pool timeout), whether the endpoint is already connected (reused) or still to be connected (new).
 * Passes every outcome on unchanged.
 *
 * <p>On the managers the agent gives async clients ({@code guarded}), an idle HTTP/1.1 connection is reused only
 * within the stale-connection guard's idle limit and TTL; the guard never probes it (a blocking read would
 * disturb the I/O reactor that owns the connection). A refused connection is closed and its endpoint handed on
 * unconnected, so the client connects a new one in the same pool slot, as the 5.2+ manager itself does with an
 * HTTP/1.1 connection idle longer than validate-after-inactivity. HTTP/2 connections are left to the manager's
 * own PING check.
 */
final class ObservedLeaseCallback implements FutureCallback<AsyncConnectionEndpoint> {
  private final FutureCallback<AsyncConnectionEndpoint> delegate;
  private final PoolMetrics metrics;
  private final Destination destination;
  private final PooledConnections connections;
  private final boolean guarded;
  private final boolean poolFull;
  private final long startNanos = System.nanoTime();

  ObservedLeaseCallback(FutureCallback<AsyncConnectionEndpoint> delegate, PoolMetrics metrics,
      Destination destination, PooledConnections connections, boolean guarded, boolean poolFull) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.destination = destination;
    this.connections = connections;
    this.guarded = guarded;
    this.poolFull = poolFull;
  }

  @Override
  public void completed(AsyncConnectionEndpoint endpoint) {
    try {
      if (poolFull) {
        metrics.waited(destination, System.nanoTime() - startNanos);
      }
      boolean reused = endpoint.isConnected();
      if (reused && guarded && !mayReuse(endpoint)) {
        endpoint.close(CloseMode.IMMEDIATE);
        reused = false;
      }
      metrics.connectionAcquired(destination, reused);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 async lease", t);
    }
    delegate.completed(endpoint);
  }

  private boolean mayReuse(AsyncConnectionEndpoint endpoint) throws IllegalAccessException {
    PoolEntry<?, ?> entry = PooledConnections.entryOf(endpoint);
    if (entry == null || isHttp2(entry.getConnection())) {
      return true;
    }
    long now = System.currentTimeMillis();
    return connections.mayReuse(destination, entry, PooledConnections.idleNanos(entry, now), now, false);
  }

  private static boolean isHttp2(Object connection) {
    if (!(connection instanceof HttpConnection)) {
      return false;
    }
    ProtocolVersion version = ((HttpConnection) connection).getProtocolVersion();
    return version != null && version.greaterEquals(HttpVersion.HTTP_2);
  }

  @Override
  public void failed(Exception error) {
    try {
      // the failure itself is counted once, by the request (AsyncRequestMetrics)
      if (poolFull || Apache5Errors.isLeaseTimeout(error)) {
        metrics.waited(destination, System.nanoTime() - startNanos);
      }
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 async lease", t);
    }
    delegate.failed(error);
  }

  @Override
  public void cancelled() {
    delegate.cancelled();
  }
}
