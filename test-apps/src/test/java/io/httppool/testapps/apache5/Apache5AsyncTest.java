package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HttpClient 5 async (HTTP/1.1). An async connection belongs to the I/O reactor of the client that opened it, so
 * async clients built without a manager run on a shared engine (reactor and pool, {@link Apache5AsyncSharingTest})
 * with the agent's limits and eviction, and every lease is measured.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5AsyncTest {
  private static final String APP = Apache5App.class.getName();

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache5From52")
  void perRequestAsyncClientsWorkAndAreMeasured(String apache) {
    int requests = 500;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      String run = "apache5-async-per-request-" + apache;
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=8",
          "clients=per-request", "mode=async").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"));
      assertAgentHealthy(result);
      // one shared engine: a connection per thread (and the odd one more, see Apache5AsyncSharingTest), each
      // acquire of a new one counted as such
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 16, connections + " connections");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(requests, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache5"),
          scrape.text());
      assertEquals(connections, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache5",
          "httppool_reused", "false"), scrape.text());
      assertEquals(requests, scrape.sum("http_client_request_duration_seconds_count", "httppool_client", "apache5",
          "http_request_method", "POST", "http_response_status_code", "200"), scrape.text());
    }
  }

  @Test
  void aLongLivedAsyncClientGetsTheAgentsLimits() {
    int requests = 400;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-async-limits")
          .systemProperty("httppool.max-connections-per-host", "2");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-async-limits");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=8",
          "clients=shared", "mode=async").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"), result.outputTails());
      assertAgentHealthy(result);
      assertTrue(server.metrics().maxOpenConnections() <= 2, server.metrics().maxOpenConnections() + " open");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(2, scrape.sum("httppool_connection_max", "httppool_client", "apache5"), scrape.text());
      assertTrue(scrape.reuseRate("apache5") >= 0.99, scrape.text());
      // 8 threads on 2 connections: most leases find both busy (a lease the pool serves at once is no wait)
      double waits = scrape.sum("httppool_connection_wait_time_seconds_count", "httppool_client", "apache5");
      assertTrue(waits >= requests / 2 && waits <= requests, waits + " waits\n" + scrape.text());
    }
  }

  @Test
  void waitingBeyondTheAcquireTimeoutFailsWithTheLibrarysOwnException() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-async-pool-timeout")
          .systemProperty("httppool.max-connections-per-host", "1")
          .systemProperty("httppool.acquire-timeout", "300ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-async-pool-timeout");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/delay/1500"), "method=GET", "requests=4",
          "threads=4", "clients=shared", "mode=async").assertSuccess();

      assertEquals("3", result.result("failures"), result.outputTails());
      assertEquals("{org.apache.hc.core5.util.DeadlineTimeoutException=3}", result.result("exceptions"));
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(3, scrape.sum("httppool_errors_total", "httppool_client", "apache5", "error_type", "pool_timeout"),
          scrape.text());
      // the one lease served at once did not wait; every timed-out one did
      assertEquals(3, scrape.sum("httppool_connection_wait_time_seconds_count", "httppool_client", "apache5"),
          scrape.text());
    }
  }
}
