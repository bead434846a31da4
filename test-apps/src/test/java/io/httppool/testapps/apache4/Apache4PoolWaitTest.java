package io.httppool.testapps.apache4;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
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
 * event. Each run pauses 1.5 s at the end, so that the once-a-second event check sees every lease.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4PoolWaitTest {
  private static final String APP = Apache4App.class.getName();
  private static final String WAITS = "httppool_connection_wait_time_seconds_count";
  private static final int REQUESTS = 200;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"APACHE45, per-request", "APACHE43, per-request", "APACHE45, legacy", "APACHE45, own-manager"})
  void aPoolWithFreeSlotsRecordsNoWait(JarSet apache, String clients) {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      String run = "apache4-free-pool-" + apache + "-" + clients;
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      // 8 threads on pools of 64 (the agent's) and 8 (the application's own) connections per route
      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS, "threads=8",
          "clients=" + clients, "max-total=8", "pause-millis=1500").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(REQUESTS, scrape.sum("httppool_connection_acquires_total", "httppool_client", "apache4"),
          scrape.text());
      assertEquals(0, scrape.sum(WAITS, "httppool_client", "apache4"), scrape.text());
      assertEquals(0, scrape.sum("httppool_events_total", "httppool_event", "pool_exhausted"), scrape.text());
      assertFalse(result.stdout().contains("pool_exhausted") || result.stderr().contains("pool_exhausted"),
          result.outputTails());
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"APACHE45, per-request", "APACHE43, per-request", "APACHE45, legacy", "APACHE45, own-manager"})
  void aPoolAtItsLimitRecordsWaitsAndFiresPoolExhausted(JarSet apache, String clients) {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      String run = "apache4-full-pool-" + apache + "-" + clients;
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(apache).name(run)
          .systemProperty("httppool.max-connections-per-host", "1");
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      // 4 threads on one connection: the agent's pools by its limit, the application's own by max-total
      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/delay/5"), "method=get",
          "requests=" + REQUESTS, "threads=4", "clients=" + clients, "max-total=1", "pause-millis=1500")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertEquals(1, server.metrics().maxOpenConnections());
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      double waits = scrape.sum(WAITS, "httppool_client", "apache4");
      System.out.printf("FIGURE %s: %.0f of %d leases waited%n", run, waits, REQUESTS);
      assertTrue(waits >= REQUESTS / 2 && waits <= REQUESTS, waits + " waits\n" + scrape.text());
      assertTrue(scrape.sum("httppool_events_total", "httppool_event", "pool_exhausted") >= 1, scrape.text());
      assertTrue(result.stdout().contains("event pool_exhausted") || result.stderr().contains("event pool_exhausted"),
          result.outputTails());
    }
  }
}
