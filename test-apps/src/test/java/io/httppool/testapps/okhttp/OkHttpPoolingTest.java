package io.httppool.testapps.okhttp;

import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.families.OkHttpFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp 3.14, 4.12 and 5.x apps (every version in JarSet) in a child JVM with the real agent jar, against a local
 * server.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@OkHttpFamily
class OkHttpPoolingTest {
  private static final String APP = OkHttpApp.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;
  private static final int MAX_CONNECTIONS = 2 * THREADS;

  static List<Arguments> everyJdkVersionAndTransport() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.available()) {
      for (String okhttp : JarSet.okhttp().toList()) {
        runs.add(Arguments.of(jdk, okhttp, false));
        runs.add(Arguments.of(jdk, okhttp, true));
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{0} {1} tls={2}")
  @MethodSource("everyJdkVersionAndTransport")
  void clientPerRequestAppReusesAHandfulOfConnections(Jdk jdk, String okhttp, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = "okhttp-per-request-" + jdk + "-" + okhttp + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().libraries(okhttp).name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=per-request").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "responses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= MAX_CONNECTIONS, connections + " connections for " + REQUESTS + " requests");
      double reuse = PrometheusScrape.read(metrics).reuseRate("okhttp");
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse);
    }
  }

  @Test
  void withoutTheAgentEveryClientOpensItsOwnConnection() {
    // every client keeps its connection open until the app exits: the server needs a thread for each
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(REQUESTS + 100).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.OKHTTP4).name("okhttp-no-agent")
          .run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS, "threads=" + THREADS,
              "clients=per-request")
          .assertSuccess();

      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"));
      assertEquals(REQUESTS, server.metrics().connectionsAccepted());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("okhttpVersions")
  void asynchronousCallsShareConnectionsToo(String okhttp) {
    int requests = 500;
    try (LocalHttpServer server = server(false)) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(okhttp).name("okhttp-async-" + okhttp)
          .run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=" + THREADS,
              "clients=per-request", "mode=async")
          .assertSuccess();

      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"));
      assertAgentHealthy(result);
      assertTrue(server.metrics().connectionsAccepted() <= MAX_CONNECTIONS,
          server.metrics().connectionsAccepted() + " connections");
    }
  }

  static List<String> okhttpVersions() {
    return JarSet.okhttp().toList();
  }

  @Test
  void anAppThatAlreadySharesOneClientSeesNoDifference() {
    long[] connections = new long[2];
    String[] digests = new String[2];
    for (int withAgent = 0; withAgent < 2; withAgent++) {
      try (LocalHttpServer server = server(false)) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.OKHTTP4).name("okhttp-shared-" + withAgent);
        if (withAgent == 1) {
          jvm.withAgent();
        }
        ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=1000",
            "threads=" + THREADS, "clients=shared").assertSuccess();
        digests[withAgent] = result.result("digest");
        connections[withAgent] = server.metrics().connectionsAccepted();
      }
    }
    assertEquals(digests[0], digests[1]);
    assertEquals(Workload.expectedEchoDigest(1000), digests[1]);
    // OkHttp's default pool keeps 5 idle connections, so 8 threads without the agent churn a few more than 8;
    // the shared pool keeps one connection per thread
    assertTrue(connections[1] <= THREADS && connections[1] <= connections[0],
        "connections without/with agent: " + connections[0] + "/" + connections[1]);
  }

  @Test
  void aPoolTheApplicationChoseIsKeptAndObserved() {
    int requests = 200;
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("okhttp-app-pool");
      Path metrics = PrometheusScrape.exportTo(jvm, "okhttp-app-pool");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=1",
          "clients=per-request", "pool=no-idle").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"));
      assertEquals(requests, server.metrics().connectionsAccepted(), "the app's pool keeps no idle connection");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(requests, scrape.sum("httppool_connection_acquires_total", "httppool_reused", "false"));
    }
  }

  @Test
  void urlSecretsNeverReachMetricAttributes() {
    try (LocalHttpServer server = server(false)) {
      String url = server.url("/echo").replace("://", "://alice:s3cret-pw@") + "?token=t0ken-value";
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("okhttp-secrets");
      Path metrics = PrometheusScrape.exportTo(jvm, "okhttp-secrets");

      jvm.run(APP, "url=" + url, "requests=20", "threads=2").assertSuccess();

      String text = PrometheusScrape.read(metrics).text();
      assertTrue(text.contains("httppool_connection_acquires_total"), text);
      for (String secret : List.of("alice", "s3cret", "token", "t0ken", "/echo")) {
        assertFalse(text.contains(secret), secret + " leaked into metrics:\n" + text);
      }
    }
  }

  @Test
  void distinctHostsBeyondTheCapFoldIntoOther() {
    ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("okhttp-host-cap")
        .systemProperty("httppool.metrics.max-hosts", "2");
    Path metrics = PrometheusScrape.exportTo(jvm, "okhttp-host-cap");
    // nothing listens on port 1 of these loopback addresses: each request fails fast with connect_refused
    ChildJvmResult result = jvm.run(OkHttpMultiHostApp.class.getName(),
        "hosts=127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5", "port=1").assertSuccess();

    PrometheusScrape scrape = PrometheusScrape.read(metrics);
    assertEquals(4, Integer.parseInt(result.result("failures")));
    assertEquals(1, scrape.sum("httppool_errors_total", "server_address", "127.0.0.2"), scrape.text());
    assertEquals(1, scrape.sum("httppool_errors_total", "server_address", "127.0.0.3"), scrape.text());
    assertEquals(2, scrape.sum("httppool_errors_total", "server_address", "_other"), scrape.text());
    assertEquals(4, scrape.sum("httppool_errors_total", "error_type", "connect_refused"), scrape.text());
  }

  @Test
  void theApplicationsOwnEventListenerReceivesEveryEvent() {
    String[] events = new String[2];
    for (int withAgent = 0; withAgent < 2; withAgent++) {
      try (LocalHttpServer server = server(false)) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.OKHTTP4).name("okhttp-listener-" + withAgent);
        if (withAgent == 1) {
          jvm.withAgent();
        }
        ChildJvmResult result = jvm.run(OkHttpListenerApp.class.getName(), "url=" + server.url("/hello"),
            "requests=50").assertSuccess();
        events[withAgent] = result.result("events");
      }
    }
    assertTrue(events[0].contains("callEnd=50"), events[0]);
    assertEquals(events[0], events[1], "events without and with the agent");
  }

  /** {@code default}: each client with OkHttp's default pool; {@code per-client}: each with a pool the app made. */
  @ParameterizedTest(name = "pool={0}")
  @ValueSource(strings = {"default", "per-client"})
  void clientsWithDifferentCertificatesNeverShareAConnection(String pool) {
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(TestCertificates.Authority.MAIN)).needClientAuth(true).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4)
          .name("okhttp-mtls-" + pool)
          .run(OkHttpMutualTlsApp.class.getName(), "url=" + server.url("/whoami"), "requests=4000", "threads=8",
              "pool=" + pool,
              "subjectA=" + TestCertificates.ClientIdentity.CLIENT_A.subjectDn(),
              "keystoreA=" + certificates.clientKeystore(TestCertificates.ClientIdentity.CLIENT_A),
              "subjectB=" + TestCertificates.ClientIdentity.CLIENT_B.subjectDn(),
              "keystoreB=" + certificates.clientKeystore(TestCertificates.ClientIdentity.CLIENT_B),
              "truststore=" + certificates.truststore(TestCertificates.Authority.MAIN),
              "password=" + certificates.password())
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"));
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 2 * MAX_CONNECTIONS, connections + " connections for two identities");
    }
  }
}
