package io.httppool.testapps.okhttp;

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

/**
 * The keep-alive race: the server closes connections idle for 1 s, the app pauses 1 s plus or minus 60 ms
 * between bursts. OkHttp retries such failures itself, so the app sees none either way; with the agent the
 * stale connections are also counted, the per-host limit is learned, and a server's Keep-Alive hint is obeyed
 * before any connection goes stale.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OkHttpKeepAliveRaceTest {
  private static final String APP = OkHttpKeepAliveRaceApp.class.getName();
  private static final int THREADS = 8;

  @Test
  void noRequestFailsAndNoPostArrivesTwice() {
    int cycles = 30;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries("okhttp4").name("okhttp-keepalive-race");
      Path metrics = PrometheusScrape.exportTo(jvm, "okhttp-keepalive-race");

      ChildJvmResult result = jvm.run(APP, "base=" + server.url("").replaceAll("/$", ""),
          "threads=" + THREADS, "cycles=" + cycles).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, 2 * THREADS * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double stale = scrape.sum("httppool_errors_total", "error_type", "stale_connection");
      double retried = scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection");
      assertEquals(stale, retried, "every stale failure was retried by OkHttp, and counted");
      assertTrue(stale <= THREADS, stale + " stale connections: the limit should be learned after the first");
    }
  }

  @Test
  void aKeepAliveHintIsObeyedBeforeAnyConnectionGoesStale() {
    int cycles = 10;
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1000).keepAliveHintSeconds(1)
        .start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries("okhttp4").name("okhttp-keepalive-hint");
      Path metrics = PrometheusScrape.exportTo(jvm, "okhttp-keepalive-hint");

      ChildJvmResult result = jvm.run(APP, "base=" + server.url("").replaceAll("/$", ""),
          "threads=" + THREADS, "cycles=" + cycles).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEveryRequestArrivedOnce(server, 2 * THREADS * cycles);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(0, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "idle") > 0, scrape.text());
    }
  }

  private static void assertEveryRequestArrivedOnce(LocalHttpServer server, int requests) {
    Map<String, Long> counts = server.metrics().requestCountsById();
    assertEquals(requests, counts.size(), "distinct requests the server saw");
    counts.forEach((id, count) -> assertEquals(1L, count, id + " arrived " + count + " times"));
  }
}
