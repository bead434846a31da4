package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.instrumentation.apache5.Apache5Support;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One classic request, from {@code doExecute} entry to its return: the duration until the response head, the
 * status or the error. The lease on the same thread tells it whether the current attempt runs on a reused
 * connection and how long that connection sat idle, which is what separates a stale connection from a plain
 * reset, and what the stale-connection guard learns the server's idle timeout from.
 *
 * <p>Where the client's exec chain has the agent's {@link StaleRetryExec}, each pass through it is an attempt:
 * its failure is counted when it happens, and a pass that starts after a failed one is the library's retry of
 * it, counted in {@code httppool.retries}. Without it (a {@code MinimalHttpClient}) the request is one attempt.
 */
final class RequestTrace implements Apache5Support.Trace {
  private static final ThreadLocal<RequestTrace> CURRENT = new ThreadLocal<>();

  private final PoolRecorder recorder;
  private final StaleConnectionGuard guard;
  private final Destination destination;
  private final String method;
  private final long startNanos = System.nanoTime();
  private final RequestTrace outer;
  private boolean acquired;
  private boolean reused;
  private long idleBeforeLeaseNanos;
  /** How the last attempt failed, once counted; null while an attempt runs or after one succeeded. */
  private ErrorType failedAttempt;

  private RequestTrace(PoolRecorder recorder, StaleConnectionGuard guard, Destination destination, String method) {
    this.recorder = recorder;
    this.guard = guard;
    this.destination = destination;
    this.method = method;
    this.outer = CURRENT.get();
  }

  static RequestTrace start(PoolRecorder recorder, StaleConnectionGuard guard, Destination destination,
      String method) {
    RequestTrace trace = new RequestTrace(recorder, guard, destination, method);
    CURRENT.set(trace);
    return trace;
  }

  /** The request running on this thread, or null. */
  static RequestTrace current() {
    return CURRENT.get();
  }

  Destination destination() {
    return destination;
  }

  boolean onReusedConnection() {
    return acquired && reused;
  }

  void acquired(boolean onReused, long idleNanos) {
    acquired = true;
    reused = onReused;
    idleBeforeLeaseNanos = idleNanos;
  }

  /**
   * An attempt starts. Returns true when it is the library's retry of an attempt that failed, and counts that
   * retry.
   */
  boolean attemptStarting() {
    ErrorType previous = failedAttempt;
    nextAttempt();
    if (previous == null) {
      return false;
    }
    recorder.retried(destination, previous.id());
    return true;
  }

  /** The agent retries the failed attempt; the retry was counted by the decision to make it. */
  void agentRetryStarting() {
    nextAttempt();
  }

  private void nextAttempt() {
    failedAttempt = null;
    acquired = false;
    reused = false;
    idleBeforeLeaseNanos = 0;
  }

  void attemptSucceeded() {
    failedAttempt = null;
  }

  /** The attempt failed: counts the failure and learns from it if the server had closed the idle connection. */
  ErrorType attemptFailed(Throwable error) {
    failedAttempt = countFailure(error);
    return failedAttempt;
  }

  private ErrorType countFailure(Throwable error) {
    ErrorType type = Apache5Errors.classify(error, !acquired, reused);
    recorder.failed(destination, type);
    if (type == ErrorType.STALE_CONNECTION && idleBeforeLeaseNanos > 0) {
      guard.closedByServerAfterIdle(destination, idleBeforeLeaseNanos);
    }
    return type;
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
      // the last attempt's failure, when counted already, even if the retry element rethrew it as another
      ErrorType type = failedAttempt != null ? failedAttempt : countFailure(error);
      recorder.requestFinished(destination, method, 0, type, nanos);
    } else {
      int status = response instanceof HttpResponse ? ((HttpResponse) response).getCode() : 0;
      recorder.requestFinished(destination, method, status, null, nanos);
    }
  }
}
