package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;

/** Where a route or a host goes, as the metrics name it. */
final class Routes {
  private final ClientDestinations destinations;

  Routes(Destinations all) {
    this.destinations = all.of(Client.APACHE5);
  }

  Destination destination(HttpRoute route) {
    return destination(route.getTargetHost());
  }

  Destination destination(HttpHost host) {
    return destinations.get(host.getSchemeName(), host.getHostName(), host.getPort());
  }

  /** {@code scheme} null means http; a {@code port} of 0 or less means the scheme's default. */
  Destination destination(String scheme, String host, int port) {
    return destinations.get(scheme, host, port);
  }

  static int port(HttpHost host) {
    return ClientDestinations.port(host.getSchemeName(), host.getPort());
  }
}
