package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.faults.FaultApp;
import io.httppool.testapps.faults.KeepAliveRaceApp;
import io.httppool.testapps.server.ConnectionInterceptor;
import io.httppool.testapps.server.Interception;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.RawConnection;
import io.httppool.testapps.server.ServerRequest;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The async client teaches the stale-connection guard a server's idle timeout, as the other families do with
 * their probe: from a pooled connection the server closed while it sat idle (found closed at lease; the I/O
 * reactor's last read on it is the server's close), and from a request that failed on a reused connection the
 * server closed (classified {@code stale_connection}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5AsyncStaleLearningTest {
  private static final Pattern LEARNED = Pattern.compile(
      "closed a connection idle for (\\d+) ms; idle connections to it are now reused for at most (\\d+) ms");
  private static final int SERVER_IDLE_TIMEOUT_MILLIS = 1000;
  private static final int PAUSE_MILLIS = 2000;
  private static final int RACE_CYCLES = 6;

  /**
   * One burst, a 2 s pause (the server closes the connection after 1 s), one burst, then the keep-alive race
   * (gaps of 1 s plus or minus 60 ms). The lease after the pause finds the connection closed and learns from when
   * the server closed it (about 1 s, not the 2 s it sat in the pool): the limit becomes three quarters of that,
   * below the race's shortest gap, so every connection idle through a gap is refused and none fails. (A burst
   * may hold two connections: the app sends its GET as soon as the POST's response is complete, which can be
   * before the client has put the POST's connection back.) Not on 5.0 and 5.1: their manager discards a closed
   * connection itself before it hands out the pool entry, so only a failed request teaches there.
   */
  @ParameterizedTest
  @MethodSource("io.httppool.testapps.families.JarSet#apache5From52")
  void aConnectionFoundClosedAtLeaseTeachesTheServersIdleTimeout(String libraries) {
    String name = "apache5-async-learns-" + libraries;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(SERVER_IDLE_TIMEOUT_MILLIS)
        .firstRequestTimeoutMillis(30_000).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(libraries).name(name);
      Path metrics = PrometheusScrape.exportTo(jvm, name);

      ChildJvmResult result = jvm.run(KeepAliveRaceApp.class.getName(), "client=apache5-async",
          "base=" + server.url(""), "threads=1", "cycles=1", "teach=" + PAUSE_MILLIS,
          "learnedCycles=" + RACE_CYCLES).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      Matcher learned = LEARNED.matcher(result.stderr());
      assertTrue(learned.find(), "nothing learned\n" + result.outputTails());
      long idle = Long.parseLong(learned.group(1));
      // the close as the reactor saw it, not the lease after the pause
      assertTrue(idle >= SERVER_IDLE_TIMEOUT_MILLIS * 8 / 10 && idle < (SERVER_IDLE_TIMEOUT_MILLIS + PAUSE_MILLIS) / 2,
          learned.group() + "\n" + result.outputTails());
      assertEquals(idle * 3 / 4, Long.parseLong(learned.group(2)), 1, learned.group());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "stale") >= 1, scrape.text());
      assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "idle")
          + scrape.sum("httppool_connection_evictions_total", "httppool_reason", "stale") >= 1 + RACE_CYCLES,
          "each lease after a gap refused an idle connection or found it closed\n" + scrape.text());
      assertEquals(0, scrape.sum("httppool_errors_total"), scrape.text());
      assertEquals(2 * (RACE_CYCLES + 2), server.metrics().requestCountsById().size());
    }
  }

  /**
   * The server reads the second request on each connection and closes it without a response: the async client
   * fails that POST with a {@code ConnectionClosedException}, with or without the agent; the agent counts it as
   * {@code stale_connection} (a reused connection the server closed), not {@code other}, and learns from it. Each
   * POST reaches the server once and nothing is retried: httpcore may report a sent request as not executed after
   * its real failure (see {@code AsyncNotExecutedRetry}), which on a loaded machine once made the agent count a
   * third error and start a retry on a third connection.
   */
  @Test
  void aRequestFailedOnAReusedConnectionTheServerClosedIsStale() {
    LocalHttpServer.Builder builder = LocalHttpServer.builder().interceptor(new ConnectionInterceptor() {
      @Override
      public Interception onRequest(RawConnection connection, ServerRequest request) {
        return connection.requestsReceived() >= 2 ? Interception.TAKEN_OVER : Interception.CONTINUE;
      }
    });
    try (LocalHttpServer server = builder.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE55).name("apache5-async-stale-failure");
      Path metrics = PrometheusScrape.exportTo(jvm, "apache5-async-stale-failure");

      ChildJvmResult result = jvm.run(FaultApp.class.getName(), "client=apache5-async", "method=POST",
          "requests=4", "pause=50", "url=" + server.url("/echo")).assertSuccess();

      assertEquals("2", result.result("failures"), result.outputTails());
      assertEquals("{org.apache.hc.core5.http.ConnectionClosedException=2}", result.result("exceptions"));
      assertAgentHealthy(result);
      assertEquals(Map.of("POST-0", 1L, "POST-1", 1L, "POST-2", 1L, "POST-3", 1L),
          server.metrics().requestCountsById(), "sent once each");
      assertEquals(2, server.metrics().connectionsAccepted());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(2, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertEquals(2, scrape.sum("httppool_errors_total"), scrape.text());
      assertEquals(0, scrape.sum("httppool_retries_total"), scrape.text());
      assertTrue(LEARNED.matcher(result.stderr()).find(), result.outputTails());
    }
  }
}
