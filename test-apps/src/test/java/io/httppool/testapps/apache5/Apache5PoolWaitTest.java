package io.httppool.testapps.apache5;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code httppool.connection.wait_time} and the {@code pool_exhausted} event mean that a request waited because
 * the pool was full: a pool with free slots records no wait, a pool at its limit records waits and fires the
 * event. Classic (agent's shared manager, per-request clients, the application's own manager) and async. Each run
 * pauses 1.5 s at the end, so that the once-a-second event check sees every lease.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5PoolWaitTest {
  private static final String WAITS = "httppool_connection_wait_time_seconds_count";
  private static final int REQUESTS = 200;

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"APACHE55, classic, shared", "APACHE50, classic, shared", "APACHE55, classic, per-request",
      "APACHE55, async, shared", "APACHE55, classic, own-manager"})
  void aPoolWithFreeSlotsRecordsNoWait(JarSet apache, String mode, String clients) {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      String run = "apache5-free-pool-" + apache + "-" + mode + "-" + clients;
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      // 8 threads on the agent's managers (64 per host), 4 on the application's own (5 per route, 8 in total)
      ChildJvmResult result = run(jvm, server, mode, clients, "own-manager".equals(clients) ? 4 : 8, "8");

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(REQUESTS, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache5"),
          scrape.text());
      assertEquals(0, scrape.sum(WAITS, "httppool_client", "apache5"), scrape.text());
      assertEquals(0, scrape.sum("httppool_events_total", "httppool_event", "pool_exhausted"), scrape.text());
      assertFalse(result.stdout().contains("pool_exhausted") || result.stderr().contains("pool_exhausted"),
          result.outputTails());
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"APACHE55, classic, shared", "APACHE50, classic, shared", "APACHE55, async, shared",
      "APACHE55, classic, own-manager"})
  void aPoolAtItsLimitRecordsWaitsAndFiresPoolExhausted(JarSet apache, String mode, String clients) {
    // each POST holds the one connection 5 ms in the server, as /delay/5 does for the GETs: the other threads'
    // leases find it taken however a loaded machine schedules them
    try (LocalHttpServer server = LocalHttpServer.builder().route("POST", "/echo", request -> {
      Thread.sleep(5);
      return ServerResponse.bytes(200, "application/octet-stream", request.body());
    }).start()) {
      String run = "apache5-full-pool-" + apache + "-" + mode + "-" + clients;
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run)
          .systemProperty("httppool.max-connections-per-host", "1");
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      // 4 threads on one connection: the agent's managers by its per-host limit, the application's own by its
      // total limit (its per-route limit stays the library's 5)
      ChildJvmResult result = run(jvm, server, mode, clients, 4, "1");

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEquals(1, server.metrics().maxOpenConnections());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double waits = scrape.sum(WAITS, "httppool_client", "apache5");
      System.out.printf("FIGURE %s: %.0f of %d leases waited%n", run, waits, REQUESTS);
      assertTrue(waits >= REQUESTS / 2 && waits <= REQUESTS, waits + " waits\n" + scrape.text());
      assertTrue(scrape.sum("httppool_events_total", "httppool_event", "pool_exhausted") >= 1, scrape.text());
      assertTrue(result.stdout().contains("event pool_exhausted") || result.stderr().contains("event pool_exhausted"),
          result.outputTails());
    }
  }

  private static ChildJvmResult run(ChildJvm jvm, LocalHttpServer server, String mode, String clients,
      int threads, String ownManagerMaxTotal) {
    if ("own-manager".equals(clients)) {
      return jvm.run(Apache5OwnManagerApp.class.getName(), "url=" + server.url("/echo"),
          "requests=" + REQUESTS, "threads=" + threads, "maxTotal=" + ownManagerMaxTotal, "pause-millis=1500")
          .assertSuccess();
    }
    return jvm.run(Apache5App.class.getName(), "url=" + server.url("/delay/5"), "method=GET",
        "requests=" + REQUESTS, "threads=" + threads, "mode=" + mode, "clients=" + clients, "pause-millis=1500")
        .assertSuccess();
  }
}
