package io.httppool.testapps.urlconnection;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.assertEveryRequestArrivedOnce;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.UrlConnectionFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * server teaches (its Keep-Alive hint, or a stale connection) is obeyed. The race and the hint run here on the
 * JDKs other than the build's; {@code faults.KeepAliveRaceTest} runs them on the build's JDK with every family.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@UrlConnectionFamily
class UrlConnectionKeepAliveRaceTest {
  private static final String APP = UrlConnectionKeepAliveRaceApp.class.getName();
  private static final int THREADS = 8;

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("io.httppool.testapps.support.Jdks#otherThanTheBuilds")
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

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("io.httppool.testapps.support.Jdks#otherThanTheBuilds")
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
   * later reuses after long pauses are refused without a probe, those after short pauses still reuse. Over TLS
   * the probe reads the TCP socket under the TLS one.
   */
  @ParameterizedTest(name = "{0} tls={1}")
  @MethodSource("io.httppool.testapps.support.Jdks#everyJdkAndTransport")
  void aLimitLearnedFromTheFirstStaleConnectionRefusesLongerIdleReuses(Jdk jdk, boolean tls) {
    int cycles = 12;
    LocalHttpServer.Builder builder = LocalHttpServer.builder().idleTimeoutMillis(1000);
    if (tls) {
      builder.tls(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN));
    }
    try (LocalHttpServer server = builder.start()) {
      String run = "urlconnection-learned-limit-" + jdk + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(run);
      if (tls) {
        trustTestCertificates(jvm);
      }
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
   * A server that closes idle connections after 300 ms, the app pausing 600 ms, the probe off: the first POST
   * after a pause goes to a closed connection. Writing its body fails (the server reset the connection after
   * the headers), so the JDK re-sends it on a connection it opens without the cache ({@code retryPost} does not
   * apply there). The agent counts that re-send, and the limit it teaches refuses the later reuses.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void theJdksResendOfAnUnwritableRequestIsCountedAndTeachesTheGuard(Jdk jdk) {
    int cycles = 4;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(300).start()) {
      String run = "urlconnection-write-resend-" + jdk;
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().systemProperty("httppool.validate-after-inactivity", "1m")
          .name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=1", "cycles=" + cycles, "gaps=600",
          "jitter=0").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, 2 * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
      assertEquals(1, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertEquals(cycles - 2, evictions(scrape, "idle"), scrape.text());
    }
  }

  /**
   * The same with POSTs without a body and {@code sun.net.http.retryPost=false}: nothing fails to write, reading
   * the response fails, and the JDK does not re-send the POST, so the application sees the failure, with or
   * without the agent (which adds no retry either). It is counted once as {@code stale_connection} and teaches
   * the guard, which refuses the later reuses before they fail.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void aStaleFailureTheJdkDoesNotResendReachesTheAppOnceAndTeachesTheGuard(Jdk jdk) {
    int cycles = 4;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(300).start()) {
      String run = "urlconnection-no-retry-post-" + jdk;
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().systemProperty("sun.net.http.retryPost", "false")
          .systemProperty("httppool.validate-after-inactivity", "1m").name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=1", "cycles=" + cycles, "gaps=600",
          "jitter=0", "empty-posts=true").assertSuccess();

      assertEquals("1", result.result("failures"), result.outputTails());
      assertEquals("{java.net.SocketException=1}", result.result("exceptions"), result.outputTails());
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(1, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertEquals(0, scrape.sum("httppool_retries_total"), scrape.text());
      assertEquals(cycles - 2, evictions(scrape, "idle"), scrape.text());
      assertEquals(2 * cycles - 1, server.metrics().requestCountsById().size(), "the failed POST never arrived");
    }
  }

  /**
   * The same race without the agent, and with the agent, on every JDK, with the default POST and a streaming
   * one (which the JDK never re-sends), from 8 threads and from one. Not part of the suite: run with
   * {@code -Dhttppool.measure=true}; writes {@code target/e2e/urlconnection-keepalive-race.txt}. With one thread
   * and no agent, every connection after the first is a JDK re-send (or, streaming, a connection the JDK's own
   * check found closed).
   */
  @Test
  @EnabledIfSystemProperty(named = "httppool.measure", matches = "true")
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void measureTheRaceWithAndWithoutTheAgent() throws IOException {
    int cycles = 30;
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-11s %-7s %-10s %-6s %8s %10s %11s %6s %8s %9s  %s", "jdk", "threads", "post", "agent",
        "failures", "sent twice", "connections", "stale", "retries", "evictions", "exceptions"));
    for (Jdk jdk : Jdks.available()) {
      for (int threads : new int[] {THREADS, 1}) {
        for (boolean streaming : new boolean[] {false, true}) {
          for (boolean agent : new boolean[] {false, true}) {
            lines.add(measure(jdk, threads, cycles, streaming, agent));
            System.out.println(lines.get(lines.size() - 1));
          }
        }
      }
    }
    Path file = TestPaths.workDir().resolve("urlconnection-keepalive-race.txt");
    Files.write(file, lines);
    lines.forEach(System.out::println);
  }

  private static String measure(Jdk jdk, int threads, int cycles, boolean streaming, boolean agent) {
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).start()) {
      String run = "urlconnection-race-measure-" + jdk + "-" + threads + (streaming ? "-streaming" : "")
          + (agent ? "" : "-none");
      ChildJvm jvm = ChildJvm.on(jdk).name(run);
      Path metrics = null;
      if (agent) {
        jvm.withAgent();
        metrics = PrometheusScrape.exportTo(jvm, run);
      }
      ChildJvmResult result = jvm.run(APP, "base=" + base(server), "threads=" + threads, "cycles=" + cycles,
          "streaming=" + streaming).assertSuccess();
      long twice = server.metrics().requestCountsById().values().stream().filter(count -> count > 1).count();
      String stale = "-";
      String retries = "-";
      String evictions = "-";
      if (agent) {
        PrometheusScrape scrape = PrometheusScrape.read(metrics);
        stale = String.valueOf((long) scrape.sum("httppool_errors_total", "error_type", "stale_connection"));
        retries = String.valueOf((long) scrape.sum("httppool_retries_total"));
        evictions = (long) evictions(scrape, "idle") + "+" + (long) evictions(scrape, "stale");
      }
      return String.format("%-11s %-7d %-10s %-6s %8s %10d %11d %6s %8s %9s  %s", jdk, threads,
          streaming ? "streaming" : "buffered", agent, result.result("failures"), twice,
          server.metrics().connectionsAccepted(), stale, retries, evictions, result.result("exceptions"));
    }
  }

  private static String base(LocalHttpServer server) {
    return server.url("").replaceAll("/$", "");
  }

  private static double evictions(PrometheusScrape scrape, String reason) {
    return scrape.sum("httppool_connection_evictions_total", "httppool_client", "urlconnection", "httppool_reason",
        reason);
  }

}
