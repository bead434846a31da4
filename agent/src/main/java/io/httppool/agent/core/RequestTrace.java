package io.httppool.agent.core;

/**
 * One request in flight, in the terms every client family shares: where it goes, since when, the connection its
 * current attempt acquired (reused or new, and how long a reused one had sat idle), how an attempt failed, and how
 * the request ended. It reports to the {@link PoolRecorder} and, when an attempt met a connection the server had
 * closed while it sat idle, teaches the {@link StaleConnectionGuard} that idle time. Each family keeps where the
 * trace lives (a thread-local, an exchange registry, an event listener) and how its errors read ({@link Errors}, given
 * to its {@link RequestTracer}).
 *
 * <p>Each attempt's failure is counted when it happens; an attempt that starts after a failed one is the
 * library's retry of it, counted in {@code httppool.retries}. Events of one request may arrive on different
 * threads (an async client's I/O reactor), one at a time.
 */
public final class RequestTrace {
  /** How a family names a failure: the core classification, or that plus the library's own exception types. */
  public interface Errors {
    Errors CORE = ErrorType::classify;

    ErrorType classify(Throwable error, boolean whileConnecting, boolean onReusedConnection);
  }

  /** The current attempt's connection, as far as it tells how a failure reads. */
  private enum Connection {
    NONE, NEW, REUSED,
    /** Reused, and a response head arrived on it since: a failure now is no longer its staleness. */
    REUSED_ANSWERED
  }

  private final RequestTracer family;
  private final Destination destination;
  private final String method;
  private final long startNanos = System.nanoTime();
  private volatile Connection connection = Connection.NONE;
  private volatile long idleBeforeAcquireNanos;
  /** How the last attempt failed, once counted; null while an attempt runs or after one succeeded. */
  private volatile ErrorType failedAttempt;

  RequestTrace(RequestTracer family, Destination destination, String method) {
    this.family = family;
    this.destination = destination;
    this.method = method;
  }

  public Destination destination() {
    return destination;
  }

  /** Whether the current attempt runs on a connection that was reused. */
  public boolean onReusedConnection() {
    return connection == Connection.REUSED || connection == Connection.REUSED_ANSWERED;
  }

  /** The current attempt got a connection: reused, after being idle this long, or a new one. */
  public void acquired(boolean onReused, long idleNanos) {
    idleBeforeAcquireNanos = idleNanos;
    connection = onReused ? Connection.REUSED : Connection.NEW;
  }

  public void responseHeadArrived() {
    if (connection == Connection.REUSED) {
      connection = Connection.REUSED_ANSWERED;
    }
  }

  /**
   * An attempt starts. Returns true when it is the library's retry of an attempt that failed, and counts that
   * retry.
   */
  public boolean attemptStarting() {
    ErrorType previous = failedAttempt;
    nextAttempt();
    if (previous == null) {
      return false;
    }
    family.recorder.retried(destination, previous.id());
    return true;
  }

  /** The agent retries the failed attempt; the retry was counted by the decision to make it. */
  public void agentRetryStarting() {
    nextAttempt();
  }

  private void nextAttempt() {
    failedAttempt = null;
    connection = Connection.NONE;
    idleBeforeAcquireNanos = 0;
  }

  public void attemptSucceeded() {
    failedAttempt = null;
  }

  /** The attempt failed: counts the failure and learns from it if the server had closed the idle connection. */
  public ErrorType attemptFailed(Throwable error) {
    failedAttempt = countFailure(error);
    return failedAttempt;
  }

  private ErrorType countFailure(Throwable error) {
    Connection on = connection;
    ErrorType type = family.errors.classify(error, on == Connection.NONE, on == Connection.REUSED);
    family.recorder.failed(destination, type);
    if (type == ErrorType.STALE_CONNECTION && idleBeforeAcquireNanos > 0) {
      family.guard.closedByServerAfterIdle(destination, idleBeforeAcquireNanos);
    }
    return type;
  }

  /**
   * The request ended with this status (0 when no response arrived) or error. A failure its last attempt ended
   * with was counted already, even if the library rethrew it as another.
   */
  public void finished(int status, Throwable error) {
    long nanos = System.nanoTime() - startNanos;
    ErrorType type = null;
    if (error != null) {
      type = failedAttempt != null ? failedAttempt : countFailure(error);
    }
    family.recorder.requestFinished(destination, method, status, type, nanos);
  }
}
