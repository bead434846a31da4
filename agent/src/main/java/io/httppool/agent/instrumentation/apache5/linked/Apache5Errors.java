package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.ErrorType;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;

/** The core classification, plus the pool deadline HttpClient 5 reports with its own exception types. */
final class Apache5Errors {
  private Apache5Errors() {}

  static ErrorType classify(Throwable error, boolean whileConnecting, boolean onReusedConnection) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isPoolTimeout(t)) {
        return ErrorType.POOL_TIMEOUT;
      }
    }
    return ErrorType.classify(error, whileConnecting, onReusedConnection);
  }

  /**
   * An async request's failure. {@code onReusedBeforeResponse}: its last attempt ran on a reused connection and no
   * response head arrived. There, besides what {@link ErrorType#classify} calls a close by the peer, the 5.x
   * reactor's own report of it is stale: {@code ConnectionClosedException} ("Connection closed by peer") and its
   * subclass {@code RequestNotExecutedException} (the connection closed before the request was written).
   */
  static ErrorType classifyAsync(Throwable error, boolean onReusedBeforeResponse) {
    ErrorType type = classify(error, false, onReusedBeforeResponse);
    if (type == ErrorType.OTHER && onReusedBeforeResponse) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ConnectionClosedException) {
          return ErrorType.STALE_CONNECTION;
        }
      }
    }
    return type;
  }

  /** Whether a lease failed because its deadline passed (the future's own timeout or the pool's deadline). */
  static boolean isLeaseTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || isPoolTimeout(t)) {
        return true;
      }
    }
    return false;
  }

  static boolean isPoolTimeout(Throwable t) {
    String name = t.getClass().getName();
    return name.equals("org.apache.hc.core5.util.DeadlineTimeoutException")
        || name.equals("org.apache.hc.core5.http.ConnectionRequestTimeoutException");
  }
}
