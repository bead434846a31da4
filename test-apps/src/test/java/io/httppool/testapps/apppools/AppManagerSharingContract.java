package io.httppool.testapps.apppools;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.ManagerHandleCalls;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What issue 13 promises for a classic Apache connection manager the application makes and hands to its client,
 * whatever the major version: it becomes a handle onto the shared pool when its connections are interchangeable
 * with it, so the copy-pasted client-per-request pattern reuses a handful of connections; every call on the
 * manager reads as without the agent; two identities never meet; {@code <family>.share-app-pools=false} keeps the
 * manager's own pool. A subclass per family names its apps and versions and supplies the static
 * {@code libraryVersions()} the parameterized tests run over.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class AppManagerSharingContract {
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;

  /** {@code apache4} or {@code apache5}: the agent's family id, its config prefix and its metrics' client. */
  protected abstract String family();

  /** The jar set the single-version tests run on. */
  protected abstract String newestLibrary();

  /** The workload app and the arguments that make it build a client on a new manager per request. */
  protected abstract String workloadApp();

  protected abstract List<String> managerPerRequestArguments();

  /** The app that makes every call on its own manager ({@link ManagerHandleCalls}). */
  protected abstract String managerCallsApp();

  /** The result key under which that app reports what a closed manager does on the next request. */
  protected abstract String afterCloseKey();

  /** The two-identity app (argument {@code managers=per-request}) and the jar set it runs on. */
  protected abstract String mutualTlsApp();

  protected abstract String mutualTlsLibrary();

  /** What the exit report says after "not shared: &lt;family&gt; connection manager: " for the identities' managers. */
  protected abstract String notSharedReason();

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraryVersions")
  void aNewManagerPerRequestSharesAHandfulOfConnections(String library) {
    assertManagersPerRequestShare(library, false);
  }

  @Test
  void aNewManagerPerRequestSharesOverTlsWithTheLibrarysDefaultTlsSettings() {
    assertManagersPerRequestShare(newestLibrary(), true);
  }

  private void assertManagersPerRequestShare(String library, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = family() + "-app-manager-" + library + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(library).name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(workloadApp(), workloadArguments(server, REQUESTS)).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "responses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double reuse = scrape.reuseRate(family());
      // every lease counted once, by the shared pool, not again by the handle
      assertEquals(REQUESTS, scrape.sum("httppool_connection_acquires_total", "httppool_client", family()),
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
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(newestLibrary())
            .name(family() + "-app-manager-" + (agent ? "switched-off" : "no-agent"));
        if (agent) {
          jvm.withAgent().systemProperty("httppool." + family() + ".share-app-pools", "false");
        }
        ChildJvmResult result = jvm.run(workloadApp(), workloadArguments(server, requests)).assertSuccess();

        assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"), "responses differ");
        System.out.printf("FIGURE %s-app-manager %s: %d connections for %d requests%n", family(),
            agent ? "share-app-pools=false" : "without the agent", server.metrics().connectionsAccepted(),
            requests);
        assertEquals(requests, server.metrics().connectionsAccepted());
      }
    }
  }

  private String[] workloadArguments(LocalHttpServer server, int requests) {
    List<String> arguments = new ArrayList<>(List.of("url=" + server.url("/echo"),
        "requests=" + requests, "threads=" + THREADS));
    arguments.addAll(managerPerRequestArguments());
    return arguments.toArray(new String[0]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraryVersions")
  void everyCallOnTheApplicationsManagerReadsAsWithoutTheAgent(String library) {
    String name = family() + "-manager-calls-" + library;
    Map<String, String> without = ManagerHandleCalls.run(managerCallsApp(), library, name, false);
    Map<String, String> with = ManagerHandleCalls.run(managerCallsApp(), library, name, true);
    assertEquals(without, with);
    assertEquals("1", with.get("open.total.leased"));
    assertEquals("5", with.get("open.total.max"));
    assertEquals("3", with.get("open.route.max"));
    assertEquals("4", with.get("setMaxPerRoute.route.max"));
    assertEquals("0", with.get("closeIdle.available"));
    assertEquals("0", with.get("closeExpired.available"));
    assertEquals("20", with.get("limit.ok"));
    assertEquals("200", with.get("otherClientInFlight.status"));
    assertTrue(with.get(afterCloseKey()).contains("shut down"), with.toString());
  }

  @Test
  void twoIdentitiesEachWithItsOwnManagersNeverMeet() {
    // every request is a full TLS handshake with a new context: few enough to finish on a loaded machine
    int requests = 200;
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(TestCertificates.Authority.MAIN)).needClientAuth(true).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(mutualTlsLibrary())
          .name(family() + "-app-manager-mtls").timeout(Duration.ofMinutes(4))
          .systemProperty("httppool.report-on-exit", "true")
          .run(mutualTlsApp(), "url=" + server.url("/whoami"), "requests=" + requests, "threads=" + THREADS,
              "certificates=" + certificates.directory(), "managers=per-request")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"), result.outputTails());
      assertAgentHealthy(result);
      String output = result.stdout() + result.stderr();
      assertTrue(output.contains("not shared: " + family() + " connection manager: " + notSharedReason()),
          result.outputTails());
      assertTrue(output.contains(" (" + requests + ")"), result.outputTails());
    }
  }
}
