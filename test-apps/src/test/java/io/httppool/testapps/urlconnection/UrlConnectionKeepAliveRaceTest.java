package io.httppool.testapps.urlconnection;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.server.LocalHttpServer;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keep-alive race for HttpURLConnection: the server closes connections idle for 1 s, the app pauses about
 * that long between bursts. The JDK re-sends such failed requests once itself; with the agent the cache no
 * longer hands out connections the server has probably closed, the JDK's re-sends are counted, and what a
 * server teaches (its Keep-Alive hint, or a stale connection) is obeyed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UrlConnectionKeepAliveRaceTest {
  private static final String APP = UrlConnectionKeepAliveRaceApp.class.getName();
  private static final int THREADS = 8;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void noRequestFailsAndNoPostArrivesTwice(Jdk jdk) {
    int cycles = 30;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).start()) {
      String run = "urlconnection-keepalive-race-" + jdk;
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=" + THREADS, "cycles=" + cycles)
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, 2 * THREADS * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double stale = scrape.sum("httppool_errors_total", "error_type", "stale_connection");
      double retried = scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection");
      assertEquals(stale, retried, "every stale failure was re-sent by the JDK, and counted\n" + scrape.text());
      assertTrue(stale <= THREADS, stale + " stale connections: the limit should be learned after the first");
      assertTrue(evictions(scrape, "stale") + evictions(scrape, "idle") > 0,
          "the guard refused no idle connection\n" + scrape.text());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void aKeepAliveHintIsObeyedBeforeAnyConnectionGoesStale(Jdk jdk) {
    int cycles = 10;
    // Keep-Alive: timeout=1 without Connection: keep-alive, which the JDK itself ignores
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).keepAliveHintSeconds(1)
        .start()) {
      String run = "urlconnection-keepalive-hint-" + jdk;
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=" + THREADS, "cycles=" + cycles)
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, 2 * THREADS * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(0, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertEquals(0, evictions(scrape, "stale"), "no idle connection was found closed\n" + scrape.text());
      assertTrue(evictions(scrape, "idle") > 0, scrape.text());
    }
  }

  /**
   * One thread pauses 400 ms and 1300 ms in turn; the server closes connections idle for 1 s and says nothing.
   * The first reuse after a long pause finds the connection closed (the probe), which teaches a limit of 975 ms:
   * later reuses after long pauses are refused without a probe, those after short pauses still reuse.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void aLimitLearnedFromTheFirstStaleConnectionRefusesLongerIdleReuses(Jdk jdk) {
    int cycles = 12;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).start()) {
      String run = "urlconnection-learned-limit-" + jdk;
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=1", "cycles=" + cycles,
          "gaps=400,1300", "jitter=0").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, 2 * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      int longPauses = (cycles - 1) / 2;
      assertEquals(1, evictions(scrape, "stale"), "found closed by the probe, once\n" + scrape.text());
      assertEquals(longPauses - 1, evictions(scrape, "idle"), "refused by the learned limit\n" + scrape.text());
      assertEquals(0, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      // a new connection for the first request and after each long pause, none for a JDK re-send
      assertEquals(1 + longPauses, server.metrics().connectionsAccepted());
      assertEquals(2 * cycles - 1 - longPauses, scrape.sum("httppool_connection_acquires_total",
          "httppool_client", "urlconnection", "httppool_reused", "true"), scrape.text());
    }
  }

  /**
   * The same race without the agent, and with the agent, on every JDK, with the default POST and a streaming
   * one (which the JDK never re-sends). Not part of the suite: run with {@code -Dhttppool.measure=true}; writes
   * {@code target/e2e/urlconnection-keepalive-race.txt}.
   */
  @Test
  @EnabledIfSystemProperty(named = "httppool.measure", matches = "true")
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void measureTheRaceWithAndWithoutTheAgent() throws IOException {
    int cycles = 30;
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-12s %-10s %-6s %9s %14s %12s %7s %8s", "jdk", "post", "agent", "failures",
        "sent twice", "connections", "stale", "retries"));
    for (Jdk jdk : Jdks.available()) {
      for (boolean streaming : new boolean[] {false, true}) {
        for (boolean agent : new boolean[] {false, true}) {
          try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).start()) {
            String run = "urlconnection-race-measure-" + jdk + (streaming ? "-streaming" : "") + (agent ? "" : "-none");
            ChildJvm jvm = ChildJvm.on(jdk).name(run);
            Path metrics = null;
            if (agent) {
              jvm.withAgent();
              metrics = PrometheusScrape.exportTo(jvm, run);
            }
            ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=" + THREADS,
                "cycles=" + cycles, "streaming=" + streaming).assertSuccess();
            long twice = server.metrics().requestCountsById().values().stream().filter(count -> count > 1).count();
            String stale = "-";
            String retries = "-";
            if (agent) {
              PrometheusScrape scrape = PrometheusScrape.read(metrics);
              stale = String.valueOf((long) scrape.sum("httppool_errors_total", "error_type", "stale_connection"));
              retries = String.valueOf((long) scrape.sum("httppool_retries_total"));
            }
            lines.add(String.format("%-12s %-10s %-6s %9s %14d %12d %7s %8s", jdk,
                streaming ? "streaming" : "buffered", agent, result.result("failures"), twice,
                server.metrics().connectionsAccepted(), stale, retries));
            System.out.println(lines.get(lines.size() - 1) + " " + result.result("exceptions"));
          }
        }
      }
    }
    Path file = TestPaths.workDir().resolve("urlconnection-keepalive-race.txt");
    Files.write(file, lines);
    lines.forEach(System.out::println);
  }

  private static String base(LocalHttpServer server) {
    return server.url("").replaceAll("/$", "");
  }

  private static double evictions(PrometheusScrape scrape, String reason) {
    return scrape.sum("httppool_connection_evictions_total", "httppool_client", "urlconnection", "httppool_reason",
        reason);
  }

  private static void assertEveryRequestArrivedOnce(LocalHttpServer server, int requests) {
    Map<String, Long> counts = server.metrics().requestCountsById();
    assertEquals(requests, counts.size(), "distinct requests the server saw");
    counts.forEach((id, count) -> assertEquals(1L, count, id + " arrived " + count + " times"));
  }
}
