package io.httppool.testapps.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.tls.TestCertificates;
import java.util.Map;

/** The local server and client trust most end-to-end tests use: plain, or TLS with the main test CA. */
public final class TestServers {
  private TestServers() {}

  public static LocalHttpServer server(boolean tls) {
    return builder(tls).start();
  }

  /** A server builder, speaking TLS with the main test CA's certificate when asked. */
  public static LocalHttpServer.Builder builder(boolean tls) {
    LocalHttpServer.Builder builder = LocalHttpServer.builder();
    return tls ? builder.tls(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN)) : builder;
  }

  /** Makes the child JVM's default TLS settings trust the main test CA. */
  public static ChildJvm trustTestCertificates(ChildJvm jvm) {
    TestCertificates certificates = TestPaths.certificates();
    return jvm.systemProperty("javax.net.ssl.trustStore",
            certificates.truststore(TestCertificates.Authority.MAIN).toString())
        .systemProperty("javax.net.ssl.trustStorePassword", certificates.password())
        .systemProperty("javax.net.ssl.trustStoreType", TestCertificates.STORE_TYPE);
  }

  /** The server saw {@code requests} distinct X-Request-Id values, each exactly once. */
  public static void assertEveryRequestArrivedOnce(LocalHttpServer server, int requests) {
    Map<String, Long> counts = server.metrics().requestCountsById();
    assertEquals(requests, counts.size(), "distinct requests the server saw");
    counts.forEach((id, count) -> assertEquals(1L, count, id + " arrived " + count + " times"));
  }
}
