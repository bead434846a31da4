package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.metrics.PoolMetrics;
import io.httppool.bootstrap.AgentStatus;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * An async pooling manager's lease callback, observed: the wait, whether the endpoint is already connected
 * (reused) or still to be connected (new). Passes every outcome on unchanged.
 */
final class ObservedLeaseCallback implements FutureCallback<AsyncConnectionEndpoint> {
  private final FutureCallback<AsyncConnectionEndpoint> delegate;
  private final PoolMetrics metrics;
  private final Destination destination;
  private final long startNanos = System.nanoTime();

  ObservedLeaseCallback(FutureCallback<AsyncConnectionEndpoint> delegate, PoolMetrics metrics,
      Destination destination) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.destination = destination;
  }

  @Override
  public void completed(AsyncConnectionEndpoint endpoint) {
    try {
      metrics.waited(destination, System.nanoTime() - startNanos);
      metrics.connectionAcquired(destination, endpoint.isConnected());
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 async lease", t);
    }
    delegate.completed(endpoint);
  }

  @Override
  public void failed(Exception error) {
    try {
      // the failure itself is counted once, by the request (AsyncRequestMetrics)
      metrics.waited(destination, System.nanoTime() - startNanos);
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
