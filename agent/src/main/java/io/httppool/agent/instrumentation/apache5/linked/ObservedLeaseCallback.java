package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import io.httppool.bootstrap.AgentStatus;
import java.util.concurrent.TimeUnit;
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
 * HTTP/1.1 connection idle longer than validate-after-inactivity, and so is every idle connection offered to the
 * agent's retry of a request ({@link AsyncNotExecutedRetry}). HTTP/2 connections are left to the manager's own
 * PING check.
 *
 * <p>On every observed manager, an idle HTTP/1.1 connection that the server closed while it sat in the pool (the
 * reactor saw the close, so the connection is no longer open; the endpoint's {@code isConnected()} then discards
 * it and the client connects a new one in the same slot) teaches the guard the server's idle timeout: it had been
 * idle from its release ({@code PoolEntry.getUpdated()}) to the reactor's last read event, which is the close
 * ({@link AsyncSessions}). This is the async counterpart of the probe that finds a classic connection closed, and
 * is counted as the probe's finding is, as a stale eviction, on the agent's managers. The request the lease was
 * for ({@link AsyncExchanges}, by exchange id) is told whether it runs on a reused connection and how long that
 * connection had been idle, so that its failure can be classified and learned from.
 */
final class ObservedLeaseCallback implements FutureCallback<AsyncConnectionEndpoint> {
  /**
   * A close the reactor read this soon after the release teaches nothing: with the reactor busy (an application
   * callback holding its thread, say) the server's FIN of a connection it closed during the exchange is read only
   * once the connection is back in the pool. A limit learned from it could not have kept that connection from
   * closing (the guard never learns one below 200 ms), and would cut reuse of that server for minutes.
   */
  private static final long SHORTEST_IDLE_CLOSE_MILLIS = 200;

  private final FutureCallback<AsyncConnectionEndpoint> delegate;
  private final PoolRecorder recorder;
  private final Destination destination;
  private final PooledConnections connections;
  private final StaleConnectionGuard guard;
  private final AsyncExchanges exchanges;
  private final Object exchangeId;
  private final boolean guarded;
  private final LeaseWatch watch;

  ObservedLeaseCallback(FutureCallback<AsyncConnectionEndpoint> delegate, PoolRecorder recorder,
      Destination destination, PooledConnections connections, StaleConnectionGuard guard, AsyncExchanges exchanges,
      Object exchangeId, boolean guarded, boolean poolFull) {
    this.delegate = delegate;
    this.recorder = recorder;
    this.destination = destination;
    this.connections = connections;
    this.guard = guard;
    this.exchanges = exchanges;
    this.exchangeId = exchangeId;
    this.guarded = guarded;
    this.watch = new LeaseWatch(recorder, destination, poolFull);
  }

  @Override
  public void completed(AsyncConnectionEndpoint endpoint) {
    try {
      watch.handedOut();
      AsyncExchanges.Exchange exchange = exchanges.get(exchangeId);
      boolean forAgentRetry = exchange != null && exchange.takeRetryLease();
      PoolEntry<?, ?> entry = PooledConnections.entryOf(endpoint);
      long now = System.currentTimeMillis();
      if (entry != null) {
        // before isConnected(), which discards a closed connection
        learnIfClosedByServer(entry);
      }
      boolean reused = endpoint.isConnected();
      long idleNanos = 0;
      if (reused && entry != null && !isHttp2(entry.getConnection())) {
        idleNanos = PooledConnections.idleNanos(entry, now);
        if (guarded && (forAgentRetry ? evictedForRetry()
            : !connections.mayReuse(destination, entry, idleNanos, now, false))) {
          endpoint.close(CloseMode.IMMEDIATE);
          reused = false;
          idleNanos = 0;
        }
      }
      watch.acquired(reused);
      if (exchange != null) {
        exchange.leased(reused, idleNanos);
      }
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 async lease", t);
    }
    delegate.completed(endpoint);
  }

  /** The agent's retry of a request takes a new connection, as its classic retry does; counted as stale. */
  private boolean evictedForRetry() {
    recorder.evicted(destination, "stale");
    return true;
  }

  /**
   * An idle HTTP/1.1 connection that is no longer open, last read from (its close) after it was released, was
   * closed by the server after that idle time.
   */
  private void learnIfClosedByServer(PoolEntry<?, ?> entry) {
    Object connection = entry.getConnection();
    if (!(connection instanceof HttpConnection) || ((HttpConnection) connection).isOpen() || isHttp2(connection)) {
      return;
    }
    long lastRead = AsyncSessions.lastReadMillis(connection);
    long released = entry.getUpdated();
    if (lastRead < 0) {
      // the version hides its session: found closed, but when is unknown
      if (guarded) {
        recorder.evicted(destination, "stale");
      }
      return;
    }
    if (lastRead > released) {
      if (lastRead - released >= SHORTEST_IDLE_CLOSE_MILLIS) {
        guard.closedByServerAfterIdle(destination, TimeUnit.MILLISECONDS.toNanos(lastRead - released));
      }
      if (guarded) {
        recorder.evicted(destination, "stale");
      }
    }
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
    // the failure itself is counted once, by the request (AsyncRequestMetrics)
    ObservedLeaseRequest.leaseFailed(watch, error, "apache5 async lease");
    delegate.failed(error);
  }

  @Override
  public void cancelled() {
    delegate.cancelled();
  }
}
