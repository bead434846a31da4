package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.instrumentation.apache.ClassicRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Where one classic request's {@link RequestTrace} lives: on the calling thread, from {@code doExecute} entry to
 * its return (the response head). The lease on the same thread tells it whether the current attempt runs on a
 * reused connection and how long that connection sat idle, which is what separates a stale connection from a
 * plain reset, and what the stale-connection guard learns the server's idle timeout from.
 *
 * <p>Where the client's exec chain has the agent's {@link StaleRetryExec}, each pass through it is an attempt.
 * Without it (a {@code MinimalHttpClient}) the request is one attempt.
 */
final class ClassicRequestTrace implements ClassicRequest {
  private static final ThreadLocal<ClassicRequestTrace> CURRENT = new ThreadLocal<>();
  static final RequestTrace.Errors ERRORS = Apache5Errors::classify;

  private final RequestTrace trace;
  private final ClassicRequestTrace outer;

  private ClassicRequestTrace(RequestTrace trace) {
    this.trace = trace;
    this.outer = CURRENT.get();
  }

  static ClassicRequestTrace start(RequestTracer tracer, Destination destination, String method) {
    ClassicRequestTrace started = new ClassicRequestTrace(tracer.start(destination, method));
    CURRENT.set(started);
    return started;
  }

  /** The trace of the request running on this thread, or null. */
  static RequestTrace current() {
    ClassicRequestTrace current = CURRENT.get();
    return current == null ? null : current.trace;
  }

  @Override
  public void finished(Object response, Throwable error) {
    // keeps the thread's entry, as RequestTracer does
    CURRENT.set(outer);
    int status = error == null && response instanceof HttpResponse ? ((HttpResponse) response).getCode() : 0;
    trace.finished(status, error);
  }
}
