package io.httppool.testapps.server;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP/2 server on 127.0.0.1 over TLS, with ALPN choosing {@code h2} (or {@code http/1.1} for a client that
 * offers only that), for the {@code java.net.http} tests; {@link LocalHttpServer} speaks HTTP/1.1 only. Jetty does
 * the protocol; this class serves the routes the tests need and counts what the client did: TCP connections,
 * HTTP/2 connections, requests per protocol, and the most requests (streams) in flight at once.
 *
 * <ul>
 *   <li>{@code POST|PUT /echo}: the request body, as {@code LocalHttpServer}'s {@code /echo}</li>
 *   <li>{@code GET /delay/{ms}}: {@code delayed {ms} ms}, after that long</li>
 *   <li>{@code GET /bytes/{n}}: n bytes of {@link DeterministicBytes}</li>
 * </ul>
 */
public final class LocalHttp2Server implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final LongAdder tcpConnections = new LongAdder();
  private final AtomicInteger openTlsConnections = new AtomicInteger();
  private final AtomicInteger maxOpenTlsConnections = new AtomicInteger();
  private final LongAdder http2Connections = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> requestsByProtocol = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();

  private LocalHttp2Server(SSLContext sslContext) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("h2-server");
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // the client connects to 127.0.0.1 and sends no SNI; the test certificate names it anyway
    secure.setSniHostCheck(false);
    config.addCustomizer(secure);
    HttpConnectionFactory http11 = new HttpConnectionFactory(config);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(http11.getProtocol());
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setSslContext(sslContext);
    connector = new ServerConnector(server, 1, 1,
        new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.addEventListener(new SelectorManager.AcceptListener() {
      @Override
      public void onAccepted(SelectableChannel channel) {
        tcpConnections.increment();
      }
    });
    connector.addEventListener(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        if (connection instanceof SslConnection) {
          maxOpenTlsConnections.accumulateAndGet(openTlsConnections.incrementAndGet(), Math::max);
        } else if (connection.getClass().getSimpleName().startsWith("HTTP2")) {
          http2Connections.increment();
        }
      }

      @Override
      public void onClosed(Connection connection) {
        if (connection instanceof SslConnection) {
          openTlsConnections.decrementAndGet();
        }
      }
    });
    server.addConnector(connector);
    server.setHandler(new Routes());
    server.start();
  }

  /** Starts a server whose TLS identity is {@code sslContext}'s. */
  public static LocalHttp2Server start(SSLContext sslContext) {
    try {
      return new LocalHttp2Server(sslContext);
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP/2 server did not start", e);
    }
  }

  /** {@code https://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "https://127.0.0.1:" + connector.getLocalPort() + path;
  }

  /** TCP connections accepted since the start. */
  public long connectionsAccepted() {
    return tcpConnections.sum();
  }

  /** The most TLS connections open at once. */
  public int maxOpenConnections() {
    return maxOpenTlsConnections.get();
  }

  /** Connections on which ALPN chose HTTP/2. */
  public long http2Connections() {
    return http2Connections.sum();
  }

  /** Requests received over {@code protocol} ({@code HTTP/2.0}, {@code HTTP/1.1}). */
  public long requests(String protocol) {
    LongAdder count = requestsByProtocol.get(protocol);
    return count == null ? 0 : count.sum();
  }

  public long requests() {
    return requests.get();
  }

  /** The most requests in the server's hands at once: over HTTP/2, streams in flight. */
  public int maxRequestsInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP/2 server did not stop", e);
    }
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      requests.incrementAndGet();
      requestsByProtocol.computeIfAbsent(request.getConnectionMetaData().getHttpVersion().asString(),
          protocol -> new LongAdder()).increment();
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        byte[] body = answer(request, response);
        if (body == null) {
          return false;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        inFlight.decrementAndGet();
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
      } catch (Exception | Error e) {
        inFlight.decrementAndGet();
        throw e;
      }
    }

    /** The body of the route's answer, or null for no route (Jetty answers 404). */
    private byte[] answer(Request request, Response response) throws Exception {
      String path = request.getHttpURI().getPath();
      String method = request.getMethod();
      if (path.equals("/echo") && (method.equals("POST") || method.equals("PUT"))) {
        try (InputStream in = Request.asInputStream(request)) {
          return in.readAllBytes();
        }
      }
      String last = path.substring(path.lastIndexOf('/') + 1);
      if (path.startsWith("/delay/") && method.equals("GET")) {
        TimeUnit.MILLISECONDS.sleep(Long.parseLong(last));
        return ("delayed " + last + " ms").getBytes(StandardCharsets.US_ASCII);
      }
      if (path.startsWith("/bytes/") && method.equals("GET")) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DeterministicBytes.write(bytes, Long.parseLong(last));
        return bytes.toByteArray();
      }
      return null;
    }
  }
}
