package io.httppool.testapps.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for end-to-end tests and the demo.
 * Persistent connections by default; one daemon thread per connection; request bodies are read whole
 * (up to 64 MB, 413 beyond) before the handler runs. See {@link BuiltInRoutes} for what it answers and
 * {@link Builder} for how it behaves.
 */
public final class LocalHttpServer implements AutoCloseable {

  private static final InetAddress LOOPBACK = loopbackV4();
  private static final int ACCEPT_BACKLOG = 256;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final ServerConfig config;
  private final ServerSocket serverSocket;
  private final ServerMetrics metrics = new ServerMetrics();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong acceptedSequence = new AtomicLong();
  private final ThreadPoolExecutor connectionThreads;
  private final Thread acceptThread;
  private volatile boolean closed;

  private LocalHttpServer(ServerConfig config) throws IOException {
    this.config = config;
    this.serverSocket = openServerSocket(config);
    this.connectionThreads = new ThreadPoolExecutor(0, config.maxConnections(), 10, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemonThreads("local-http-" + port() + "-connection-"));
    this.acceptThread = new Thread(this::acceptLoop, "local-http-" + port() + "-accept");
    acceptThread.setDaemon(true);
    acceptThread.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A plain-HTTP server with all defaults. */
  public static LocalHttpServer start() {
    return builder().start();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  public boolean isTls() {
    return config.isTls();
  }

  /** E.g. {@code http://127.0.0.1:40123/hello} for {@code url("/hello")}. */
  public String url(String path) {
    return (isTls() ? "https" : "http") + "://127.0.0.1:" + port() + path;
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** Stops accepting, closes every open connection (interrupting handlers) and waits briefly for the threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(serverSocket);
    joinQuietly(acceptThread);
    // the accept thread is gone, so no socket can be added while this runs
    openSockets.forEach(this::release);
    connectionThreads.shutdownNow();
    try {
      connectionThreads.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        handOff(serverSocket.accept());
      } catch (IOException acceptFailed) {
        // closed, or a transient failure such as running out of file descriptors
      }
    }
  }

  private void handOff(Socket socket) {
    openSockets.add(socket);
    metrics.connectionOpened();
    try {
      socket.setTcpNoDelay(true);
      connectionThreads.execute(new ConnectionWorker(socket, acceptedSequence.incrementAndGet(), config,
          metrics, () -> release(socket)));
    } catch (IOException | RejectedExecutionException noThreadOrBrokenSocket) {
      release(socket);
    }
  }

  /** Closes a connection and counts it closed, exactly once whoever gets here first. */
  private void release(Socket socket) {
    if (openSockets.remove(socket)) {
      // counted first, so that a client that sees the connection closed also sees it counted
      metrics.connectionClosed();
      closeQuietly(socket);
    }
  }

  private static ServerSocket openServerSocket(ServerConfig config) throws IOException {
    ServerSocket plain = config.isTls() ? config.sslContext().getServerSocketFactory().createServerSocket()
        : new ServerSocket();
    // a restarted server takes its port back at once, whatever TIME_WAIT its old connections left
    plain.setReuseAddress(true);
    plain.bind(new java.net.InetSocketAddress(LOOPBACK, config.port()), ACCEPT_BACKLOG);
    if (!config.isTls()) {
      return plain;
    }
    SSLServerSocket tls = (SSLServerSocket) plain;
    if (config.needClientAuth()) {
      tls.setNeedClientAuth(true);
    } else if (config.wantClientAuth()) {
      tls.setWantClientAuth(true);
    }
    return tls;
  }

  private static ThreadFactory daemonThreads(String namePrefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, namePrefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static InetAddress loopbackV4() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing is best effort: the peer may have reset the connection already
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Options of a {@link LocalHttpServer}; every one has a sensible default. */
  public static final class Builder {

    private static final int RESTARTABLE_PORT = -1;
    private static final int DEFAULT_FIRST_REQUEST_TIMEOUT_MILLIS = 30_000;

    private int port;
    private SSLContext sslContext;
    private boolean needClientAuth;
    private boolean wantClientAuth;
    private int idleTimeoutMillis = 30_000;
    private int firstRequestTimeoutMillis = -1;
    private boolean closeAfterEveryResponse;
    private int maxRequestsPerConnection;
    private int keepAliveHintSeconds = ServerConfig.NO_KEEP_ALIVE_HINT;
    private boolean keepAliveHintFromIdleTimeout;
    private int maxConnections = 256;
    private ConnectionInterceptor interceptor = ConnectionInterceptor.NONE;
    private final List<Router.Route> routes = new ArrayList<>();

    private Builder() {
    }

    /** Listen on this port of 127.0.0.1 (default 0: any free port); to restart a server where it was. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Listen on a free port below the operating system's ephemeral range, for a server that a test
     * closes and starts again on the same port: while it is down, an outgoing connection of any test
     * could otherwise be given that port as its local port and keep the restart from binding it.
     */
    public Builder restartablePort() {
      this.port = RESTARTABLE_PORT;
      return this;
    }

    /** Serve HTTPS with this context's key material instead of plain HTTP. */
    public Builder tls(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** TLS only: refuse clients without a certificate the context trusts. */
    public Builder needClientAuth(boolean need) {
      this.needClientAuth = need;
      return this;
    }

    /** TLS only: ask for a client certificate but accept clients without one. */
    public Builder wantClientAuth(boolean want) {
      this.wantClientAuth = want;
      return this;
    }

    /** Close a connection idle that long between requests (also the read timeout within one); 0 = never. */
    public Builder idleTimeoutMillis(int millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("idle timeout must be >= 0");
      }
      this.idleTimeoutMillis = millis;
      return this;
    }

    /**
     * Wait this long for the first request on a new connection, instead of the idle timeout: as nginx
     * ({@code client_header_timeout} 60 s, {@code keepalive_timeout} 75 s) and Node.js ({@code headersTimeout},
     * {@code keepAliveTimeout}) keep the keep-alive timer for the time between requests. Unset, 30 s or the idle
     * timeout if longer: a short idle timeout must not close a new connection whose client is slow to write its
     * first request on a loaded machine, which would fail requests no reuse made stale.
     */
    public Builder firstRequestTimeoutMillis(int millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("first request timeout must be >= 0");
      }
      this.firstRequestTimeoutMillis = millis;
      return this;
    }

    /** Answer every request with {@code Connection: close} and close the connection after it. */
    public Builder connectionCloseOnEveryResponse(boolean closeEveryTime) {
      this.closeAfterEveryResponse = closeEveryTime;
      return this;
    }

    /** After this many requests on one connection, answer with {@code Connection: close}; 0 = unlimited. */
    public Builder maxRequestsPerConnection(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max requests per connection must be >= 0");
      }
      this.maxRequestsPerConnection = max;
      return this;
    }

    /** Send {@code Keep-Alive: timeout=<idle timeout in whole seconds>} on persistent responses. */
    public Builder keepAliveHint() {
      this.keepAliveHintFromIdleTimeout = true;
      return this;
    }

    /** Send {@code Keep-Alive: timeout=seconds}, whatever the real idle timeout is (to model lying servers). */
    public Builder keepAliveHintSeconds(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("keep-alive hint must be >= 0 seconds");
      }
      this.keepAliveHintSeconds = seconds;
      this.keepAliveHintFromIdleTimeout = false;
      return this;
    }

