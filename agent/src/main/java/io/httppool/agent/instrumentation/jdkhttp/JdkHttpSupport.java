package io.httppool.agent.instrumentation.jdkhttp;

/**
 * What the {@code java.net.http} advice calls. The implementation needs JDK 11 types, so it is compiled apart
 * ({@code src/main/java11}) and loaded by name only when the agent runs on JDK 11 or later.
 */
public interface JdkHttpSupport {
  /** Positions in the settings array the build advice passes: the fields of the JDK's builder, in this order. */
  int COOKIE_HANDLER = 0;
  int CONNECT_TIMEOUT = 1;
  int FOLLOW_REDIRECTS = 2;
  int PROXY = 3;
  int AUTHENTICATOR = 4;
  int VERSION = 5;
  int EXECUTOR = 6;
  int SSL_CONTEXT = 7;
  int SSL_PARAMETERS = 8;
  int PRIORITY = 9;
  /** From JDK 19 ({@code Builder.localAddress}); null before. */
  int LOCAL_ADDRESS = 10;

  /**
   * The caller's own client sending through the shared client for {@code settings}, or null to let the JDK build
   * its own client from {@code builder}.
   */
  Object build(Object builder, Object[] settings);

  /** An exchange of {@code request} got {@code connection}: new, or reused from the JDK's HTTP/1.1 pool. */
  void connectionHandedOut(Object connection, Object request);

  /** The JDK put {@code connection} back into its HTTP/1.1 pool. */
  void connectionReturned(Object connection);

  /**
   * A TCP connection's channel was opened, on this thread; the connection it belongs to is handed out next on this
   * thread (the JDK makes a connection and hands it out in one call).
   */
  void channelOpened(Object channel);

  /** The JDK looked up an HTTP/2 connection for {@code request}; {@code lookup} is its future. */
  void http2ConnectionLookedUp(Object request, Object lookup);
}
