package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.ManagerHandleCalls;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code PoolingHttpClientConnectionManager} the application makes and hands to its client becomes a handle onto
 * the shared pool when its connections are interchangeable with it (issue 13): the copy-pasted client-per-request
 * pattern reuses a handful of connections, every call on the manager reads as without the agent, identities never
 * meet, and {@code apache5.share-app-pools=false} keeps today's behaviour. HttpClient 5.x classic.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5AppManagerTest {
  private static final String APP = Apache5App.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache5")
  void aNewManagerPerRequestSharesAHandfulOfConnections(String apache) {
    assertManagersPerRequestShare(apache, false);
  }

  @Test
  void aNewManagerPerRequestSharesOverTlsWithTheLibrarysDefaultTlsSettings() {
    assertManagersPerRequestShare(JarSet.APACHE56.dir(), true);
  }

  private static void assertManagersPerRequestShare(String apache, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = "apache5-app-manager-" + apache + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=per-request", "style=app-manager").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "responses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double reuse = scrape.reuseRate("apache5");
      // every lease counted once, by the shared pool, not again by the handle
      assertEquals(REQUESTS, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache5"),
          scrape.text());
      System.out.printf("FIGURE %s: %d connections for %d requests, reuse %.4f, %d ms%n", run, connections,
          REQUESTS, reuse, result.duration().toMillis());
      assertTrue(connections <= THREADS, connections + " connections for " + REQUESTS + " requests");
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse);
    }
  }

  @Test
  void withoutTheAgentOrSwitchedOffEveryManagerOpensItsOwnConnection() {
    for (boolean agent : new boolean[] {false, true}) {
      int requests = agent ? 500 : REQUESTS;
      try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(requests + 100).start()) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.APACHE56)
            .name("apache5-app-manager-" + (agent ? "switched-off" : "no-agent"));
        if (agent) {
          jvm.withAgent().systemProperty("httppool.apache5.share-app-pools", "false");
        }
        ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + requests,
            "threads=" + THREADS, "clients=per-request", "style=app-manager").assertSuccess();

        assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"), "responses differ");
        System.out.printf("FIGURE apache5-app-manager %s: %d connections for %d requests%n",
            agent ? "share-app-pools=false" : "without the agent", server.metrics().connectionsAccepted(),
            requests);
        assertEquals(requests, server.metrics().connectionsAccepted());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache5")
  void everyCallOnTheApplicationsManagerReadsAsWithoutTheAgent(String apache) {
    Map<String, String> without = handleCalls(apache, false);
    Map<String, String> with = handleCalls(apache, true);
    assertEquals(without, with);
    assertEquals("1", with.get("open.total.leased"));
    assertEquals("5", with.get("open.total.max"));
    assertEquals("3", with.get("open.route.max"));
    assertEquals("4", with.get("setMaxPerRoute.route.max"));
    assertEquals("0", with.get("closeIdle.available"));
    assertEquals("0", with.get("closeExpired.available"));
    assertEquals("20", with.get("limit.ok"));
    assertEquals("200", with.get("otherClientInFlight.status"));
    assertTrue(with.get("afterClose").contains("shut down"), with.toString());
  }

  private static Map<String, String> handleCalls(String apache, boolean agent) {
    return ManagerHandleCalls.run(Apache5ManagerHandleApp.class.getName(), apache, "apache5-manager-calls-" + apache,
        agent);
  }


  @Test
  void twoIdentitiesEachWithItsOwnManagersNeverMeet() {
    int requests = 400;
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(TestCertificates.Authority.MAIN)).needClientAuth(true).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55)
          .name("apache5-app-manager-mtls").systemProperty("httppool.report-on-exit", "true")
          .run(Apache5MtlsApp.class.getName(), "url=" + server.url("/whoami"), "requests=" + requests,
              "threads=" + THREADS, "certificates=" + certificates.directory(), "managers=per-request")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"), result.outputTails());
      assertAgentHealthy(result);
      String output = result.stdout() + result.stderr();
      // http would be shared; https through each client's own TLS socket factory stays on its own pool
      assertTrue(output.contains("not shared: apache5 connection manager: https routes on its own pool: custom TLS "
          + "socket factory "), result.outputTails());
      assertTrue(output.contains(" (" + requests + ")"), result.outputTails());
    }
  }
}
