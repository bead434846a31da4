package io.httppool.testapps.apache4;

import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 4.3, 4.4 and 4.5 apps (every version in JarSet) in a child JVM with the real agent jar, against
 * a local server.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4PoolingTest {
  private static final String APP = Apache4App.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;
  private static final int MAX_CONNECTIONS = 2 * THREADS;

  static List<Arguments> everyJdkVersionAndTransport() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.available()) {
      for (String apache : JarSet.apache4().toList()) {
        runs.add(Arguments.of(jdk, apache, false));
        runs.add(Arguments.of(jdk, apache, true));
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{0} {1} tls={2}")
  @MethodSource("everyJdkVersionAndTransport")
  void clientPerRequestAppReusesAHandfulOfConnections(Jdk jdk, String apache, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = "apache4-per-request-" + jdk + "-" + apache + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().libraries(apache).name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=per-request").assertSuccess();

      assertWorkloadServed(result, REQUESTS);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= MAX_CONNECTIONS, connections + " connections for " + REQUESTS + " requests");
      double reuse = PrometheusScrape.read(metrics).reuseRate("apache4");
      System.out.printf("FIGURE %s: %d connections, reuse %.4f, %d ms%n", run, connections, reuse,
          result.duration().toMillis());
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse);
    }
  }

  @Test
  void withoutTheAgentEveryClientOpensItsOwnConnection() {
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(REQUESTS + 100).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.APACHE45).name("apache4-no-agent")
          .run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS, "threads=" + THREADS,
              "clients=per-request")
          .assertSuccess();

      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"));
      System.out.printf("FIGURE apache4-no-agent: %d connections, %d ms%n",
          server.metrics().connectionsAccepted(), result.duration().toMillis());
      assertEquals(REQUESTS, server.metrics().connectionsAccepted());
    }
  }

  @Test
  void switchedOffTheClientsAreLeftAsTheyAre() {
    int requests = 300;
    try (LocalHttpServer server = server(false)) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE45).name("apache4-disabled")
          .systemProperty("httppool.apache4.enabled", "false")
          .run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=" + THREADS)
          .assertSuccess();

      assertWorkloadServed(result, requests);
      assertEquals(requests, server.metrics().connectionsAccepted());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4")
  void legacyDefaultHttpClientPerRequestSharesConnections(String apache) {
    assertPerRequestClientsShare(apache, "legacy");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4")
  void minimalClientPerRequestSharesConnections(String apache) {
    assertPerRequestClientsShare(apache, "minimal");
  }

  private static void assertPerRequestClientsShare(String apache, String clients) {
    try (LocalHttpServer server = server(false)) {
      String run = "apache4-" + clients + "-" + apache;
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=" + clients).assertSuccess();

      assertWorkloadServed(result, REQUESTS);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= MAX_CONNECTIONS, connections + " connections for " + REQUESTS + " requests");
      double reuse = PrometheusScrape.read(metrics).reuseRate("apache4");
      System.out.printf("FIGURE %s: %d connections, reuse %.4f%n", run, connections, reuse);
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4")
  void switchedOffAnApplicationsOwnManagerKeepsItsLimitAndIsObserved(String apache) {
    int requests = 500;
    try (LocalHttpServer server = server(false)) {
      String run = "apache4-own-manager-" + apache;
      // apache4.share-app-pools=false: the manager is not a handle onto a shared pool (Apache4AppManagerTest)
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run)
          .systemProperty("httppool.apache4.share-app-pools", "false");
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + requests,
          "threads=" + THREADS, "clients=own-manager", "max-total=3").assertSuccess();

      assertWorkloadServed(result, requests);
      assertTrue(server.metrics().maxOpenConnections() <= 3,
          server.metrics().maxOpenConnections() + " connections open at once");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(3, scrape.sum("httppool_connection_max", "httppool_client", "apache4"), scrape.text());
      assertTrue(scrape.reuseRate("apache4") >= 0.99, scrape.text());
    }
  }

  @Test
  void clientCertificateConnectionsAreNeverLentToAnotherIdentity() {
    int requests = 10_000;
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(TestCertificates.Authority.MAIN)).needClientAuth(true).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE45).name("apache4-mtls");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4-mtls");

      ChildJvmResult result = jvm.run(Apache4MutualTlsApp.class.getName(), "url=" + server.url("/whoami"),
          "requests=" + requests, "threads=" + THREADS, "certificates=" + certificates.directory())
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"), result.outputTails());
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 2 * MAX_CONNECTIONS, connections + " connections for " + requests + " requests");
      double reuse = PrometheusScrape.read(metrics).reuseRate("apache4");
      System.out.printf("FIGURE apache4-mtls: %d connections for %d requests, reuse %.4f, %d ms%n", connections,
          requests, reuse, result.duration().toMillis());
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4")
  void closingOneClientLeavesAnotherClientsRequestsInFlight(String apache) {
    try (LocalHttpServer server = heldUntilReleased()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache)
          .name("apache4-close-while-busy-" + apache)
          .run(Apache4CloseWhileBusyApp.class.getName(), "slow-url=" + server.url("/held"),
              "fast-url=" + server.url("/hello"), "release-url=" + server.url("/release"), "slow=4", "churn=20",
              "churn-millis=700")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("4", result.result("completed"), result.outputTails());
      assertTrue(Integer.parseInt(result.result("closedClients")) > 10, result.outputTails());
      assertAgentHealthy(result);
    }
  }

  /**
   * Answers {@code /held} only once {@code /release} has been asked for, so that every client the app closes is
   * closed while the held requests are in flight, however slowly a loaded machine runs the app.
   */
  private static LocalHttpServer heldUntilReleased() {
    CountDownLatch released = new CountDownLatch(1);
    return LocalHttpServer.builder()
        .route("GET", "/held", request -> released.await(60, TimeUnit.SECONDS)
            ? ServerResponse.text(200, "released") : ServerResponse.text(503, "never released"))
        .route("GET", "/release", request -> {
          released.countDown();
          return ServerResponse.text(200, "released");
        })
        .start();
  }

  @Test
  void waitingBeyondAcquireTimeoutFailsWithTheLibrarysOwnException() {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE45).name("apache4-pool-timeout")
          .systemProperty("httppool.max-connections-per-host", "1")
          .systemProperty("httppool.acquire-timeout", "300ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4-pool-timeout");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/delay/1500"), "method=get", "requests=2",
          "threads=2").assertSuccess();

      assertEquals("1", result.result("failures"), result.outputTails());
      assertEquals("{org.apache.http.conn.ConnectionPoolTimeoutException=1}", result.result("exceptions"));
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_errors_total", "error_type", "pool_timeout"), scrape.text());
      // the lease served at once did not wait; the timed-out one did
      assertEquals(1, scrape.sum("httppool_connection_wait_time_seconds_count", "httppool_client", "apache4"),
          scrape.text());
    }
  }

  @Test
  void responsesNeverClosedAreReportedAsLeaks() {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE45).name("apache4-leaks")
          .systemProperty("httppool.leak-detection-threshold", "300ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4-leaks");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/hello"), "method=get", "requests=3",
          "threads=1", "leak=true", "pause-millis=2000").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(3, scrape.sum("httppool_connection_leaks_total", "httppool_client", "apache4"), scrape.text());
    }
  }

  @Test
  void idleConnectionsOfTheSharedPoolAreEvicted() {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE43).name("apache4-idle-eviction")
          .systemProperty("httppool.idle-timeout", "500ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4-idle-eviction");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=200", "threads=4",
          "pause-millis=2500").assertSuccess();

      assertWorkloadServed(result, 200);
      assertEquals(0, server.metrics().openConnections());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double evicted = scrape.sum("httppool_connection_evictions_total", "httppool_reason", "idle");
      assertEquals(server.metrics().connectionsAccepted(), (long) evicted, scrape.text());
      assertEquals(0, scrape.sum("http_client_open_connections", "httppool_client", "apache4"), scrape.text());
      assertTrue(scrape.sum("http_client_connection_duration_seconds_count", "httppool_client", "apache4") >= 1,
          scrape.text());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4")
  void aPerHostLimitCapsTheSharedPool(String apache) {
    int requests = 400;
    try (LocalHttpServer server = server(false)) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache)
          .name("apache4-per-host-limit-" + apache)
          .systemProperty("httppool.host.127.0.0.1.max-connections-per-host", "2")
          .run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=" + THREADS)
          .assertSuccess();

      assertWorkloadServed(result, requests);
      assertTrue(server.metrics().maxOpenConnections() <= 2,
          server.metrics().maxOpenConnections() + " connections open at once");
    }
  }

  @Test
  void connectionsLiveNoLongerThanTheConnectionTtl() {
    try (LocalHttpServer server = server(false)) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE45).name("apache4-ttl")
          .systemProperty("httppool.connection-ttl", "300ms")
          .run(APP, "url=" + server.url("/delay/50"), "method=get", "requests=30", "threads=1")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      // 30 requests of 50 ms take at least 1.5 s: five TTLs. A loaded machine stretches the run, and with it the
      // number of TTLs that end, so the upper bound (not every request on a new connection) follows the run's time.
      long ttlsInRun = result.duration().toMillis() / 300 + 2;
      assertTrue(connections >= 4 && connections <= Math.min(ttlsInRun, 29),
          connections + " connections in " + result.duration().toMillis() + " ms with a 300 ms TTL");
    }
  }

  /**
   * A known limit of any shared HttpClient pool: a POST on an idle connection the server closed sooner than
   * validate-after-inactivity fails with NoHttpResponseException (POST is not retried). The agent probes every
   * idle connection before a request no one would retry reuses it, so the POST never meets the closed one,
   * whatever validate-after-inactivity says.
   */
  @Test
  void aPostNeverMeetsAConnectionTheServerClosedWhateverValidateAfterInactivity() {
    for (String validateAfter : List.of("2s", "100ms")) {
      try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(300).start()) {
        String run = "apache4-stale-" + validateAfter;
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE45).name(run)
            .systemProperty("httppool.validate-after-inactivity", validateAfter);
        Path metrics = PrometheusScrape.exportTo(jvm, run);

        ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=3", "threads=1",
            "gap-millis=700").assertSuccess();

        assertAgentHealthy(result);
        PrometheusScrape scrape = PrometheusScrape.read(metrics);
        double stale = scrape.sum("httppool_errors_total", "error_type", "stale_connection");
        assertEquals("0", result.result("failures"), result.outputTails());
        assertEquals(0, stale, scrape.text());
        assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "stale") >= 1,
            scrape.text());
      }
    }
  }

  private static void assertWorkloadServed(ChildJvmResult result, int requests) {
    assertEquals("0", result.result("failures"), result.outputTails());
    assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"), "responses differ");
    assertAgentHealthy(result);
  }
}
