package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stale keep-alive connections with HttpClient 5: the guard's probe, and the agent's own retry of a request that
 * failed only because the connection it reused was stale. The keep-alive race and the Keep-Alive hint are checked
 * for every family in {@code faults.KeepAliveRaceTest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5StaleConnectionTest {
  private static final String RETRY_APP = Apache5StaleRetryApp.class.getName();
  private static final String NO_HTTP_RESPONSE = "org.apache.hc.core5.http.NoHttpResponseException";

  /**
   * A stale reuse made certain: the server drops connections idle for 200 ms, the app waits 600 ms, and the
   * agent is told to neither probe nor expire idle connections before then. With retries disabled in the client,
   * the GET succeeds through the agent's retry. The POST, which no one may retry, has its connection probed
   * however briefly it was idle: it never meets the closed connection, and is sent once.
   */
  @ParameterizedTest
  @MethodSource("io.httppool.testapps.families.JarSet#apache5")
  void theAgentRetriesAStaleGetOnceAndAPostNeverMeetsTheStaleConnection(String libraries) {
    try (LocalHttpServer getServer = staleServer(); LocalHttpServer postServer = staleServer()) {
      ChildJvm jvm = staleReuse(ChildJvm.on(Jdk.JDK_17).withAgent().libraries(libraries))
          .name("apache5-stale-retry-" + libraries);
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-stale-retry-" + libraries);

      ChildJvmResult result = jvm.run(RETRY_APP, "get=" + base(getServer), "post=" + base(postServer))
          .assertSuccess();

      assertEquals("ok", result.result("get"), result.outputTails());
      assertEquals("ok", result.result("post"), result.outputTails());
      assertAgentHealthy(result);
      assertArrivedOnce(getServer, "get-1", "get-2");
      assertArrivedOnce(postServer, "post-1", "post-2");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
      assertEquals(1, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
    }
  }

  @Test
  void theGuardsProbeFindsTheClosedConnectionBeforeAnyRequestIsSentOnIt() {
    try (LocalHttpServer getServer = staleServer(); LocalHttpServer postServer = staleServer()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-stale-probe");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-stale-probe");

      ChildJvmResult result = jvm.run(RETRY_APP, "get=" + base(getServer), "post=" + base(postServer))
          .assertSuccess();

      assertEquals("ok", result.result("get"), result.outputTails());
      assertEquals("ok", result.result("post"), result.outputTails());
      assertAgentHealthy(result);
      assertArrivedOnce(postServer, "post-1", "post-2");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(2, scrape.sum("httppool_connection_evictions_total", "httppool_reason", "stale"), scrape.text());
      assertEquals(0, scrape.sum("httppool_errors_total"), scrape.text());
      assertEquals(0, scrape.sum("httppool_retries_total"), scrape.text());
    }
  }

  @Test
  void withoutTheAgentOrItsRetryTheStaleGetFailsTheSameWay() {
    ChildJvmResult without;
    try (LocalHttpServer getServer = staleServer(); LocalHttpServer postServer = staleServer()) {
      without = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.APACHE55).name("apache5-stale-no-agent")
          .run(RETRY_APP, "get=" + base(getServer), "post=" + base(postServer)).assertSuccess();
    }
    assertEquals(NO_HTTP_RESPONSE, without.result("get"), without.outputTails());
    assertEquals(NO_HTTP_RESPONSE, without.result("post"), without.outputTails());

    try (LocalHttpServer getServer = staleServer()) {
      ChildJvm jvm = staleReuse(ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55))
          .systemProperty("httppool.retry-stale", "false").name("apache5-stale-retry-off");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-stale-retry-off");

      ChildJvmResult result = jvm.run(RETRY_APP, "get=" + base(getServer)).assertSuccess();

      assertEquals(without.result("get"), result.result("get"), result.outputTails());
      assertEquals(without.result("get.message"), result.result("get.message"), result.outputTails());
      assertAgentHealthy(result);
      assertEquals(0, PrometheusScrape.read(metrics).sum("httppool_retries_total"));
    }
  }

  @Test
  void theLibrarysOwnRetryOfAStaleGetIsCountedNotRepeated() {
    try (LocalHttpServer getServer = staleServer(); LocalHttpServer postServer = staleServer()) {
      ChildJvm jvm = staleReuse(ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55))
          .name("apache5-stale-library-retry");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-stale-library-retry");

      ChildJvmResult result = jvm.run(RETRY_APP, "retries=default", "get=" + base(getServer),
          "post=" + base(postServer)).assertSuccess();

      assertEquals("ok", result.result("get"), result.outputTails());
      assertEquals("ok", result.result("post"), "the POST is probed, see above\n" + result.outputTails());
      assertAgentHealthy(result);
      assertArrivedOnce(getServer, "get-1", "get-2");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
    }
  }

  private static LocalHttpServer staleServer() {
    return LocalHttpServer.builder().idleTimeoutMillis(200).start();
  }

  /**
   * The guard neither probes nor retires a connection idle for 600 ms, so a GET's reuse is certain to fail (a
   * request no one would retry, a POST, is probed all the same).
   */
  private static ChildJvm staleReuse(ChildJvm jvm) {
    return jvm.systemProperty("httppool.validate-after-inactivity", "60s")
        .systemProperty("httppool.idle-timeout", "60s");
  }

  private static String base(LocalHttpServer server) {
    return server.url("").replaceAll("/$", "");
  }

  private static void assertArrivedOnce(LocalHttpServer server, String... ids) {
    Map<String, Long> counts = server.metrics().requestCountsById();
    for (String id : ids) {
      assertEquals(1L, counts.getOrDefault(id, 0L), id + " in " + counts);
    }
  }

}
