package io.httppool.agent.core;

/** The request methods metrics name; any other is reported as {@code _OTHER}, as the HTTP conventions ask. */
public final class HttpMethods {
  private static final String[] KNOWN = {
      "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "QUERY", "_OTHER"};

  private HttpMethods() {}

  public static String normalize(String method) {
    if (method != null) {
      for (String known : KNOWN) {
        if (known.equals(method)) {
          return known;
        }
      }
    }
    return "_OTHER";
  }

  /** Idempotent in the sense of RFC 9110: repeating the request has the effect of sending it once. */
  static boolean isIdempotent(String method) {
    if (method == null) {
      return false;
    }
    switch (method) {
      case "GET":
      case "HEAD":
      case "OPTIONS":
      case "TRACE":
      case "PUT":
      case "DELETE":
      case "QUERY":
        return true;
      default:
        return false;
    }
  }

  public static int index(String normalized) {
    for (int i = 0; i < KNOWN.length; i++) {
      if (KNOWN[i].equals(normalized)) {
        return i;
      }
    }
    return KNOWN.length - 1;
  }
}
