package io.httppool.testapps.server;

/** What the server does after a {@link ConnectionInterceptor} callback returns. */
public enum Interception {
  /** Go on serving the connection normally. */
  CONTINUE,
  /**
   * The interceptor has done what it wanted with the raw connection (written garbage, half a response,
   * nothing at all...). The server stops serving it and closes the socket if still open.
   */
  TAKEN_OVER
}