    /** Connections served at once; beyond that a new connection is closed right after accept. */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max connections must be >= 1");
      }
      this.maxConnections = max;
      return this;
    }

    /** Adds a route, consulted before the built-in ones; see {@link Router} for the pattern syntax. */
    public Builder route(String method, String pathPattern, RouteHandler handler) {
      routes.add(new Router.Route(method, pathPattern, handler));
      return this;
    }

    /** Fault-injection hook; see {@link ConnectionInterceptor}. */
    public Builder interceptor(ConnectionInterceptor interceptor) {
      this.interceptor = interceptor;
      return this;
    }

    public LocalHttpServer start() {
      if (port == RESTARTABLE_PORT) {
        return startBelowEphemeralRange();
      }
      int hintSeconds = keepAliveHintFromIdleTimeout ? idleTimeoutMillis / 1000 : keepAliveHintSeconds;
      ServerConfig config = new ServerConfig(port, sslContext, needClientAuth, wantClientAuth, idleTimeoutMillis,
          firstRequestTimeoutMillis < 0 ? Math.max(idleTimeoutMillis, DEFAULT_FIRST_REQUEST_TIMEOUT_MILLIS)
              : firstRequestTimeoutMillis,
          closeAfterEveryResponse, maxRequestsPerConnection, hintSeconds, maxConnections,
          interceptor, Router.withBuiltInsAfter(routes));
      try {
        return new LocalHttpServer(config);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a server socket on 127.0.0.1:" + port, e);
      }
    }

    private LocalHttpServer startBelowEphemeralRange() {
      UncheckedIOException last = null;
      for (int attempt = 0; attempt < 200; attempt++) {
        port = LoopbackPorts.randomBelowEphemeralRange();
        try {
          return start();
        } catch (UncheckedIOException e) {
          last = e;
        }
      }
      throw last;
    }
  }
}
