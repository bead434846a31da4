package io.httppool.testapps.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;

/** Serves the requests of one connection, one after the other, on a thread of its own. */
final class ConnectionWorker implements Runnable {

  private static final int BUFFER_SIZE = 64 * 1024;
  private static final int DRAIN_MILLIS = 500;
  private static final int DRAIN_MAX_BYTES = 1024 * 1024;

  private final Socket socket;
  private final ServerConfig config;
  private final ServerMetrics metrics;
  private final Runnable release;
  private final RawConnection connection;
  private final HttpRequestReader reader;
  private final HttpResponseWriter writer;

  /** @param release closes the socket and updates the open-connection count, once, however often called */
  ConnectionWorker(Socket socket, long sequenceNumber, ServerConfig config, ServerMetrics metrics,
           Runnable release) throws IOException {
    this.socket = socket;
    this.config = config;
    this.metrics = metrics;
    this.release = release;
    InputStream input = new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE);
    BufferedOutputStream output = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
    this.connection = new RawConnection(socket, input, output, sequenceNumber);
    this.reader = new HttpRequestReader(input);
    this.writer = new HttpResponseWriter(output);
  }

  @Override
  public void run() {
    try {
      if (config.interceptor().onConnectionOpened(connection) == Interception.TAKEN_OVER) {
        return;
      }
      socket.setSoTimeout(config.firstRequestTimeoutMillis());
      if (socket instanceof SSLSocket tls) {
        tls.startHandshake();
      }
      serveRequests();
    } catch (IOException | RuntimeException peerGoneOrFailed) {
      // nobody left to answer: the peer reset or failed the handshake, or the server is closing
      metrics.connectionClosedOnError(peerGoneOrFailed);
    } finally {
      release.run();
    }
  }

  private void serveRequests() throws IOException {
    while (true) {
      ServerRequest request;
      try {
        request = readRequest();
      } catch (SocketTimeoutException idle) {
        metrics.connectionClosedIdle();
        return;
      } catch (HttpProtocolException rejected) {
        rejectAndClose(rejected);
        return;
      }
      if (request == null) {
        return;
      }
      connection.requestReceived();
      metrics.requestReceived(request);
      socket.setSoTimeout(config.idleTimeoutMillis());
      if (config.interceptor().onRequest(connection, request) == Interception.TAKEN_OVER) {
        return;
      }
      ServerResponse response = respond(request);
      boolean closeAfterResponse = mustCloseAfter(request) || response.closesConnection();
      writer.write(response, request.method().equals("HEAD"), connectionHeaders(closeAfterResponse));
      // counted before the last bytes leave, so a client holding the whole response always sees it counted
      metrics.responseSent();
      writer.flush();
      if (config.interceptor().onResponseSent(connection, request) == Interception.TAKEN_OVER
          || closeAfterResponse) {
        return;
      }
    }
  }

  /** The next complete request, or null if the client closed the connection between requests. */
  private ServerRequest readRequest() throws IOException, HttpProtocolException {
    RequestHead head = reader.readHead();
    if (head == null) {
      return null;
    }
    if (head.headers().contains("Expect")) {
      if (!head.headers().hasToken("Expect", "100-continue")) {
        throw new HttpProtocolException(417, "only Expect: 100-continue is supported");
      }
      if (head.hasBody() && head.isHttp11()) {
        writer.writeContinue();
      }
    }
    byte[] body = reader.readBody(head);
    return new ServerRequest(head, body, socket instanceof SSLSocket tls ? tls.getSession() : null);
  }

  private ServerResponse respond(ServerRequest request) throws IOException {
    try {
      return config.router().dispatch(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("server is closing");
    } catch (Exception handlerFailure) {
      return ServerResponse.text(500, "internal server error\n");
    }
  }

  private boolean mustCloseAfter(ServerRequest request) {
    int limit = config.maxRequestsPerConnection();
    return config.closeAfterEveryResponse()
        || !request.version().equals("HTTP/1.1")
        || request.headers().hasToken("Connection", "close")
        || (limit > 0 && connection.requestsReceived() >= limit);
  }

  private Headers connectionHeaders(boolean close) {
    if (close) {
      return Headers.empty().with("Connection", "close");
    }
    if (config.keepAliveHintSeconds() != ServerConfig.NO_KEEP_ALIVE_HINT) {
      return Headers.empty().with("Keep-Alive", "timeout=" + config.keepAliveHintSeconds());
    }
    return Headers.empty();
  }

  private void rejectAndClose(HttpProtocolException rejected) throws IOException {
    String body = StatusReasons.of(rejected.status()).toLowerCase(java.util.Locale.ROOT)
        + ": " + rejected.getMessage() + "\n";
    writer.write(ServerResponse.text(rejected.status(), body), false, Headers.empty().with("Connection", "close"));
    writer.flush();
    drainBeforeClose();
  }

  /**
   * Closing a TCP socket that still has unread request bytes makes the kernel send RST, which can destroy the
   * error response before the client reads it. So stop writing, read what the client still sends for a moment,
   * and only then close.
   */
  private void drainBeforeClose() throws IOException {
    if (socket instanceof SSLSocket) {
      return;
    }
    socket.shutdownOutput();
    socket.setSoTimeout(DRAIN_MILLIS);
    InputStream input = connection.input();
    byte[] sink = new byte[8192];
    long drained = 0;
    int read;
    while (drained < DRAIN_MAX_BYTES && (read = input.read(sink)) >= 0) {
      drained += read;
    }
  }
}
