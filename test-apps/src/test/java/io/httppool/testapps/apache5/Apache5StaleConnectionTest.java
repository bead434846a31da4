package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stale keep-alive connections with HttpClient 5: the keep-alive race (the server closes connections idle for
 * 1 s, the app pauses 1 s plus or minus 60 ms between bursts), a server's Keep-Alive hint, and the agent's own
 * retry of a request that failed only because the connection it reused was stale.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Apache5StaleConnectionTest {
  private static final String RACE_APP = Apache5KeepAliveRaceApp.class.getName();
  private static final String RETRY_APP = Apache5StaleRetryApp.class.getName();
  private static final String NO_HTTP_RESPONSE = "org.apache.hc.core5.http.NoHttpResponseException";
  private static final int THREADS = 8;

  @ParameterizedTest
  @ValueSource(strings = {"classic", "async"})
  void noRequestFailsAndNoPostArrivesTwiceInTheKeepAliveRace(String mode) {
    int cycles = 30;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries("apache55").name("apache5-race-" + mode);
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-race-" + mode);

      ChildJvmResult result = jvm.run(RACE_APP, "base=" + base(server), "threads=" + THREADS,
          "cycles=" + cycles, "mode=" + mode).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, 2 * THREADS * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double stale = scrape.sum("httppool_errors_total", "error_type", "stale_connection");
      assertTrue(stale <= THREADS, stale + " stale connections: the limit should be learned after the first\n"
          + scrape.text());
    }
  }

  @Test
  void aKeepAliveHintIsObeyedBeforeAnyConnectionGoesStale() {
    int cycles = 10;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).keepAliveHintSeconds(1)
        .start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries("apache55").name("apache5-keepalive-hint");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-keepalive-hint");

      ChildJvmResult result = jvm.run(RACE_APP, "base=" + base(server), "threads=" + THREADS,
          "cycles=" + cycles).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEveryRequestArrivedOnce(server, 2 * THREADS * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(0, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "idle") > 0, scrape.text());
    }
  }

  /**
   * A stale reuse made certain: the server drops connections idle for 200 ms, the app waits 600 ms, and the
   * agent is told to neither probe nor expire idle connections before then. With retries disabled in the client,
   * the GET succeeds through the agent's retry; the POST fails as it would without the agent, and is not resent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"apache50", "apache52", "apache55"})
  void theAgentRetriesAStaleGetOnceAndNeverAPost(String libraries) {
    try (LocalHttpServer getServer = staleServer(); LocalHttpServer postServer = staleServer()) {
      ChildJvm jvm = staleReuse(ChildJvm.on(Jdk.JDK_17).withAgent().libraries(libraries))
          .name("apache5-stale-retry-" + libraries);
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-stale-retry-" + libraries);

      ChildJvmResult result = jvm.run(RETRY_APP, "get=" + base(getServer), "post=" + base(postServer))
          .assertSuccess();

      assertEquals("ok", result.result("get"), result.outputTails());
      assertEquals(NO_HTTP_RESPONSE, result.result("post"), result.outputTails());
      assertAgentHealthy(result);
      assertArrivedOnce(getServer, "get-1", "get-2");
      assertTrue(postServer.metrics().requestCountsById().getOrDefault("post-2", 0L) <= 1,
          postServer.metrics().requestCountsById().toString());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
      assertEquals(2, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
    }
  }

  @Test
  void theGuardsProbeFindsTheClosedConnectionBeforeAnyRequestIsSentOnIt() {
    try (LocalHttpServer getServer = staleServer(); LocalHttpServer postServer = staleServer()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries("apache55").name("apache5-stale-probe");
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
      without = ChildJvm.on(Jdk.JDK_17).libraries("apache55").name("apache5-stale-no-agent")
          .run(RETRY_APP, "get=" + base(getServer), "post=" + base(postServer)).assertSuccess();
    }
    assertEquals(NO_HTTP_RESPONSE, without.result("get"), without.outputTails());
    assertEquals(NO_HTTP_RESPONSE, without.result("post"), without.outputTails());

    try (LocalHttpServer getServer = staleServer()) {
      ChildJvm jvm = staleReuse(ChildJvm.on(Jdk.JDK_17).withAgent().libraries("apache55"))
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
      ChildJvm jvm = staleReuse(ChildJvm.on(Jdk.JDK_17).withAgent().libraries("apache55"))
          .name("apache5-stale-library-retry");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-stale-library-retry");

      ChildJvmResult result = jvm.run(RETRY_APP, "retries=default", "get=" + base(getServer),
          "post=" + base(postServer)).assertSuccess();

      assertEquals("ok", result.result("get"), result.outputTails());
      assertEquals(NO_HTTP_RESPONSE, result.result("post"), result.outputTails());
      assertAgentHealthy(result);
      assertArrivedOnce(getServer, "get-1", "get-2");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
    }
  }

  private static LocalHttpServer staleServer() {
    return LocalHttpServer.builder().idleTimeoutMillis(200).start();
  }

  /** The guard neither probes nor retires a connection idle for 600 ms, so its reuse is certain to fail. */
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

  private static void assertEveryRequestArrivedOnce(LocalHttpServer server, int requests) {
    Map<String, Long> counts = server.metrics().requestCountsById();
    assertEquals(requests, counts.size(), "distinct requests the server saw");
    counts.forEach((id, count) -> assertEquals(1L, count, id + " arrived " + count + " times"));
  }
}
