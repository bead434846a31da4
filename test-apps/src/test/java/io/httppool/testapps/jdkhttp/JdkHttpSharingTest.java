package io.httppool.testapps.jdkhttp;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.JdkHttpFamily;
import io.httppool.testapps.server.LocalHttp2Server;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.support.TestServers;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java.net.http.HttpClient} apps that build a client per request, in a child JVM with the real agent jar:
 * with the agent they send through one shared client per settings (one selector thread, a handful of
 * connections), without it through a client, a selector thread and a connection each.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@JdkHttpFamily
class JdkHttpSharingTest {
  private static final String APP = JdkHttpApp.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;

  @ParameterizedTest(name = "{0} tls={1}")
  @MethodSource("io.httppool.testapps.support.Jdks#everyJdkAndTransport")
  void aClientPerRequestSendsThroughOneSharedClient(Jdk jdk, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = "jdkhttp-per-request-" + jdk + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);
      ChildJvmResult result = run(jvm, server, "sync");

      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      FIGURES.put(run, figures(connections, result));
      assertTrue(connections <= THREADS, connections + " connections for " + REQUESTS + " requests");
      assertEquals("1", result.result("selector-threads"), "one shared client, one selector thread");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(REQUESTS, scrape.sum("http_client_request_duration_seconds_count", "httppool_client", "jdkhttp",
          "http_response_status_code", "200", "url_scheme", tls ? "https" : "http"), scrape.text());
      assertConnectionMetrics(scrape, connections);
      assertEquals(0, scrape.sum("http_client_open_connections", "httppool_client", "jdkhttp",
          "http_connection_state", "active"), "every HTTP/1.1 connection is back in the JDK's pool");
      assertTrue(scrape.sum("http_client_open_connections", "httppool_client", "jdkhttp", "http_connection_state",
          "idle") >= 1, scrape.text());
    }
  }

  /**
   * The JDK's internals (JDK 17 and 25) tell every exchange's connection: one acquire per request, new as often as
   * the server accepted a connection, reused for the rest.
   */
  private static void assertConnectionMetrics(PrometheusScrape scrape, long connections) {
    assertEquals(connections, scrape.sum("httppool_connection_acquires_total", "httppool_client", "jdkhttp",
        "httppool_reused", "false"), scrape.text());
    assertEquals(REQUESTS - connections, scrape.sum("httppool_connection_acquires_total", "httppool_client",
        "jdkhttp", "httppool_reused", "true"), scrape.text());
  }

  /**
   * {@code HttpClient.newHttpClient()} (version HTTP_2 by default) per request over TLS to a real HTTP/2 server:
   * ALPN chooses h2, and with the agent every request is a stream on the shared client's few connections.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void overHttp2AClientPerRequestSendsThroughOneSharedClient(Jdk jdk) {
    try (LocalHttp2Server server = http2Server()) {
      String run = "jdkhttp-per-request-" + jdk + "-h2";
      ChildJvm jvm = trustTestCertificates(ChildJvm.on(jdk).withAgent().name(run));
      Path metrics = PrometheusScrape.exportTo(jvm, run);
      ChildJvmResult result = runOverHttp2(jvm, server, "per-request");

      assertAgentHealthy(result);
      long connections = server.connectionsAccepted();
      FIGURES.put(run, figures(connections, result));
      assertTrue(connections <= THREADS, connections + " connections for " + REQUESTS + " requests");
      assertEquals("1", result.result("selector-threads"), "one shared client, one selector thread");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(REQUESTS, scrape.sum("http_client_request_duration_seconds_count", "httppool_client", "jdkhttp",
          "http_response_status_code", "200", "url_scheme", "https"), scrape.text());
      assertConnectionMetrics(scrape, connections);
      assertTrue(scrape.sum("http_client_open_connections", "httppool_client", "jdkhttp", "http_connection_state",
          "active") >= 1, "an open HTTP/2 connection counts as active\n" + scrape.text());
    }
  }

  /**
   * The figures the HTTP/2 run is compared with: without the agent, a client (and a connection) per request, and
   * one client for every request as the JDK's javadoc advises.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("withoutAgentOverHttp2")
  void overHttp2WithoutTheAgent(String clients) {
    try (LocalHttp2Server server = http2Server()) {
      String run = "jdkhttp-" + clients + "-no-agent-h2";
      ChildJvmResult result = runOverHttp2(trustTestCertificates(ChildJvm.on(Jdk.JDK_17).name(run)), server,
          clients);

      long connections = server.connectionsAccepted();
      FIGURES.put(run, figures(connections, result));
      if (clients.equals("per-request")) {
        assertTrue(connections > REQUESTS / 2, connections + " connections for " + REQUESTS + " requests");
      } else {
        assertTrue(connections <= THREADS, connections + " connections for one client");
      }
    }
  }

  static java.util.List<String> withoutAgentOverHttp2() {
    return java.util.List.of("per-request", "shared");
  }

  private static ChildJvmResult runOverHttp2(ChildJvm jvm, LocalHttp2Server server, String clients) {
    ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "clients=" + clients, "mode=sync",
        "requests=" + REQUESTS, "threads=" + THREADS).assertSuccess();
    assertEquals("0", result.result("failures"), result.outputTails());
    assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "bodies differ");
    assertEquals(String.valueOf(REQUESTS), result.result("http2-responses"), "responses over HTTP/2");
    assertEquals(REQUESTS, server.requests("HTTP/2.0"), "requests the server received over HTTP/2");
    return result;
  }

  private static LocalHttp2Server http2Server() {
    return LocalHttp2Server.start(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN));
  }

  /** A shared client no caller refers to any more ends, selector thread included, once idle for idle-timeout. */
  @Test
  void anIdleSharedClientNoCallerRefersToIsRetired() {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().name("jdkhttp-idle-retired")
          .systemProperty("httppool.idle-timeout", "1s");
      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "clients=per-request", "requests=200",
          "threads=" + THREADS, "await-idle-ms=30000").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("1", result.result("selector-threads"), "while in use");
      assertEquals("0", result.result("selector-threads-after-idle"), "after idle-timeout");
    }
  }

  /** Without the agent, and with {@code jdkhttp.enabled=false}, the JDK's own behaviour: a connection each. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("withoutSharing")
  void withoutTheAgentOrWithTheFamilyDisabledEveryClientOpensItsOwnConnection(String how) {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name("jdkhttp-per-request-" + how);
      if (how.equals("family-disabled")) {
        jvm.withAgent().systemProperty("httppool.jdkhttp.enabled", "false");
      }
      ChildJvmResult result = run(jvm, server, "sync");

      long connections = server.metrics().connectionsAccepted();
      FIGURES.put("jdkhttp-per-request-" + how, figures(connections, result));
      assertTrue(connections > REQUESTS / 2, connections + " connections for " + REQUESTS + " requests");
    }
  }

  private static final Map<String, String> FIGURES = new ConcurrentSkipListMap<>();

  private static String figures(long connections, ChildJvmResult result) {
    return connections + " | " + result.result("selector-threads") + " | " + result.result("live-threads");
  }

  /** What the runs of 2,000 requests measured, for README and the issue: target/jdkhttp-per-request.md. */
  @AfterAll
  static void writeFigures() throws IOException {
    if (FIGURES.isEmpty()) {
      return;
    }
    StringBuilder table = new StringBuilder("| run | connections | selector threads at the end | live threads at "
        + "the end |\n|---|---|---|---|\n");
    FIGURES.forEach((run, figures) -> table.append("| ").append(run).append(" | ").append(figures).append(" |\n"));
    Files.writeString(TestPaths.workDir().resolveSibling("jdkhttp-per-request.md"), table);
  }

  static java.util.List<String> withoutSharing() {
    return java.util.List.of("no-agent", "family-disabled");
  }

  @Test
  void sendAsyncOfClientsBuiltPerRequestAlsoShares() {
    try (LocalHttpServer server = server(false)) {
      ChildJvmResult result = run(ChildJvm.on(Jdk.JDK_17).withAgent().name("jdkhttp-per-request-async"), server,
          "async");

      assertAgentHealthy(result);
      assertTrue(server.metrics().connectionsAccepted() <= THREADS,
          server.metrics().connectionsAccepted() + " connections");
    }
  }

  /**
   * Two client certificates, each in its own SSLContext, a client built per request with one of them: the server
   * sees every request with the certificate it was built with, on two shared clients.
   */
  @Test
  void clientsWithDifferentSslContextsNeverShareAConnection() {
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(TestCertificates.Authority.MAIN)).needClientAuth(true).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().name("jdkhttp-mtls")
          .run(JdkHttpMutualTlsApp.class.getName(), "url=" + server.url("/whoami"), "requests=" + REQUESTS,
              "threads=" + THREADS, "certificates=" + certificates.directory())
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"));
      assertAgentHealthy(result);
      assertEquals("2", result.result("selector-threads"), "one shared client per SSLContext");
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 2 * THREADS, connections + " connections for two identities");
    }
  }

  /**
   * Eleven builders differing in one setting (two with equal SSL parameters in different objects), each built
   * twice: with the agent one JDK client runs per distinct configuration, without it one per build, and every
   * client's getters answer the same as without the agent. A builder whose executor is already shut down gets the
   * JDK's own client.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void eachDistinctBuilderConfigurationGetsItsOwnSharedClientAndGettersAnswerWhatWasBuilt(Jdk jdk) {
    Map<String, String> withoutAgent = null;
    for (boolean agent : new boolean[] {false, true}) {
      try (LocalHttpServer server = LocalHttpServer.start()) {
        ChildJvm jvm = ChildJvm.on(jdk).name("jdkhttp-settings-" + jdk + (agent ? "-agent" : "-no-agent"));
        if (agent) {
          jvm.withAgent();
        }
        ChildJvmResult result = jvm.run(JdkHttpSettingsApp.class.getName(), "base=" + server.url(""))
            .assertSuccess();
        assertEquals("0", result.result("failures"), result.outputTails());
        assertEquals(agent ? "11" : "24", result.result("selector-threads"), "JDK clients running");
        Map<String, String> answers = new java.util.TreeMap<>(result.results());
        answers.keySet().removeIf(key -> !key.startsWith("getters-") && !key.equals("shut-down-executor"));
        if (agent) {
          assertAgentHealthy(result);
          assertEquals(withoutAgent, answers, "what the clients answer, without and with the agent");
        } else {
          withoutAgent = answers;
        }
      }
    }
  }

  /**
   * JDK 21+: {@code shutdownNow()} and {@code close()} of one caller's client act on that caller's requests only,
   * exactly as each caller's own JDK client would without the agent.
   */
  @Test
  void shutdownNowAndCloseOfOneCallerLeaveTheOthersRequestsAlone() {
    assumeTrue(Jdk.TEMURIN_25.isPresent(), "needs a JDK 21+");
    Map<String, String> expected = Map.of(
        "close-waited-for-request", "true",
        "closed-request", "status 200",
        "aborted-request", "java.io.IOException: shutdownNow",
        "aborted-terminated", "true",
        "aborted-later-request", "java.io.IOException: closed",
        "bystander-request", "status 200",
        "bystander-later-request", "status 200",
        "bystander-terminated", "false");
    for (boolean agent : new boolean[] {false, true}) {
      try (LocalHttpServer server = LocalHttpServer.start()) {
        ChildJvm jvm = ChildJvm.on(Jdk.TEMURIN_25).name("jdkhttp-lifecycle-" + (agent ? "agent" : "no-agent"));
        if (agent) {
          jvm.withAgent();
        }
        ChildJvmResult result = jvm.run(JdkHttpLifecycleApp.class.getName(), "base=" + server.url(""))
            .assertSuccess();
        expected.forEach((key, value) -> assertEquals(value, result.result(key),
            key + " with agent=" + agent + "\n" + result.outputTails()));
        if (agent) {
          assertAgentHealthy(result);
        }
      }
    }
  }

  private static ChildJvmResult run(ChildJvm jvm, LocalHttpServer server, String mode) {
    ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "clients=per-request", "mode=" + mode,
        "requests=" + REQUESTS, "threads=" + THREADS).assertSuccess();
    assertEquals("0", result.result("failures"), result.outputTails());
    assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "bodies differ");
    return result;
  }

  private static LocalHttpServer server(boolean tls) {
    return TestServers.builder(tls).maxConnections(REQUESTS + 100).start();
  }
}
