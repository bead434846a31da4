package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.core.Destination;
import org.apache.http.conn.routing.HttpRoute;

/** One route of one async manager and its metrics destination, computed once. */
final class AsyncRoute {
  final HttpRoute route;
  final Destination destination;

  AsyncRoute(HttpRoute route, Destination destination) {
    this.route = route;
    this.destination = destination;
  }
}
