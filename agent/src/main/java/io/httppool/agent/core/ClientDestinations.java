package io.httppool.agent.core;

/** The destinations of one client family, named from what a library knows of a request's target. */
public final class ClientDestinations {
  private final Client client;
  private final Destinations all;

  ClientDestinations(Client client, Destinations all) {
    this.client = client;
    this.all = all;
  }

  /** {@code scheme} null means http; a {@code port} of 0 or less means the scheme's default. */
  public Destination get(String scheme, String host, int port) {
    String knownScheme = scheme == null ? "http" : scheme;
    return all.get(client, knownScheme, host, port(knownScheme, port));
  }

  /** The port a target means: its own when it names one, else 443 for https and 80 for anything else. */
  public static int port(String scheme, int port) {
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
