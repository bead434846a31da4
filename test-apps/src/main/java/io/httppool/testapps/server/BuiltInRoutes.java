package io.httppool.testapps.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The routes every {@link LocalHttpServer} has. Every body is a function of the request alone, so that
 * identical requests get byte-identical responses.
 * <ul>
 *   <li>{@code POST|PUT /echo}: the request body, as {@code application/octet-stream}</li>
 *   <li>{@code GET /hello}: {@link #HELLO}</li>
 *   <li>{@code GET /status/{code}}: that status (200..599) with body {@code "status {code}"}</li>
 *   <li>{@code GET /bytes/{n}}: n bytes of {@link DeterministicBytes}, generated while sent, with a
 *       Content-Length; with {@code ?chunked=true} sent chunked instead</li>
 *   <li>{@code GET /delay/{ms}}: waits, then answers {@code "delayed {ms} ms"}</li>
 *   <li>{@code GET /whoami}: the TLS client certificate's subject DN (RFC 2253, e.g. {@code CN=client-a}),
 *       or {@code anonymous}</li>
 * </ul>
 */
public final class BuiltInRoutes {

  public static final String HELLO = "hello from the httppool test server\n";
  public static final String ANONYMOUS = "anonymous";
  public static final String OCTET_STREAM = "application/octet-stream";

  private BuiltInRoutes() {
  }

  static List<Router.Route> all() {
    return List.of(
        new Router.Route("POST", "/echo", BuiltInRoutes::echo),
        new Router.Route("PUT", "/echo", BuiltInRoutes::echo),
        new Router.Route("GET", "/hello", request -> ServerResponse.text(200, HELLO)),
        new Router.Route("GET", "/status/*", BuiltInRoutes::status),
        new Router.Route("GET", "/bytes/*", BuiltInRoutes::bytes),
        new Router.Route("GET", "/delay/*", BuiltInRoutes::delay),
        new Router.Route("GET", "/whoami", BuiltInRoutes::whoami));
  }

  private static ServerResponse echo(ServerRequest request) {
    return ServerResponse.bytes(200, OCTET_STREAM, request.body());
  }

  private static ServerResponse status(ServerRequest request) {
    long code = lastSegmentAsNumber(request);
    if (code < 200 || code > 599) {
      return ServerResponse.text(400, "status must be in 200..599\n");
    }
    return ServerResponse.text((int) code, "status " + code);
  }

  private static ServerResponse bytes(ServerRequest request) {
    long count = lastSegmentAsNumber(request);
    if (count < 0) {
      return ServerResponse.text(400, "byte count must be a non-negative number\n");
    }
    boolean chunked = request.queryParameter("chunked").filter("true"::equals).isPresent();
    return ServerResponse.streamed(200, OCTET_STREAM, chunked ? ServerResponse.CHUNKED : count,
        out -> DeterministicBytes.write(out, count));
  }

  private static ServerResponse delay(ServerRequest request) throws InterruptedException {
    long millis = lastSegmentAsNumber(request);
    if (millis < 0) {
      return ServerResponse.text(400, "delay must be a non-negative number of milliseconds\n");
    }
    Thread.sleep(millis);
    return ServerResponse.text(200, "delayed " + millis + " ms");
  }

  private static ServerResponse whoami(ServerRequest request) {
    String subject = request.tlsSession().map(BuiltInRoutes::clientSubject).orElse(ANONYMOUS);
    return ServerResponse.text(200, subject);
  }

  private static String clientSubject(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException noClientCertificate) {
      return ANONYMOUS;
    }
  }

  /** The last path segment as a number, or -1 if it is not one. */
  private static long lastSegmentAsNumber(ServerRequest request) {
    String path = request.path();
    String segment = path.substring(path.lastIndexOf('/') + 1);
    if (segment.isEmpty() || segment.length() > 18 || !segment.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(segment);
  }
}
