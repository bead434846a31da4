package io.httppool.testapps.jdkhttp;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.JdkHttpFamily;
import io.httppool.testapps.server.LocalHttp2Server;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code max-connections-per-host} on the shared JDK clients, whose own pool has no limit: exchanges beyond it
 * wait (pending, wait time), fail after {@code acquire-timeout} with the JDK's {@code HttpConnectTimeoutException},
 * and a thread holding a streamed response never waits for itself.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@JdkHttpFamily
class JdkHttpLimitTest {
  private static final String APP = JdkHttpLimitApp.class.getName();
  private static final int LIMIT = 2;
  /** How long the wait scenario holds its streamed response: longer than any request takes on a loaded machine. */
  private static final int HOLD_MILLIS = 3000;

  /** HTTP/1.1: an exchange holds its connection, so the limit bounds the connections the server sees. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void overHttp11TheLimitBoundsConnections(Jdk jdk) {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      String run = "jdkhttp-limit-" + jdk;
      ChildJvm jvm = limited(ChildJvm.on(jdk).withAgent().name(run), "30s");
      Path metrics = PrometheusScrape.exportTo(jvm, run);
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "scenario=load", "requests=200",
          "threads=8").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertTrue(server.metrics().connectionsAccepted() <= LIMIT,
          server.metrics().connectionsAccepted() + " connections, limit " + LIMIT);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(LIMIT, scrape.sum("httppool_connection_max", "httppool_client", "jdkhttp"), scrape.text());
      assertTrue(scrape.sum("httppool_connection_wait_time_seconds_count", "httppool_client", "jdkhttp") > 0,
          "8 threads, 2 permits: requests waited\n" + scrape.text());
      assertEquals(0, scrape.sum("httppool_connection_pending_requests", "httppool_client", "jdkhttp"),
          "none waits at the end");
    }
  }

  /** The same app without the agent: the JDK opens a connection per client, so the limit above is the agent's. */
  @Test
  void withoutTheAgentTheJdkHasNoLimit() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).name("jdkhttp-limit-no-agent")
          .run(APP, "base=" + server.url(""), "scenario=load", "requests=200", "threads=8").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertTrue(server.metrics().connectionsAccepted() > 8, server.metrics().connectionsAccepted() + "");
    }
  }

  /** HTTP/2: exchanges are streams of one connection; the limit bounds the streams in flight. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void overHttp2TheLimitBoundsStreamsInFlight(Jdk jdk) {
    try (LocalHttp2Server server = LocalHttp2Server.start(
        TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN))) {
      ChildJvm jvm = limited(trustTestCertificates(ChildJvm.on(jdk).withAgent().name("jdkhttp-limit-h2-" + jdk)),
          "30s");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "scenario=load", "version=HTTP_2",
          "requests=200", "threads=8").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEquals(200, server.requests("HTTP/2.0"));
      assertTrue(server.maxRequestsInFlight() <= LIMIT, server.maxRequestsInFlight() + " streams in flight");
      assertTrue(server.connectionsAccepted() <= LIMIT, server.connectionsAccepted() + " connections");
    }
  }

  /**
   * A request beyond the limit waits until the streamed response holding the last permit is closed, with
   * {@code send} and with {@code sendAsync}; without the agent it does not wait.
   */
  @Test
  void aRequestBeyondTheLimitWaitsForAStreamedResponseToBeClosed() {
    for (boolean agent : new boolean[] {false, true}) {
      try (LocalHttpServer server = LocalHttpServer.start()) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name("jdkhttp-limit-wait-" + (agent ? "agent" : "no-agent"));
        if (agent) {
          limited(jvm.withAgent(), "30s").systemProperty("httppool.max-connections-per-host", "1");
        }
        ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "scenario=wait", "hold-ms=" + HOLD_MILLIS)
            .assertSuccess();

        for (String mode : new String[] {"sync", "async"}) {
          String outcome = result.result(mode);
          assertTrue(outcome.startsWith("status 200 "), mode + ": " + outcome + "\n" + result.outputTails());
          long millis = afterMillis(outcome);
          if (agent) {
            assertTrue(millis >= HOLD_MILLIS, mode + " waited for the held response: " + outcome);
          } else {
            assertTrue(millis < HOLD_MILLIS, mode + " did not wait without the agent: " + outcome);
          }
        }
      }
    }
  }

  /**
   * Waiting beyond {@code acquire-timeout} fails with the JDK's {@code HttpConnectTimeoutException} (as a
   * connection that took too long), {@code send} and {@code sendAsync} alike, counted as {@code pool_timeout}.
   */
  @Test
  void waitingBeyondAcquireTimeoutFailsWithHttpConnectTimeoutException() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = limited(ChildJvm.on(Jdk.JDK_17).withAgent().name("jdkhttp-limit-timeout"), "300ms")
          .systemProperty("httppool.max-connections-per-host", "1");
      Path metrics = PrometheusScrape.exportTo(jvm, "jdkhttp-limit-timeout");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "scenario=wait", "hold-ms=" + HOLD_MILLIS)
          .assertSuccess();

      assertAgentHealthy(result);
      for (String mode : new String[] {"sync", "async"}) {
        String outcome = result.result(mode);
        assertTrue(outcome.startsWith("java.net.http.HttpConnectTimeoutException "), mode + ": " + outcome);
        long millis = afterMillis(outcome);
        assertTrue(millis >= 250 && millis < HOLD_MILLIS, mode + " failed after acquire-timeout: " + outcome);
      }
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(2, scrape.sum("httppool_errors_total", "httppool_client", "jdkhttp", "error_type",
          "pool_timeout"), scrape.text());
    }
  }

  /**
   * An asynchronous request cancelled while it waits for a permit ends as a cancelled request does without the
   * agent, and takes no permit with it: once the held response is closed, the next request goes at once.
   */
  @Test
  void anAsyncRequestCancelledWhileWaitingLeavesNoPermitBehind() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = limited(ChildJvm.on(Jdk.JDK_17).withAgent().name("jdkhttp-limit-cancel"), "30s")
          .systemProperty("httppool.max-connections-per-host", "1");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "scenario=cancel").assertSuccess();

      assertAgentHealthy(result);
      assertEquals("true", result.result("cancelled"));
      assertEquals("java.util.concurrent.CancellationException", result.result("cancelled-outcome"));
      String after = result.result("after");
      assertTrue(after.startsWith("status 200 ") && afterMillis(after) < 10_000, after);
    }
  }

  /** A thread holding a streamed response sends again: it goes over the limit instead of waiting for itself. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void aThreadHoldingAStreamedResponseNeverWaitsForItself(Jdk jdk) {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = limited(ChildJvm.on(jdk).withAgent().name("jdkhttp-limit-same-thread-" + jdk), "30s")
          .systemProperty("httppool.max-connections-per-host", "1");
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "scenario=same-thread").assertSuccess();

      assertAgentHealthy(result);
      String second = result.result("second");
      assertTrue(second.startsWith("status 200 ") && afterMillis(second) < 10_000, second);
      assertEquals("100000", result.result("held-bytes"));
    }
  }

  private static ChildJvm limited(ChildJvm jvm, String acquireTimeout) {
    return jvm.systemProperty("httppool.max-connections-per-host", String.valueOf(LIMIT))
        .systemProperty("httppool.acquire-timeout", acquireTimeout);
  }

  private static long afterMillis(String outcome) {
    return Long.parseLong(outcome.substring(outcome.indexOf("after-ms ") + "after-ms ".length()).trim());
  }
}
