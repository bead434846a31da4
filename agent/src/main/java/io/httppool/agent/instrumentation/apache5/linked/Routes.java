package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.Destination;
import io.httppool.agent.metrics.PoolMetrics;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;

/** Where a route or a host goes, as the metrics name it. */
final class Routes {
  private Routes() {}

  static Destination destination(PoolMetrics metrics, HttpRoute route) {
    return destination(metrics, route.getTargetHost());
  }

  static Destination destination(PoolMetrics metrics, HttpHost host) {
    return metrics.destination(Client.APACHE5, scheme(host), host.getHostName(), port(host));
  }

  static String scheme(HttpHost host) {
    String scheme = host.getSchemeName();
    return scheme == null ? "http" : scheme;
  }

  static int port(HttpHost host) {
    int port = host.getPort();
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(host.getSchemeName()) ? 443 : 80;
  }
}
