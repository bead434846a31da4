package io.httppool.testapps.apache4async;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.frameworks.FrameworkRoutes;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.support.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HttpAsyncClient 4.1 apps that build, start and close a client per request, directly or through the
 * Elasticsearch low-level {@code RestClient}, in a child JVM with the real agent jar: with the agent every client
 * runs in the library's shared-manager mode on one agent-owned manager and I/O reactor (a handful of connections,
 * the threads of one client), without it each opens a connection and starts a reactor of its own.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4AsyncSharingTest {
  private static final String APP = Apache4AsyncApp.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;
  /** The shared engine's threads (its reactor and I/O dispatchers) against the app's one client's. */
  private static final int FEW_THREADS = 3;
  private static final Map<String, String> FIGURES = new ConcurrentSkipListMap<>();

  enum Style {
    DIRECT("direct", JarSet.APACHE4ASYNC415.dir()),
    ELASTICSEARCH("elasticsearch", JarSet.APACHE4ASYNC415.dir(), "fw-elasticsearch");

    final String arg;
    final String[] libraries;

    Style(String arg, String... libraries) {
      this.arg = arg;
      this.libraries = libraries;
    }
  }

  static List<Arguments> everyStyleJdkAndTransport() {
    return Jdks.everyJdkAndTransport().stream()
        .flatMap(arguments -> Stream.of(Style.values()).map(style ->
            Arguments.of(style, arguments.get()[0], arguments.get()[1])))
        .toList();
  }

  @ParameterizedTest(name = "{0} {1} tls={2}")
  @MethodSource("everyStyleJdkAndTransport")
  void aClientPerRequestRunsOnOneSharedManagerAndReactor(Style style, Jdk jdk, boolean tls) {
    String run = "apache4async-" + style.arg + "-" + jdk + (tls ? "-tls" : "");
    ChildJvmResult perRequest;
    long connections;
    Path metrics;
    try (LocalHttpServer server = server(tls)) {
      ChildJvm jvm = jvm(style, jdk, tls, run, true);
      metrics = PrometheusScrape.exportTo(jvm, run);
      perRequest = run(jvm, server, style, "per-request");
      connections = server.metrics().connectionsAccepted();
    }
    ChildJvmResult shared;
    try (LocalHttpServer server = server(tls)) {
      // exporting metrics too, so that both runs have the same agent threads
      ChildJvm jvm = jvm(style, jdk, tls, run + "-shared", true);
      PrometheusScrape.exportTo(jvm, run + "-shared");
      shared = run(jvm, server, style, "shared");
    }

    assertAgentHealthy(perRequest);
    FIGURES.put(run, figures(connections, perRequest) + " | " + shared.result("live-threads"));
    assertTrue(connections <= THREADS, connections + " connections for " + REQUESTS + " requests");
    int live = Integer.parseInt(perRequest.result("live-threads"));
    int liveShared = Integer.parseInt(shared.result("live-threads"));
    assertTrue(Math.abs(live - liveShared) <= FEW_THREADS,
        live + " live threads at the end, " + liveShared + " with one shared client");
    PrometheusScrape scrape = PrometheusScrape.read(metrics);
    String method = style == Style.DIRECT ? "POST" : "GET";
    assertEquals(REQUESTS, scrape.sum("http_client_request_duration_seconds_count", "httppool_client", "apache4",
        "http_request_method", method, "url_scheme", tls ? "https" : "http"), scrape.text());
    assertEquals(REQUESTS, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache4"),
        scrape.text());
    assertEquals(connections, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache4",
        "httppool_reused", "false"), scrape.text());
  }

  /** The oldest 4.1 release shares the same way. */
  @Test
  void theFirst41ReleaseSharesToo() {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE4ASYNC41).name("apache4async41");
      ChildJvmResult result = run(jvm, server, Style.DIRECT, "per-request");

      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= THREADS, connections + " connections for " + REQUESTS + " requests");
    }
  }

  /**
   * The shared manager has the agent's limits: 8 threads on 2 connections, every request answered, most leases
   * waiting; a lease that waits beyond {@code acquire-timeout} fails with the library's own exception.
   */
  @Test
  void theSharedManagerHasTheAgentsLimitsAndLeaseTimeout() {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE4ASYNC415)
          .name("apache4async-limits").systemProperty("httppool.max-connections-per-host", "2");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4async-limits");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "requests=400", "threads=8").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(400), result.result("digest"), result.outputTails());
      assertAgentHealthy(result);
      assertTrue(server.metrics().maxOpenConnections() <= 2, server.metrics().maxOpenConnections() + " open");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(2, scrape.sum("httppool_connection_max", "httppool_client", "apache4"), scrape.text());
      assertTrue(scrape.reuseRate("apache4") >= 0.99, scrape.text());
      double waits = scrape.sum("httppool_connection_wait_time_seconds_count", "httppool_client", "apache4");
      assertTrue(waits >= 100 && waits <= 400, waits + " waits\n" + scrape.text());
    }
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE4ASYNC415)
          .name("apache4async-pool-timeout").systemProperty("httppool.max-connections-per-host", "1")
          .systemProperty("httppool.acquire-timeout", "300ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4async-pool-timeout");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "get=/delay/1500", "requests=4",
          "threads=4").assertSuccess();

      assertEquals("3", result.result("failures"), result.outputTails());
      assertEquals("{java.util.concurrent.TimeoutException=3}", result.result("exceptions"));
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(3, scrape.sum("httppool_errors_total", "httppool_client", "apache4", "error_type", "pool_timeout"),
          scrape.text());
    }
  }

  /** A client built on the app's own manager (as Unirest 3 builds its async client) keeps it and is measured. */
  @Test
  void aClientWithItsOwnManagerKeepsItAndIsObserved() {
    int requests = 200;
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE4ASYNC415)
          .name("apache4async-own-manager");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4async-own-manager");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "style=own-manager", "requests=" + requests,
          "threads=" + THREADS).assertSuccess();

      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"), result.outputTails());
      assertAgentHealthy(result);
      assertEquals(requests, server.metrics().connectionsAccepted(), "not shared: a connection per client");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(requests, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache4",
          "httppool_reused", "false"), scrape.text());
      assertEquals(requests, scrape.sum("http_client_request_duration_seconds_count", "httppool_client", "apache4",
          "http_request_method", "POST", "http_response_status_code", "200"), scrape.text());
    }
  }

  /** Without the agent, and with {@code apache4.enabled=false}, the library's own behaviour: a connection each. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("withoutSharing")
  void withoutTheAgentOrWithTheFamilyDisabledEveryClientOpensItsOwnConnection(Style style, String how) {
    String run = "apache4async-" + style.arg + "-" + how;
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = jvm(style, Jdk.JDK_17, false, run, how.equals("family-disabled"));
      if (how.equals("family-disabled")) {
        jvm.systemProperty("httppool.apache4.enabled", "false");
      }
      ChildJvmResult result = run(jvm, server, style, "per-request");

      long connections = server.metrics().connectionsAccepted();
      FIGURES.put(run, figures(connections, result) + " | -");
      assertTrue(connections > REQUESTS / 2, connections + " connections for " + REQUESTS + " requests");
    }
  }

  static List<Arguments> withoutSharing() {
    return List.of(Arguments.of(Style.DIRECT, "no-agent"),
        Arguments.of(Style.ELASTICSEARCH, "no-agent"),
        Arguments.of(Style.DIRECT, "family-disabled"));
  }

  /** What the runs of 2,000 requests measured, for README and the issue: target/apache4async-per-request.md. */
  @AfterAll
  static void writeFigures() throws IOException {
    if (FIGURES.isEmpty()) {
      return;
    }
    StringBuilder table = new StringBuilder("| run | connections | live threads at the end | threads started | "
        + "live threads at the end, one shared client |\n|---|---|---|---|---|\n");
    FIGURES.forEach((run, figures) -> table.append("| ").append(run).append(" | ").append(figures).append(" |\n"));
    Files.writeString(TestPaths.workDir().resolveSibling("apache4async-per-request.md"), table);
  }

  private static String figures(long connections, ChildJvmResult result) {
    return connections + " | " + result.result("live-threads") + " | " + result.result("started-threads");
  }

  private static ChildJvm jvm(Style style, Jdk jdk, boolean tls, String run, boolean agent) {
    ChildJvm jvm = ChildJvm.on(jdk).name(run);
    if (agent) {
      jvm.withAgent();
    }
    for (String set : style.libraries) {
      jvm.libraries(set);
    }
    if (tls) {
      trustTestCertificates(jvm);
    }
    return jvm;
  }

  private static ChildJvmResult run(ChildJvm jvm, LocalHttpServer server, Style style, String clients) {
    ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "style=" + style.arg,
        "clients=" + clients, "requests=" + REQUESTS, "threads=" + THREADS).assertSuccess();
    assertEquals("0", result.result("failures"), result.outputTails());
    assertEquals(style == Style.DIRECT ? Workload.expectedEchoDigest(REQUESTS)
        : Apache4AsyncApp.expectedElasticsearchDigest(REQUESTS), result.result("digest"), "bodies differ");
    return result;
  }

  private static LocalHttpServer server(boolean tls) {
    LocalHttpServer.Builder builder = TestServers.builder(tls).maxConnections(REQUESTS + 100);
    FrameworkRoutes.install(builder, FrameworkRoutes.Pacing.ONE_WRITE);
    return builder.start();
  }
}
