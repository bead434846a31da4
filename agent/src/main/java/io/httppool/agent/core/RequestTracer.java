package io.httppool.agent.core;

/** Starts a {@link RequestTrace} for each request of one client family, which reads its errors its own way. */
public final class RequestTracer {
  final PoolRecorder recorder;
  final StaleConnectionGuard guard;
  final RequestTrace.Errors errors;

  public RequestTracer(PoolRecorder recorder, StaleConnectionGuard guard, RequestTrace.Errors errors) {
    this.recorder = recorder;
    this.guard = guard;
    this.errors = errors;
  }

  public RequestTrace start(Destination destination, String method) {
    return new RequestTrace(this, destination, method);
  }
}
