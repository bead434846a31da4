package io.httppool.agent.core;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** The contract's {@code error.type} values, and the one rule that maps an exception to one of them. */
public enum ErrorType {
  STALE_CONNECTION("stale_connection"),
  CONNECTION_RESET("connection_reset"),
  CONNECT_TIMEOUT("connect_timeout"),
  CONNECT_REFUSED("connect_refused"),
  READ_TIMEOUT("read_timeout"),
  TLS("tls"),
  DNS("dns"),
  POOL_TIMEOUT("pool_timeout"),
  OTHER("other");

  private final String id;

  ErrorType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * Classifies a failure. {@code whileConnecting} is true when it happened before a connection was established;
   * {@code onReusedConnection} is true when the request ran on a connection taken idle from the pool, where a
   * peer that closed or reset the connection means the connection had gone stale while it waited.
   */
  public static ErrorType classify(Throwable error, boolean whileConnecting, boolean onReusedConnection) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      ErrorType type = classifyOne(t, whileConnecting, onReusedConnection);
      if (type != OTHER) {
        return type;
      }
    }
    return OTHER;
  }

  private static ErrorType classifyOne(Throwable t, boolean whileConnecting, boolean onReusedConnection) {
    String className = t.getClass().getName();
    if (className.endsWith("ConnectionPoolTimeoutException")
        || className.endsWith("ConnectionRequestTimeoutException")) {
      return POOL_TIMEOUT;
    }
    if (t instanceof UnknownHostException) {
      return DNS;
    }
    if (t instanceof SSLException) {
      return TLS;
    }
    if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
      String message = lowerMessage(t);
      return message.contains("timed out") ? CONNECT_TIMEOUT : CONNECT_REFUSED;
    }
    if (t instanceof SocketTimeoutException) {
      return whileConnecting || lowerMessage(t).contains("connect timed out") ? CONNECT_TIMEOUT : READ_TIMEOUT;
    }
    if (closedByPeer(t, className)) {
      return onReusedConnection && !whileConnecting ? STALE_CONNECTION : CONNECTION_RESET;
    }
    if (className.endsWith("ConnectTimeoutException")) {
      return CONNECT_TIMEOUT;
    }
    if (t instanceof InterruptedIOException && lowerMessage(t).contains("timeout")) {
      return READ_TIMEOUT;
    }
    return OTHER;
  }

  private static boolean closedByPeer(Throwable t, String className) {
    if (className.endsWith("NoHttpResponseException") || t instanceof EOFException) {
      return true;
    }
    String message = lowerMessage(t);
    if (t instanceof SocketException) {
      // "Unexpected end of file from server": HttpURLConnection found the connection closed before the status line
      return message.contains("reset") || message.contains("broken pipe") || message.contains("closed")
          || message.contains("end of file");
    }
    return message.contains("unexpected end of stream") || message.contains("end of stream")
        || message.contains("connection reset");
  }

  private static String lowerMessage(Throwable t) {
    String message = t.getMessage();
    return message == null ? "" : message.toLowerCase(Locale.ROOT);
  }
}
