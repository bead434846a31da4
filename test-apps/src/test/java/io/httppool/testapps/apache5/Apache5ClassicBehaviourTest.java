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
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.support.TestServers;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the agent must not change, and the limits it applies, with HttpClient 5.5 classic apps. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5ClassicBehaviourTest {
  @Test
  void switchedOffAnApplicationsOwnManagerKeepsItsLimitAndIsObserved() {
    int requests = 500;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      // apache5.share-app-pools=false: the manager is not a handle onto a shared pool (Apache5AppManagerTest)
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-own-manager")
          .systemProperty("httppool.apache5.share-app-pools", "false");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-own-manager");

      ChildJvmResult result = jvm.run(Apache5OwnManagerApp.class.getName(), "url=" + server.url("/echo"),
          "requests=" + requests, "threads=8", "maxTotal=3").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"), result.outputTails());
      assertAgentHealthy(result);
      assertTrue(server.metrics().maxOpenConnections() <= 3, server.metrics().maxOpenConnections() + " open");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(3, scrape.sum("httppool_connection_max", "httppool_client", "apache5"), scrape.text());
      assertTrue(scrape.reuseRate("apache5") >= 0.99, scrape.text());
    }
  }

  @Test
  void connectionsOfOneClientCertificateNeverServeAnother() {
    int requests = 2000;
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder().tls(certificates.serverContext(Authority.MAIN))
        .needClientAuth(true).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-mtls");
      TestServers.trustTestCertificates(jvm);
      jvm.systemProperty("javax.net.ssl.keyStore", certificates.clientKeystore(ClientIdentity.CLIENT_A).toString())
          .systemProperty("javax.net.ssl.keyStorePassword", certificates.password())
          .systemProperty("javax.net.ssl.keyStoreType", TestCertificates.STORE_TYPE);
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-mtls");

      ChildJvmResult result = jvm.run(Apache5MtlsApp.class.getName(), "url=" + server.url("/whoami"),
          "requests=" + requests, "threads=8", "certificates=" + certificates.directory()).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"), result.outputTails());
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(requests, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache5"),
          scrape.text());
      // CLIENT_A's half runs on the shared manager, where a fresh context may lease a connection carrying the
      // manager's own client certificate; CLIENT_B's manager is the application's and keeps the library's rule
      // (a request without a user token never gets a connection with state), so each of its requests connects
      double reused = scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache5",
          "httppool_reused", "true");
      assertTrue(reused >= requests / 2 - 2 * 8, reused + " reused\n" + scrape.text());
    }
  }

  @Test
  void closingOrBreakingOneClientLeavesAnotherClientsRequestsRunning() {
    int requests = 40;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55)
          .name("apache5-close-in-flight")
          .run(Apache5CloseWhileInFlightApp.class.getName(), "base=" + server.url(""), "requests=" + requests,
              "threads=4")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Integer.toString(requests), result.result("completed"));
      assertTrue(Integer.parseInt(result.result("closedClients")) > 10, result.result("closedClients"));
      assertTrue(Integer.parseInt(result.result("errorsThrown")) > 5, result.result("errorsThrown"));
      assertAgentHealthy(result);
    }
  }

  @Test
  void waitingBeyondTheAcquireTimeoutFailsWithTheLibrarysOwnException() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-pool-timeout")
          .systemProperty("httppool.max-connections-per-host", "1")
          .systemProperty("httppool.acquire-timeout", "300ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-pool-timeout");

      ChildJvmResult result = jvm.run(Apache5App.class.getName(), "url=" + server.url("/delay/1500"),
          "method=GET", "requests=4", "threads=4", "clients=per-request", "style=default").assertSuccess();

      assertEquals("3", result.result("failures"), result.outputTails());
      assertEquals("{org.apache.hc.core5.http.ConnectionRequestTimeoutException=3}", result.result("exceptions"));
      assertAgentHealthy(result);
      assertEquals(1, server.metrics().connectionsAccepted());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(3, scrape.sum("httppool_errors_total", "httppool_client", "apache5", "error_type", "pool_timeout"),
          scrape.text());
      // the lease served at once did not wait; every timed-out one did
      assertEquals(3, scrape.sum("httppool_connection_wait_time_seconds_count", "httppool_client", "apache5"),
          scrape.text());
    }
  }

  @Test
  void idleConnectionsAreEvictedAndLeakedLeasesReported() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-idle-leak")
          .systemProperty("httppool.idle-timeout", "1s")
          .systemProperty("httppool.leak-detection-threshold", "1s");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-idle-leak");

      ChildJvmResult result = jvm.run(Apache5IdleAndLeakApp.class.getName(), "base=" + server.url(""),
          "parallel=4", "idleMillis=3500").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      // the four parallel connections: three idle ones evicted, one lent to the leaked response
      assertEquals(3, scrape.sum("httppool_connection_evictions_total", "httppool_client", "apache5",
          "httppool_reason", "idle"), scrape.text());
      assertEquals(1, scrape.sum("httppool_connection_leaks_total", "httppool_client", "apache5"), scrape.text());
      assertTrue(result.stderr().contains("held for more than 1000 ms"), result.stderr());
    }
  }
}
