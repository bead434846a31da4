package io.httppool.testapps.urlconnection;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.UrlConnectionFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ResponseShapes;
import io.httppool.testapps.server.ResponseShapes.Shape;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HttpURLConnection apps that never read or close bodies, in a child JVM with the real agent jar. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@UrlConnectionFamily
class UrlConnectionPoolingTest {
  private static final String APP = UrlConnectionApp.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;
  private static final int MAX_CONNECTIONS = 2 * THREADS;

  @ParameterizedTest(name = "{0} tls={1}")
  @MethodSource("io.httppool.testapps.support.Jdks#everyJdkAndTransport")
  void anAppReadingOnlyTheStatusCodeReusesAHandfulOfConnections(Jdk jdk, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = "urlconnection-status-only-" + jdk + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "mode=status-only",
          "requests=" + REQUESTS, "threads=" + THREADS).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(UrlConnectionApp.expectedStatusOnlyDigest(REQUESTS), result.result("digest"), "statuses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= MAX_CONNECTIONS, connections + " connections for " + REQUESTS + " requests");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double reuse = scrape.reuseRate("urlconnection");
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse + "\n" + scrape.text());
      assertEquals(connections, scrape.sum("httppool_connection_acquires_total", "httppool_client", "urlconnection",
          "httppool_reused", "false"), scrape.text());
    }
  }

  static List<Arguments> bodyReadingRuns() {
    List<Arguments> runs = new ArrayList<>();
    for (String mode : List.of("open-stream", "read-close-disconnect")) {
      for (Shape shape : List.of(Shape.LENGTH, Shape.SPLIT)) {
        runs.add(Arguments.of(mode, shape));
      }
    }
    return runs;
  }

  /**
   * {@code URL.openStream()} (what Jackson and commons-io do) and Google HTTP Client's read, close, disconnect():
   * every body arrives whole with the agent, also when the server sends headers and body apart, and the agent
   * needs no more connections than the application without it.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyReadingRuns")
  void everyBodyReadArrivesWholeOnNoMoreConnectionsThanWithoutTheAgent(String mode, Shape shape) {
    long[] connections = new long[2];
    for (int agent = 0; agent < 2; agent++) {
      try (ResponseShapes.Servers servers =
          ResponseShapes.start(1, builder -> builder.maxConnections(REQUESTS + 100))) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name("urlconnection-" + mode + "-" + shape + "-" + agent);
        if (agent == 1) {
          jvm.withAgent();
        }
        LocalHttpServer server = servers.servers().get(0);
        ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "mode=" + mode, "path=" + shape.path(),
            "requests=" + REQUESTS, "threads=" + THREADS).assertSuccess();
        assertEquals("0", result.result("failures"), result.outputTails());
        assertEquals(UrlConnectionApp.expectedBodiesDigest(REQUESTS, ResponseShapes.body(shape)),
            result.result("digest"), "bodies differ, agent=" + (agent == 1));
        if (agent == 1) {
          assertAgentHealthy(result);
        }
        connections[agent] = server.metrics().connectionsAccepted();
      }
    }
    BODY_READING_CONNECTIONS.put(mode + " | " + shape.name().toLowerCase(java.util.Locale.ROOT),
        connections[0] + " | " + connections[1]);
    assertTrue(connections[1] <= connections[0],
        connections[1] + " connections with the agent, " + connections[0] + " without");
  }

  private static final Map<String, String> BODY_READING_CONNECTIONS = new ConcurrentSkipListMap<>();

  /** The connections of the body-reading runs, for the figures: target/urlconnection-bodies.md. */
  @AfterAll
  static void writeBodyReadingTable() throws IOException {
    if (BODY_READING_CONNECTIONS.isEmpty()) {
      return;
    }
    StringBuilder table = new StringBuilder("| mode | response | connections without | with the agent |\n"
        + "|---|---|---|---|\n");
    BODY_READING_CONNECTIONS.forEach((run, counts) -> table.append("| ").append(run).append(" | ").append(counts)
        .append(" |\n"));
    Files.writeString(TestPaths.workDir().resolveSibling("urlconnection-bodies.md"), table);
  }

  @Test
  void withoutTheAgentEveryStatusOnlyRequestOpensAConnection() {
    int requests = 500;
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(requests + 100).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).name("urlconnection-status-only-no-agent")
          .run(APP, "base=" + server.url(""), "mode=status-only", "requests=" + requests, "threads=" + THREADS)
          .assertSuccess();

      assertEquals(UrlConnectionApp.expectedStatusOnlyDigest(requests), result.result("digest"));
      assertTrue(server.metrics().connectionsAccepted() > requests / 2,
          server.metrics().connectionsAccepted() + " connections");
    }
  }

  @Test
  void disconnectAfterEachRequestClosesEachConnectionWithOrWithoutTheAgent() {
    int requests = 100;
    long[] connections = new long[2];
    for (int agent = 0; agent < 2; agent++) {
      try (LocalHttpServer server = server(false)) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name("urlconnection-disconnect-" + agent);
        if (agent == 1) {
          jvm.withAgent();
        }
        ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "mode=disconnect",
            "requests=" + requests, "threads=1").assertSuccess();
        assertEquals(UrlConnectionApp.expectedStatusOnlyDigest(requests), result.result("digest"));
        connections[agent] = server.metrics().connectionsAccepted();
      }
    }
    // disconnect() closes an idle connection to the host (the one just returned): the agent keeps that
    assertEquals(connections[0], connections[1], "connections without / with the agent");
    assertEquals(requests, connections[1]);
  }

  /**
   * The server closes idle connections after 300 ms without saying so; the app pauses 600 ms before its first
   * reuse, and the probe is off, so that reuse fails: the JDK re-sends it on a new socket, which is counted and
   * teaches the guard three quarters of the idle time it saw, and the later reuses, after 2.5 s pauses, are
   * refused before they fail. The idle time the guard sees is the pause plus whatever the JVM does between the
   * connection's return and its reuse; for the first reuse, in a cold JVM on a loaded 2-core machine, that was up
   * to 1,256 ms instead of 600 (load 12 to 14; 1,916 ms at load 16), and with 600 ms pauses throughout, three
   * quarters of it (942 ms) let the next reuse go ahead into a second stale resend (3 runs in 12).
   */
  @Test
  void theJdksSilentResendOnAStaleConnectionIsCountedAndTeachesTheGuard() {
    int requests = 4;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(300).start()) {
      ChildJvm jvm = ChildJvm.on(Jdks.available().get(Jdks.available().size() - 1)).withAgent()
          .systemProperty("httppool.validate-after-inactivity", "1m").name("urlconnection-stale");
      Path metrics = PrometheusScrape.exportTo(jvm, "urlconnection-stale");

      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "mode=status-only", "requests=" + requests,
          "threads=1", "pause-ms=600,600,2500").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(UrlConnectionApp.expectedStatusOnlyDigest(requests), result.result("digest"));
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
      assertEquals(1, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertEquals(requests - 2, scrape.sum("httppool_connection_evictions_total", "httppool_reason", "idle"),
          scrape.text());
      assertEquals(requests, server.metrics().connectionsAccepted());
    }
  }
}
