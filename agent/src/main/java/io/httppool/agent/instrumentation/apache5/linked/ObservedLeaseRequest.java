package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.metrics.PoolMetrics;
import io.httppool.bootstrap.AgentStatus;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.Timeout;

/**
 * A classic pooling manager's lease request, observed: the wait for a connection, and whether the endpoint
 * handed out is already connected (reused) or still to be connected (new).
 */
final class ObservedLeaseRequest implements LeaseRequest {
  private final LeaseRequest delegate;
  private final PoolMetrics metrics;
  private final Destination destination;

  ObservedLeaseRequest(LeaseRequest delegate, PoolMetrics metrics, Destination destination) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.destination = destination;
  }

  @Override
  public ConnectionEndpoint get(Timeout timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long start = System.nanoTime();
    ConnectionEndpoint endpoint;
    try {
      endpoint = delegate.get(timeout);
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
      waited(start);
      throw e;
    }
    try {
      waited(start);
      boolean reused = endpoint.isConnected();
      metrics.connectionAcquired(destination, reused);
      RequestTrace trace = RequestTrace.current();
      if (trace != null) {
        trace.acquired(reused);
      }
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 lease", t);
    }
    return endpoint;
  }

  private void waited(long start) {
    try {
      metrics.waited(destination, System.nanoTime() - start);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 lease", t);
    }
  }

  @Override
  public boolean cancel() {
    return delegate.cancel();
  }
}
