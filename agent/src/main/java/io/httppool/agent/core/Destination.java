package io.httppool.agent.core;

/**
 * Where connections go: one client family, scheme, host and port. It carries the running totals the report
 * prints. Hosts beyond the configured cap share one destination whose host is {@code _other}.
 */
public final class Destination {
  public static final String OTHER_HOST = "_other";

  private final Client client;
  private final String scheme;
  private final String host;
  private final int port;
  private final String server;

  private final DestinationTotals totals = new DestinationTotals();

  Destination(Client client, String scheme, String host, int port) {
    this.client = client;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.server = scheme + "://" + host + ":" + port;
  }

  public Client client() {
    return client;
  }

  public String scheme() {
    return scheme;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The server this destination talks to, the same for every client family. */
  public String server() {
    return server;
  }

  /** Running totals for the report. */
  public DestinationTotals totals() {
    return totals;
  }

  @Override
  public String toString() {
    return client.id() + " " + scheme + "://" + host + ":" + port;
  }
}
