package io.httppool.agent.core;

/**
 * Keeps each destination's running totals (the source of the report and of the pool events), whatever the
 * metrics backend, and passes every report on to that backend.
 */
public final class CountingRecorder implements PoolRecorder {
  private final PoolRecorder backend;

  public CountingRecorder(PoolRecorder backend) {
    this.backend = backend;
  }

  @Override
  public void connectionAcquired(Destination destination, boolean reused) {
    destination.totals().acquired(reused);
    backend.connectionAcquired(destination, reused);
  }

  @Override
  public void waited(Destination destination, long nanos) {
    destination.totals().waited(nanos);
    backend.waited(destination, nanos);
  }

  @Override
  public void requestFinished(Destination destination, String method, int status, ErrorType error, long nanos) {
    destination.totals().requestFinished(nanos, error != null);
    backend.requestFinished(destination, method, status, error, nanos);
  }

  @Override
  public void connectionClosed(Destination destination, long lifetimeNanos) {
    backend.connectionClosed(destination, lifetimeNanos);
  }

  @Override
  public void failed(Destination destination, ErrorType type) {
    destination.totals().failed(type);
    backend.failed(destination, type);
  }

  @Override
  public void evicted(Destination destination, String reason) {
    destination.totals().evicted(reason);
    backend.evicted(destination, reason);
  }

  @Override
  public void leaked(Destination destination) {
    destination.totals().leaked();
    backend.leaked(destination);
  }

  @Override
  public void event(Destination destination, String kind) {
    destination.totals().event(kind);
    backend.event(destination, kind);
  }

  @Override
  public void bodyBuffered(Destination destination) {
    destination.totals().bodyHandled("buffered");
    backend.bodyBuffered(destination);
  }

  @Override
  public void retried(Destination destination, String reason) {
    destination.totals().retried(reason);
    backend.retried(destination, reason);
  }
}
