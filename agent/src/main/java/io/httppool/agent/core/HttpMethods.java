package io.httppool.agent.core;

/** The request methods metrics name; any other is reported as {@code _OTHER}, as the HTTP conventions ask. */
final class HttpMethods {
  private static final String[] KNOWN = {
      "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "QUERY", "_OTHER"};

  private HttpMethods() {}

  static String normalize(String method) {
    if (method != null) {
      for (String known : KNOWN) {
        if (known.equals(method)) {
          return known;
        }
      }
    }
    return "_OTHER";
  }

  static int index(String normalized) {
    for (int i = 0; i < KNOWN.length; i++) {
      if (KNOWN[i].equals(normalized)) {
        return i;
      }
    }
    return KNOWN.length - 1;
  }
}
