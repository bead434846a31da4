package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.instrumentation.apache5.Apache5Support;
import io.httppool.agent.metrics.PoolMetrics;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One classic request, from {@code doExecute} entry to its return: the duration until the response head, the
 * status or the error. The lease on the same thread tells it whether it ran on a reused connection, which is
 * what separates a stale connection from a plain reset.
 */
final class RequestTrace implements Apache5Support.Trace {
  private static final ThreadLocal<RequestTrace> CURRENT = new ThreadLocal<>();

  private final PoolMetrics metrics;
  private final Destination destination;
  private final String method;
  private final long startNanos = System.nanoTime();
  private final RequestTrace outer;
  private boolean acquired;
  private boolean reused;

  private RequestTrace(PoolMetrics metrics, Destination destination, String method) {
    this.metrics = metrics;
    this.destination = destination;
    this.method = method;
    this.outer = CURRENT.get();
  }

  static RequestTrace start(PoolMetrics metrics, Destination destination, String method) {
    RequestTrace trace = new RequestTrace(metrics, destination, method);
    CURRENT.set(trace);
    return trace;
  }

  /** The request running on this thread, or null. */
  static RequestTrace current() {
    return CURRENT.get();
  }

  void acquired(boolean onReused) {
    acquired = true;
    reused = onReused;
  }

  @Override
  public void finished(Object response, Throwable error) {
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
    long nanos = System.nanoTime() - startNanos;
    if (error != null) {
      ErrorType type = Apache5Errors.classify(error, !acquired, reused);
      metrics.failed(destination, type);
      metrics.requestFinished(destination, method, 0, type, nanos);
    } else {
      int status = response instanceof HttpResponse ? ((HttpResponse) response).getCode() : 0;
      metrics.requestFinished(destination, method, status, null, nanos);
    }
  }
}
