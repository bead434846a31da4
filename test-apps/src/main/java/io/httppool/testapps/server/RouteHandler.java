package io.httppool.testapps.server;

/** Answers one request. An exception becomes a 500 response; the connection stays usable. */
@FunctionalInterface
public interface RouteHandler {

  ServerResponse handle(ServerRequest request) throws Exception;
}
