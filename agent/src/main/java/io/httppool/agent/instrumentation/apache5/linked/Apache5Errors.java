package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.ErrorType;
import java.util.concurrent.TimeoutException;

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
