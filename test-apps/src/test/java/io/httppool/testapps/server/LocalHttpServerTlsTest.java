package io.httppool.testapps.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
@Harness
class LocalHttpServerTlsTest {

  private static TestCertificates certificates;

  @BeforeAll
  static void createCertificates() {
    certificates = TestPaths.certificates();
  }

  @Test
  void namesTheClientCertificateWithJavaHttpClient() throws Exception {
    try (LocalHttpServer server = mutualTlsServer()) {
      assertEquals("CN=client-a", whoamiWithHttpClient(server, ClientIdentity.CLIENT_A));
      assertEquals("CN=client-b", whoamiWithHttpClient(server, ClientIdentity.CLIENT_B));
    }
  }

  @Test
  void namesTheClientCertificateWithHttpsUrlConnection() throws Exception {
    try (LocalHttpServer server = mutualTlsServer()) {
      assertEquals(ClientIdentity.CLIENT_A.subjectDn(), whoamiWithUrlConnection(server, ClientIdentity.CLIENT_A));
      assertEquals(ClientIdentity.CLIENT_B.subjectDn(), whoamiWithUrlConnection(server, ClientIdentity.CLIENT_B));
    }
  }

  @Test
  void refusesClientsWithoutCertificateWhenClientAuthIsNeeded() {
    try (LocalHttpServer server = mutualTlsServer()) {
      HttpClient anonymous = client(certificates.clientContext(Authority.MAIN));

      assertThrows(IOException.class, () -> anonymous.send(
          HttpRequest.newBuilder(server.uri("/whoami")).build(), BodyHandlers.ofString()));
    }
  }

  @Test
  void reportsAnonymousWhenClientAuthIsOnlyWanted() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(Authority.MAIN)).wantClientAuth(true).start()) {
      HttpClient anonymous = client(certificates.clientContext(Authority.MAIN));
      String body = anonymous.send(HttpRequest.newBuilder(server.uri("/whoami")).build(),
          BodyHandlers.ofString()).body();

      assertEquals(BuiltInRoutes.ANONYMOUS, body);
      assertEquals("CN=client-a", whoamiWithHttpClient(server, ClientIdentity.CLIENT_A));
    }
  }

  @Test
  void serversOfTheTwoAuthoritiesAreTrustedOnlyByTheirOwnClients() throws Exception {
    try (LocalHttpServer main = LocalHttpServer.builder().tls(certificates.serverContext(Authority.MAIN)).start();
       LocalHttpServer other = LocalHttpServer.builder().tls(certificates.serverContext(Authority.OTHER))
           .start()) {
      HttpClient trustsMain = client(certificates.clientContext(Authority.MAIN));
      HttpClient trustsOther = client(certificates.clientContext(Authority.OTHER));

      assertEquals(BuiltInRoutes.HELLO, hello(trustsMain, main));
      assertEquals(BuiltInRoutes.HELLO, hello(trustsOther, other));
      assertThrows(IOException.class, () -> hello(trustsOther, main));
      assertThrows(IOException.class, () -> hello(trustsMain, other));
    }
  }

  @Test
  void tlsConnectionsAreKeptAlive() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder().tls(certificates.serverContext(Authority.MAIN))
        .start()) {
      HttpClient client = client(certificates.clientContext(Authority.MAIN));
      for (int i = 0; i < 3; i++) {
        assertEquals(BuiltInRoutes.HELLO, hello(client, server));
      }
      assertEquals("https://127.0.0.1:" + server.port() + "/x", server.url("/x"));
      assertEquals(1, server.metrics().connectionsAccepted());
    }
  }

  private static LocalHttpServer mutualTlsServer() {
    return LocalHttpServer.builder().tls(certificates.serverContext(Authority.MAIN)).needClientAuth(true).start();
  }

  private static String whoamiWithHttpClient(LocalHttpServer server, ClientIdentity identity) throws Exception {
    HttpClient client = client(certificates.clientContext(Authority.MAIN, identity));
    return client.send(HttpRequest.newBuilder(server.uri("/whoami")).build(), BodyHandlers.ofString()).body();
  }

  private static String whoamiWithUrlConnection(LocalHttpServer server, ClientIdentity identity)
      throws IOException {
    SSLContext context = certificates.clientContext(Authority.MAIN, identity);
    HttpsURLConnection connection = (HttpsURLConnection) server.uri("/whoami").toURL().openConnection();
    connection.setSSLSocketFactory(context.getSocketFactory());
    try (InputStream body = connection.getInputStream()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String hello(HttpClient client, LocalHttpServer server) throws Exception {
    return client.send(HttpRequest.newBuilder(server.uri("/hello")).build(), BodyHandlers.ofString()).body();
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
  }
}
