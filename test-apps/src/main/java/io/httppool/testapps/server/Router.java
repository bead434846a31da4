package io.httppool.testapps.server;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Picks the first route whose method and path pattern match. A pattern is an exact path, or ends with
 * {@code *} to match any non-empty remainder (e.g. {@code /status/*}). Method {@code *} matches any method,
 * and GET routes also answer HEAD.
 */
final class Router {

  record Route(String method, String pathPattern, RouteHandler handler) {

    boolean matchesPath(String path) {
      if (pathPattern.endsWith("*")) {
        String prefix = pathPattern.substring(0, pathPattern.length() - 1);
        return path.startsWith(prefix) && path.length() > prefix.length();
      }
      return path.equals(pathPattern);
    }

    boolean matchesMethod(String requestMethod) {
      return method.equals("*") || method.equals(requestMethod)
          || (method.equals("GET") && requestMethod.equals("HEAD"));
    }
  }

  private final List<Route> routes;

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  ServerResponse dispatch(ServerRequest request) throws Exception {
    TreeSet<String> allowedMethods = new TreeSet<>();
    for (Route route : routes) {
      if (!route.matchesPath(request.path())) {
        continue;
      }
      if (route.matchesMethod(request.method())) {
        return route.handler().handle(request);
      }
      allowedMethods.add(route.method());
    }
    if (allowedMethods.isEmpty()) {
      return ServerResponse.text(404, "not found\n");
    }
    return ServerResponse.text(405, "method not allowed\n").withHeader("Allow", String.join(", ", allowedMethods));
  }

  static Router withBuiltInsAfter(List<Route> customRoutes) {
    List<Route> all = new ArrayList<>(customRoutes);
    all.addAll(BuiltInRoutes.all());
    return new Router(all);
  }
}
