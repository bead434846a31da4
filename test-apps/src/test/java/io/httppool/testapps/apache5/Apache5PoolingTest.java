package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
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
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 5.x classic apps (every version in JarSet) in a child JVM with the real agent jar, against a
 * local server.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5PoolingTest {
  private static final String APP = Apache5App.class.getName();
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;
  private static final int MAX_CONNECTIONS = 2 * THREADS;

  static List<Arguments> jdksVersionsAndTransports() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.available()) {
      for (String apache : JarSet.apache5From52().toList()) {
        runs.add(Arguments.of(jdk, apache, false));
        runs.add(Arguments.of(jdk, apache, true));
      }
    }
    // the oldest line, before ConnectionConfig (5.2) and with no validation after inactivity by default
    runs.add(Arguments.of(Jdk.JDK_17, JarSet.APACHE50.dir(), true));
    return runs;
  }

  @ParameterizedTest(name = "{0} {1} tls={2}")
  @MethodSource("jdksVersionsAndTransports")
  void clientPerRequestAppReusesAHandfulOfConnections(Jdk jdk, String apache, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String run = "apache5-per-request-" + jdk + "-" + apache + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().libraries(apache).name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=per-request", "style=default").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "responses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= MAX_CONNECTIONS, connections + " connections for " + REQUESTS + " requests");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double reuse = scrape.reuseRate("apache5");
      assertTrue(reuse >= 0.99, "exported reuse rate " + reuse);
      assertEquals(REQUESTS, scrape.sum("http_client_request_duration_seconds_count", "httppool_client", "apache5",
          "http_request_method", "POST", "http_response_status_code", "200"), scrape.text());
    }
  }

  /**
   * createDefault, custom().build(), createSystem and createMinimal in turn. On 5.3+ createSystem draws from a
   * second shared manager (system properties shape its TLS), and a minimal client routes https as a plain route,
   * a separate per-route pool in the library's own keying: at most 8 connections (threads) for each of the three.
   */
  @Test
  void everyFactoryMethodDrawsFromTheSharedPools() {
    try (LocalHttpServer server = server(true)) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-factories");
      trustTestCertificates(jvm);
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-factories");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=per-request", "style=mixed").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), result.outputTails());
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 3 * THREADS, connections + " connections for " + REQUESTS + " requests");
      double reuse = PrometheusScrape.read(metrics).reuseRate("apache5");
      assertTrue(reuse >= 0.98, "exported reuse rate " + reuse);
    }
  }

  @Test
  void withoutTheAgentEveryClientOpensItsOwnConnection() {
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(REQUESTS + 100).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.APACHE55).name("apache5-no-agent")
          .run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS, "threads=" + THREADS,
              "clients=per-request")
          .assertSuccess();

      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"));
      assertEquals(REQUESTS, server.metrics().connectionsAccepted());
    }
  }
}
