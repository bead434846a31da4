package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A POST handed a pooled connection the server had closed, where the I/O reactor had not yet read the close (the
 * application's own callback held the only I/O thread): the library finds the connection closed before writing a
 * byte and fails the request with {@code RequestNotExecutedException}, which its default retry strategy never
 * retries. The agent retries it once on a new connection: the application gets its response, and the server
 * received the POST exactly once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5AsyncNotExecutedRetryTest {
  /** Longer than the request that starts the busy callback may take on a loaded machine, or its close is read first. */
  private static final int SERVER_IDLE_TIMEOUT_MILLIS = 1000;
  private static final Pattern LEARNED = Pattern.compile("closed a connection idle for (\\d+) ms");

  @ParameterizedTest
  @MethodSource("io.httppool.testapps.families.JarSet#apache5From52")
  void aRequestTheReactorNeverStartedIsRetriedOnANewConnection(String libraries) {
    ChildJvmResult without = run(libraries, false, null);
    assertEquals("org.apache.hc.core5.http.RequestNotExecutedException", without.result("last"),
        "the library alone fails the request: otherwise this test proves nothing\n" + without.outputTails());

    String name = "apache5-async-not-executed-" + libraries;
    ChildJvmResult with = run(libraries, true, name);
    assertEquals("ok", with.result("last"), with.outputTails());
    assertEquals("200", with.result("lastStatus"));
    assertAgentHealthy(with);
    // the busy callback's own connection, closed by the server while the reactor was held, is read closed just
    // after its release: no idle timeout is learned from that
    Matcher learned = LEARNED.matcher(with.stderr());
    while (learned.find()) {
      assertTrue(Long.parseLong(learned.group(1)) >= SERVER_IDLE_TIMEOUT_MILLIS, learned.group());
    }
  }

  private static ChildJvmResult run(String libraries, boolean agent, String name) {
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(SERVER_IDLE_TIMEOUT_MILLIS)
        .firstRequestTimeoutMillis(30_000).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(libraries);
      Path metrics = null;
      if (agent) {
        jvm.withAgent().name(name);
        metrics = PrometheusScrape.exportTo(jvm, name);
      }
      ChildJvmResult result = jvm.run(Apache5AsyncBusyReactorApp.class.getName(), "url=" + server.url("/echo"),
          "busyMillis=" + 6 * SERVER_IDLE_TIMEOUT_MILLIS, "sendAfterMillis=" + 2 * SERVER_IDLE_TIMEOUT_MILLIS)
          .assertSuccess();
      if (agent) {
        assertEquals(1L, server.metrics().requestCountsById().get("last"), "the POST reached the server once");
        PrometheusScrape scrape = PrometheusScrape.read(metrics);
        assertEquals(1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"), scrape.text());
        assertEquals(1, scrape.sum("httppool_errors_total", "error_type", "stale_connection"), scrape.text());
      }
      return result;
    }
  }
}
