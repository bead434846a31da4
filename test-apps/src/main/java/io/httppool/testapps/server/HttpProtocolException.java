package io.httppool.testapps.server;

/** A request the server refuses to process; answered with {@link #status()} and then the connection is closed. */
final class HttpProtocolException extends Exception {

  private final int status;

  HttpProtocolException(int status, String message) {
    super(message);
    this.status = status;
  }

  static HttpProtocolException badRequest(String message) {
    return new HttpProtocolException(400, message);
  }

  int status() {
    return status;
  }
}
