package io.httppool.agent.core;

import io.httppool.agent.config.AgentConfig;

/**
 * The agent's own retry of a request that failed only because the idle connection it reused had gone stale.
 * Pooling is what exposes a request to that failure (a client per request never reuses a connection), so the
 * agent takes it back: once, on a new connection, and only when that is safe, for an idempotent method or a
 * request of which no byte was sent. A family asks only where the library itself will not retry the failure,
 * so retries never stack; {@code retry-stale=false} turns it off.
 */
public final class StaleRetry {
  private static final ThreadLocal<Boolean> RETRYING = new ThreadLocal<>();

  private final AgentConfig config;
  private final PoolRecorder recorder;

  public StaleRetry(AgentConfig config, PoolRecorder recorder) {
    this.config = config;
    this.recorder = recorder;
  }

  /**
   * Whether to retry a request that failed with {@code error}; counts the retry when so. {@code requestUnsent}
   * is true only when the library guarantees that no byte of the request reached the socket.
   */
  public boolean shouldRetry(Destination destination, String method, boolean requestUnsent,
      boolean onReusedConnection, Throwable error) {
    return onReusedConnection && ErrorType.classify(error, false, true) == ErrorType.STALE_CONNECTION
        && shouldRetryStale(destination, method, requestUnsent);
  }

  /**
   * Whether to retry a request whose attempt on a reused connection failed as {@code stale_connection} by its
   * family's own reading of the failure; counts the retry when so.
   */
  public boolean shouldRetryStale(Destination destination, String method, boolean requestUnsent) {
    if (!config.retryStale() || inRetry() || !(HttpMethods.isIdempotent(method) || requestUnsent)) {
      return false;
    }
    recorder.retried(destination, ErrorType.STALE_CONNECTION.id());
    return true;
  }

  /** From here to {@link #end()}, pools on the calling thread hand out only new connections. */
  public static void begin() {
    RETRYING.set(Boolean.TRUE);
  }

  public static void end() {
    RETRYING.remove();
  }

  /** Whether the calling thread is inside the agent's retry, where no idle connection may be reused. */
  public static boolean inRetry() {
    return RETRYING.get() != null;
  }
}
