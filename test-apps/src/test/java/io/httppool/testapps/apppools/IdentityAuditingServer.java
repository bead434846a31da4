package io.httppool.testapps.apppools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerRequest;
import io.httppool.testapps.server.ServerResponse;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A TLS server that requires a client certificate and, on {@code GET /identity}, records which certificate each
 * request arrived with against the identity the request says it was sent with ({@link IdentityRequests#HEADER}),
 * and answers the certificate's subject.
 */
final class IdentityAuditingServer implements AutoCloseable {
  static final String PATH = "/identity";

  private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final LocalHttpServer server;

  IdentityAuditingServer() {
    server = LocalHttpServer.builder()
        .tls(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN))
        .needClientAuth(true)
        .route("GET", PATH, this::answer)
        .start();
  }

  String url() {
    return server.url(PATH);
  }

  long connectionsAccepted() {
    return server.metrics().connectionsAccepted();
  }

  /** Every identity sent half of {@code requests}, and every request arrived with its own identity's certificate. */
  void assertEveryRequestArrivedWithItsOwnIdentity(int requests) {
    Map<String, Integer> expected = new TreeMap<>();
    for (ClientIdentity identity : ClientIdentity.values()) {
      expected.put(arrival(identity.subjectDn(), identity.subjectDn()), requests / ClientIdentity.values().length);
    }
    Map<String, Integer> seen = new TreeMap<>();
    arrivals.forEach((arrival, count) -> seen.put(arrival, count.get()));
    assertEquals(expected, seen, "requests by 'sent as -> arrived with' certificate");
  }

  private ServerResponse answer(ServerRequest request) throws SSLPeerUnverifiedException {
    X509Certificate certificate = (X509Certificate) request.tlsSession().orElseThrow().getPeerCertificates()[0];
    String subject = certificate.getSubjectX500Principal().getName();
    String sentAs = request.header(IdentityRequests.HEADER).orElse("(no header)");
    arrivals.computeIfAbsent(arrival(sentAs, subject), key -> new AtomicInteger()).incrementAndGet();
    return ServerResponse.text(200, subject);
  }

  private static String arrival(String sentAs, String arrivedWith) {
    return sentAs + " -> " + arrivedWith;
  }

  @Override
  public void close() {
    server.close();
  }
}
