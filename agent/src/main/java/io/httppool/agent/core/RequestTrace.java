package io.httppool.agent.core;

/**
 * One request in flight, in the terms every client family shares: where it goes, since when, the connection its
 * current attempt acquired (reused or new, to which server, and how long a reused one had sat idle), how an
 * attempt or a connect failed, and how the request ended. It reports to the {@link PoolRecorder} and, when an
 * attempt met a connection the server had closed while it sat idle, teaches the {@link StaleConnectionGuard} that
 * idle time. Each family keeps where the trace lives (a thread, an exchange registry, an event listener) and how
 * its errors read ({@link Errors}, given to its {@link RequestTracer}).
 *
 * <p>Each failure is counted when it happens, against the request's destination, so that a destination's error
 * rate is its failed requests over its requests. An attempt that starts after a failed one is the library's retry
 * of it, counted in {@code httppool.retries} against the server the failed attempt went to; that server is also
 * the one the guard learns about. A failure the library rethrows, or rethrows as another, when the request ends is
 * not counted again. Events of one request may arrive on different threads (an async client's I/O reactor), one
 * at a time, except connect failures (OkHttp 5 connects to several addresses at once).
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
  /** Whether the trace lives on its thread ({@link RequestTracer#startOnThread}), and the one it hides there. */
  final boolean onThread;
  final RequestTrace outer;
  /** The server of the last connection acquired: the request's destination until a redirect leads elsewhere. */
  private volatile Destination server;
  private volatile Connection connection = Connection.NONE;
  private volatile long idleBeforeAcquireNanos;
  /** How the last attempt failed, once counted; null while an attempt runs or after one succeeded. */
  private volatile ErrorType failedAttempt;
  /** The last failure counted, and as what: the same exception ending the request is not counted again. */
  private volatile Throwable countedError;
  private volatile ErrorType countedType;

  RequestTrace(RequestTracer family, Destination destination, String method, boolean onThread,
      RequestTrace outer) {
    this.family = family;
    this.destination = destination;
    this.method = method;
    this.onThread = onThread;
    this.outer = outer;
    this.server = destination;
  }

  public Destination destination() {
    return destination;
  }

  /** The server of the connection the current or last attempt acquired: the destination, unless redirected. */
  public Destination server() {
    return server;
  }

  /** Whether the current attempt runs on a connection that was reused. */
  public boolean onReusedConnection() {
    return connection == Connection.REUSED || connection == Connection.REUSED_ANSWERED;
  }

  /** The current attempt got a connection to the request's destination: reused, idle this long, or a new one. */
  public void acquired(boolean onReused, long idleNanos) {
    acquired(destination, onReused, idleNanos);
  }

  /** The current attempt got a connection to {@code server}: reused, after being idle this long, or a new one. */
  public void acquired(Destination server, boolean onReused, long idleNanos) {
    this.server = server;
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
    family.recorder.retried(server, previous.id());
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

  /**
   * Connecting a new connection failed; the library may try another address, which is no retry of the request.
   * Counted as a failure.
   */
  public void connectFailed(Throwable error) {
    count(error, family.errors.classify(error, true, false));
  }

  private ErrorType countFailure(Throwable error) {
    Connection on = connection;
    ErrorType type = count(error, family.errors.classify(error, on == Connection.NONE, on == Connection.REUSED));
    if (type == ErrorType.STALE_CONNECTION && idleBeforeAcquireNanos > 0) {
      family.guard.closedByServerAfterIdle(server, idleBeforeAcquireNanos);
    }
    return type;
  }

  private ErrorType count(Throwable error, ErrorType type) {
    family.recorder.failed(destination, type);
    countedType = type;
    countedError = error;
    return type;
  }

  /**
   * The request ended with this status (0 when no response arrived) or error. A failure counted already, or the
   * one its last attempt ended with even if the library rethrew it as another, is not counted again.
   */
  public void finished(int status, Throwable error) {
    long nanos = System.nanoTime() - startNanos;
    if (onThread) {
      family.leftThread(this);
    }
    ErrorType type = null;
    if (error != null) {
      type = error == countedError ? countedType : failedAttempt != null ? failedAttempt : countFailure(error);
    }
    family.recorder.requestFinished(destination, method, status, type, nanos);
  }
}
