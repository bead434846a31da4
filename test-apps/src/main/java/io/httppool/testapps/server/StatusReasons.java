package io.httppool.testapps.server;

import java.util.Map;

/** Reason phrases for status lines; any code not listed gets a generic phrase by class. */
final class StatusReasons {

  private static final Map<Integer, String> KNOWN = Map.ofEntries(
      Map.entry(100, "Continue"),
      Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
      Map.entry(204, "No Content"), Map.entry(206, "Partial Content"),
      Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"),
      Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"),
      Map.entry(308, "Permanent Redirect"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"), Map.entry(417, "Expectation Failed"),
      Map.entry(429, "Too Many Requests"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"), Map.entry(505, "HTTP Version Not Supported"));

  private StatusReasons() {
  }

  static String of(int status) {
    String known = KNOWN.get(status);
    if (known != null) {
      return known;
    }
    return switch (status / 100) {
      case 2 -> "Success";
      case 3 -> "Redirection";
      case 4 -> "Client Error";
      default -> "Server Error";
    };
  }
}
