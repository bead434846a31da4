package io.httppool.testapps.server;

import javax.net.ssl.SSLContext;

/** The immutable settings a {@link LocalHttpServer.Builder} collected. */
record ServerConfig(
    int port,
    SSLContext sslContext,
    boolean needClientAuth,
    boolean wantClientAuth,
    int idleTimeoutMillis,
    int firstRequestTimeoutMillis,
    boolean closeAfterEveryResponse,
    int maxRequestsPerConnection,
    int keepAliveHintSeconds,
    int maxConnections,
    ConnectionInterceptor interceptor,
    Router router) {

  static final int NO_KEEP_ALIVE_HINT = -1;

  boolean isTls() {
    return sslContext != null;
  }
}
