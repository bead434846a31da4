package io.httppool.agent.core;

import java.net.Socket;

/**
 * The pool's view of one call, fed by library events in the order a call sees them: started, connection
 * attempts, connection acquired (new when this call connected it, reused otherwise), response status, released,
 * and ended or failed. Events of one call arrive one at a time, except concurrent connect attempts (OkHttp 5's
 * fast fallback), which only set a flag. A connection acquired after an exchange failed means the library
 * retried the call: it is counted as a retry, never repeated by the agent.
 */
public final class CallTrace {
  private final CallTracer tracer;

  private Destination destination;
  private String method;
  private long startNanos;
  private volatile boolean connectedNew;
  private boolean acquiredAny;
  private boolean onReusedConnection;
  private ConnectionTracker.Tracked connection;
  private ConnectionTracker.Tracked lastConnection;
  private long idleBeforeAcquireNanos;
  private int status;
  private Throwable countedFailure;
  private ErrorType failedExchange;

  CallTrace(CallTracer tracer) {
    this.tracer = tracer;
  }

  public void started(String scheme, String host, int port, String method) {
    this.destination = tracer.destinations.get(tracer.client, scheme, host, port);
    this.method = method;
    this.startNanos = System.nanoTime();
  }

  public void connected() {
    connectedNew = true;
  }

  public void connectFailed(Throwable error) {
    if (destination != null) {
      countFailure(error, ErrorType.classify(error, true, false));
    }
  }

  /** A connection was handed to this call; {@code connectionKey} identifies it across calls. */
  public void acquired(Object connectionKey, Socket socket, String scheme, String host, int port) {
    boolean reused = !connectedNew;
    connectedNew = false;
    Destination connectionDestination = tracer.destinations.get(tracer.client, scheme, host, port);
    long now = System.nanoTime();
    connection = tracer.connections.track(connectionKey, connectionDestination, socket, now);
    lastConnection = connection;
    idleBeforeAcquireNanos = reused ? connection.idleNanos(now) : 0;
    tracer.connections.acquired(connection);
    acquiredAny = true;
    onReusedConnection = reused;
    tracer.recorder.connectionAcquired(connection.destination(), reused);
    if (failedExchange != null) {
      tracer.recorder.retried(connection.destination(), failedExchange.id());
      failedExchange = null;
    }
  }

  /** The response's {@code Keep-Alive} header, if any: the server's idle timeout for this connection. */
  public void keepAliveHeader(String header) {
    long millis = KeepAliveHeader.timeoutMillis(header);
    if (millis > 0 && connection != null) {
      connection.keepAliveHintMillis(millis);
    }
  }

  public void released() {
    if (connection != null) {
      tracer.connections.released(connection);
      connection = null;
    }
  }

  public void responseStatus(int code) {
    status = code;
  }

  /** A request or response on the current connection failed; the library may still retry the call. */
  public void exchangeFailed(Throwable error) {
    if (destination == null) {
      return;
    }
    ErrorType type = ErrorType.classify(error, false, onReusedConnection);
    countFailure(error, type);
    failedExchange = type;
    if (type == ErrorType.STALE_CONNECTION && lastConnection != null) {
      tracer.staleGuard.closedByServerAfterIdle(lastConnection.destination(), idleBeforeAcquireNanos);
    }
  }

  public void ended() {
    if (destination != null) {
      tracer.recorder.requestFinished(destination, method, status, null, System.nanoTime() - startNanos);
    }
  }

  public void failed(Throwable error) {
    if (destination == null) {
      return;
    }
    ErrorType type = ErrorType.classify(error, !acquiredAny, onReusedConnection);
    if (error != countedFailure) {
      countFailure(error, type);
    }
    tracer.recorder.requestFinished(destination, method, status, type, System.nanoTime() - startNanos);
  }

  private void countFailure(Throwable error, ErrorType type) {
    countedFailure = error;
    tracer.recorder.failed(destination, type);
  }
}
