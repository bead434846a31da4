package io.httppool.testapps.server;

import java.io.IOException;

/**
 * Extension point for fault injection. Callbacks run on the connection's own thread, so one that blocks
 * (for instance reading until the client gives up) delays only that connection; {@link LocalHttpServer#close()}
 * closes the socket under it. An exception closes the connection, like {@link Interception#TAKEN_OVER}.
 */
public interface ConnectionInterceptor {

  ConnectionInterceptor NONE = new ConnectionInterceptor() {
  };

  /** Right after accept, before the TLS handshake and before any byte is read. */
  default Interception onConnectionOpened(RawConnection connection) throws IOException {
    return Interception.CONTINUE;
  }

  /** After a request has been read completely, before its handler runs and anything is written. */
  default Interception onRequest(RawConnection connection, ServerRequest request) throws IOException {
    return Interception.CONTINUE;
  }

  /** After the response has been written and flushed, before the server waits for the next request. */
  default Interception onResponseSent(RawConnection connection, ServerRequest request) throws IOException {
    return Interception.CONTINUE;
  }
}
