package io.httppool.agent.config;

import java.util.Locale;

/** The destination a per-host override applies to: a host, and a port or any port. Hosts compare case-blind. */
final class HostScope {
  static final int ANY_PORT = -1;
  private static final int MAX_PORT = 65535;

  private final String host;
  private final int port;

  HostScope(String host, int port) {
    this.host = normalizeHost(host);
    this.port = port;
  }

  /**
   * Reads {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException whose message says what is wrong, like {@code "no host given"}
   */
  static HostScope parse(String text) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
        throw new IllegalArgumentException("host " + text + " is not [address] or [address]:port");
      }
      host = text.substring(0, close + 1);
      port = close + 1 < text.length() ? text.substring(close + 2) : null;
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      int colon = text.indexOf(':');
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    if (normalizeHost(host).isEmpty()) {
      throw new IllegalArgumentException("no host given");
    }
    return new HostScope(host, port == null ? ANY_PORT : parsePort(port));
  }

  /** Lower case, IPv6 brackets removed: clients differ in whether they keep them. */
  static String normalizeHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      return lower.substring(1, lower.length() - 1);
    }
    return lower;
  }

  private static int parsePort(String text) {
    try {
      int port = new IntegerType(1).parse(text);
      if (port <= MAX_PORT) {
        return port;
      }
    } catch (IllegalArgumentException notANumber) {
      // reported below, with the range
    }
    throw new IllegalArgumentException("port " + text + " is not a number from 1 to " + MAX_PORT);
  }

  boolean isHostWide() {
    return port == ANY_PORT;
  }

  HostScope hostWide() {
    return isHostWide() ? this : new HostScope(host, ANY_PORT);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof HostScope)) {
      return false;
    }
    HostScope that = (HostScope) other;
    return port == that.port && host.equals(that.host);
  }

  @Override
  public int hashCode() {
    return 31 * host.hashCode() + port;
  }

  /** As written in a key: {@code api.example.com}, {@code api.example.com:8443}, {@code [::1]:8443}. */
  @Override
  public String toString() {
    String written = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return isHostWide() ? written : written + ":" + port;
  }
}
