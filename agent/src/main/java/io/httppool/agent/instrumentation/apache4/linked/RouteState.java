package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.Destination;
import org.apache.http.conn.routing.HttpRoute;

/** One route of one manager: its metrics destination, computed once. */
final class RouteState {
  final HttpRoute route;
  final Destination destination;

  RouteState(HttpRoute route, Destination destination) {
    this.route = route;
    this.destination = destination;
  }
}
