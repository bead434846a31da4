package io.httppool.agent.core;

/**
 * Starts a {@link RequestTrace} for each request of one client family, which reads its errors its own way. A
 * family whose request runs on the calling thread, its leases included, keeps the trace there: the request
 * running on a thread is then the {@link #current} one (a nested request, say one made by an interceptor, hides
 * the outer one until it ends).
 */
public final class RequestTracer {
  final PoolRecorder recorder;
  final StaleConnectionGuard guard;
  final RequestTrace.Errors errors;
  private final ThreadLocal<RequestTrace> onThread = new ThreadLocal<>();

  public RequestTracer(PoolRecorder recorder, StaleConnectionGuard guard, RequestTrace.Errors errors) {
    this.recorder = recorder;
    this.guard = guard;
    this.errors = errors;
  }

  public RequestTrace start(Destination destination, String method) {
    return new RequestTrace(this, destination, method, false, null);
  }

  /** Starts a trace that is the calling thread's {@link #current} one until it finishes. */
  public RequestTrace startOnThread(Destination destination, String method) {
    RequestTrace started = new RequestTrace(this, destination, method, true, onThread.get());
    onThread.set(started);
    return started;
  }

  /** The trace of the request running on the calling thread, or null. */
  public RequestTrace current() {
    return onThread.get();
  }

  void leftThread(RequestTrace finished) {
    if (onThread.get() != finished) {
      return;
    }
    // set, not remove: remove() clears the entry's weak reference in native code and the next request's set()
    // allocates a new entry; a null value keeps the entry and holds nothing
    onThread.set(finished.outer);
  }
}
