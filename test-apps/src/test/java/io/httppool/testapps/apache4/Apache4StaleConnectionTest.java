package io.httppool.testapps.apache4;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.assertEveryRequestArrivedOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stale keep-alive connections with HttpClient 4.x: the agent retries, once, an idempotent request that met a
 * stale connection where the library will not, and leaves everything else to fail exactly as it would without the
 * agent. The keep-alive race and the Keep-Alive hint are checked for every family in
 * {@code faults.KeepAliveRaceTest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4StaleConnectionTest {
  private static final String RETRY_APP = Apache4StaleRetryApp.class.getName();
  private static final int REQUESTS = 6;
  /** Without a retry every other request fails: the failed one's connection is discarded, the next one is new. */
  private static final int FAILURES_WITHOUT_RETRY = REQUESTS / 2;

  /**
   * The server drops every connection right after its response, without saying so, and the requests follow each
   * other within the guard's smallest idle limit and before it would probe: every request but the first meets a
   * stale connection.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4")
  void aGetThatMetAStaleConnectionIsRetriedWhenTheClientHasNoRetries(String apache) {
    try (LocalHttpServer server = droppingServer()) {
      ChildJvm jvm = retryApp(apache, true).name("apache4-stale-get-" + apache);
      Path metrics = PrometheusScrape.exportTo(jvm, "apache4-stale-get-" + apache);

      ChildJvmResult result = jvm.run(RETRY_APP, "url=" + server.url("/hello"), "method=get",
          "retries=disabled", "requests=" + REQUESTS).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEveryRequestArrivedOnce(server, REQUESTS);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(REQUESTS - 1, scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"),
          scrape.text());
      assertEquals(REQUESTS - 1, scrape.sum("httppool_errors_total", "error_type", "stale_connection"),
          scrape.text());
    }
  }

  /**
   * A POST, which no one may retry, has every idle connection probed before reuse, however briefly it was idle:
   * with the agent it never meets the connection the server dropped (without it, the app's one client does), and
   * no request is sent twice ({@link #run} checks every id).
   */
  @Test
  void aPostNeverMeetsAStaleConnectionWithTheAgentAndIsNeverSentTwice() {
    Run without = run(false, "post", "disabled", 3);
    Run with = run(true, "post", "disabled", 3);

    assertEquals("1", without.result.result("failures"), without.result.outputTails());
    assertEquals("0", with.result.result("failures"), with.result.outputTails());
    assertAgentHealthy(with.result);
    assertEquals(0, with.scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"));
    assertEquals(0, with.scrape.sum("httppool_errors_total", "error_type", "stale_connection"), with.scrape.text());
  }

  @Test
  void withRetryStaleOffAGetFailsAsWithoutTheAgent() {
    Run without = run(false, "get", "disabled", REQUESTS);
    Run with = run(true, "get", "disabled", REQUESTS, "httppool.retry-stale=false");

    assertEquals(String.valueOf(FAILURES_WITHOUT_RETRY), without.result.result("failures"),
        without.result.outputTails());
    assertSameFailures(without, with);
    assertEquals(0, with.scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"));
  }

  /**
   * The library's default handler retries a GET itself and declines a PUT it sent: the agent retries the PUT, and
   * counts the library's retries of the GET.
   */
  @Test
  void withTheLibrarysDefaultHandlerTheAgentRetriesOnlyWhatTheLibraryDeclines() {
    Run putWithout = run(false, "put", "default", REQUESTS);
    Run put = run(true, "put", "default", REQUESTS);
    Run get = run(true, "get", "default", REQUESTS);

    assertEquals(String.valueOf(FAILURES_WITHOUT_RETRY), putWithout.result.result("failures"),
        putWithout.result.outputTails());
    for (Run with : new Run[] {put, get}) {
      assertEquals("0", with.result.result("failures"), with.result.outputTails());
      assertAgentHealthy(with.result);
      assertEquals(REQUESTS - 1, with.scrape.sum("httppool_retries_total", "httppool_reason", "stale_connection"),
          with.scrape.text());
    }
  }

  /** An application's own retry handler is its policy: the agent adds nothing to it. */
  @Test
  void withTheApplicationsOwnRetryHandlerTheAgentDoesNotRetry() {
    Run without = run(false, "get", "none-handler", REQUESTS);
    Run with = run(true, "get", "none-handler", REQUESTS);

    assertEquals(String.valueOf(FAILURES_WITHOUT_RETRY), without.result.result("failures"),
        without.result.outputTails());
    assertSameFailures(without, with);
  }

  /** validate-after-inactivity far above the gaps between requests, so the guard's probe never runs. */
  private static ChildJvm retryApp(String apache, boolean agent) {
    ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(apache);
    return agent ? jvm.withAgent().systemProperty("httppool.validate-after-inactivity", "10s") : jvm;
  }

  private record Run(ChildJvmResult result, PrometheusScrape scrape) {}

  /** Runs the retry app on HttpClient 4.5 against a dropping server; no request may arrive twice. */
  private static Run run(boolean agent, String method, String retries, int requests, String... properties) {
    String name = "apache4-stale-" + method + "-" + retries + (agent ? "-agent" : "")
        + (properties.length > 0 ? "-" + String.join("-", properties) : "");
    ChildJvm jvm = retryApp(JarSet.APACHE45.dir(), agent).name(name);
    for (String property : properties) {
      String[] keyAndValue = property.split("=", 2);
      jvm.systemProperty(keyAndValue[0], keyAndValue[1]);
    }
    Path metrics = agent ? PrometheusScrape.exportTo(jvm, name) : null;
    try (LocalHttpServer server = droppingServer()) {
      ChildJvmResult result = jvm.run(RETRY_APP, "url=" + server.url(method.equals("get") ? "/hello" : "/echo"),
          "method=" + method, "retries=" + retries, "requests=" + requests).assertSuccess();
      Map<String, Long> counts = server.metrics().requestCountsById();
      counts.forEach((id, count) -> assertTrue(count <= 1, id + " arrived " + count + " times"));
      System.out.printf("FIGURE %s: %s failures, %s, %d of %d requests arrived%n", name, result.result("failures"),
          result.result("exceptions"), counts.size(), requests);
      return new Run(result, metrics == null ? null : PrometheusScrape.read(metrics));
    }
  }

  private static void assertSameFailures(Run without, Run with) {
    assertEquals(without.result.result("failures"), with.result.result("failures"), with.result.outputTails());
    assertEquals(without.result.result("exceptions"), with.result.result("exceptions"));
    assertAgentHealthy(with.result);
  }

  /** Closes every connection right after its response, which promised to keep it open. */
  private static LocalHttpServer droppingServer() {
    return LocalHttpServer.builder().interceptor(new ConnectionInterceptor() {
      @Override
      public Interception onResponseSent(RawConnection connection, ServerRequest request) {
        return Interception.TAKEN_OVER;
      }
    }).start();
  }

  private static String base(LocalHttpServer server) {
    return server.url("").replaceAll("/$", "");
  }

}
