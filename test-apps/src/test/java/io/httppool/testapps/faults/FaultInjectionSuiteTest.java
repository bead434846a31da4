package io.httppool.testapps.faults;

import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.CrossFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.AgentAssertions;
import io.httppool.testapps.support.Background;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault scenario against every client family, without and with the agent. For each it records the
 * failed requests and the exception types the app saw, and asserts: the app sees the same exception types with
 * the agent (or fewer failures, never new kinds), no connection is left active, and nothing outlives its
 * timeouts. The table of outcomes is written to target/fault-injection.md.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@CrossFamily
class FaultInjectionSuiteTest {
  private static final Map<String, String> TABLE = new ConcurrentSkipListMap<>();

  static List<Arguments> scenariosByFamily() {
    List<Arguments> runs = new ArrayList<>();
    for (String family : ClientFamilies.all()) {
      for (FaultScenario scenario : FaultScenario.values()) {
        runs.add(Arguments.of(family, scenario));
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenariosByFamily")
  void theAgentNeverMakesAFaultWorse(String family, FaultScenario scenario) {
    Outcome without = run(family, scenario, false);
    Outcome with = run(family, scenario, true);
    TABLE.put(family + " " + scenario.ordinal(), "| " + scenario.description + " | " + family + " | "
        + without.summary() + " | " + with.summary() + " |");

    Set<String> timingArtifacts = faultNames(family, scenario.timingArtifacts(family));
    Set<String> faultsWithout = faultNames(family, without.exceptionTypes);
    Set<String> faultsWith = faultNames(family, with.exceptionTypes);
    if (timingArtifacts.isEmpty()) {
      assertTrue(with.failures <= without.failures, "more failures with the agent: " + with + " vs " + without);
      assertTrue(with.duplicates <= without.duplicates, "more requests sent twice with the agent");
      if (with.failures == without.failures) {
        assertEquals(faultsWithout, faultsWith, "other faults with the agent: " + with + " vs " + without);
      }
    }
    Set<String> expectedFaults = new TreeSet<>(faultsWithout);
    expectedFaults.addAll(timingArtifacts);
    assertTrue(expectedFaults.containsAll(faultsWith),
        "new exception types with the agent: " + with + " vs " + without);
    assertEquals(0, with.activeConnections, "connections left active with the agent");
  }

  private Outcome run(String family, FaultScenario scenario, boolean agent) {
    String name = "fault-" + family + "-" + scenario.name().toLowerCase() + (agent ? "-agent" : "");
    LocalHttpServer server = scenario.server().start();
    try {
      String url = scenario.url(server);
      ChildJvm jvm = ClientFamilies.childJvm(family, name).timeout(Duration.ofSeconds(90));
      trustTestCertificates(jvm);
      Path metrics = null;
      if (agent) {
        jvm.withAgent();
        metrics = PrometheusScrape.exportTo(jvm, name);
      }
      List<String> arguments = new ArrayList<>(List.of("client=" + family, "url=" + url,
          "method=" + scenario.method, "requests=" + scenario.requests));
      arguments.addAll(scenario.appArguments);
      CompletableFuture<ChildJvmResult> running = Background.start(
          () -> jvm.run(FaultApp.class.getName(), arguments.toArray(String[]::new)));
      if (scenario == FaultScenario.SERVER_RESTART) {
        server = restartMidRun(server, 10, running);
      }
      ChildJvmResult result = running.join().assertSuccess();
      if (agent) {
        AgentAssertions.assertAgentHealthy(result);
      }
      double active = metrics == null ? 0 : PrometheusScrape.read(metrics)
          .sum("http_client_open_connections", "http_connection_state", "active");
      long duplicates = server.metrics().requestCountsById().values().stream().filter(count -> count > 1).count();
      return new Outcome(Integer.parseInt(result.result("failures")), exceptionTypes(result.result("exceptions")),
          (int) duplicates, (int) active);
    } finally {
      server.close();
    }
  }

  /** Restarts once the app has had {@code requestsFirst} answers; an app that ended before then fails on its own. */
  private static LocalHttpServer restartMidRun(LocalHttpServer server, int requestsFirst,
      CompletableFuture<ChildJvmResult> running) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
        .until(() -> server.metrics().requestsServed() >= requestsFirst || running.isDone());
    int port = server.port();
    server.close();
    return LocalHttpServer.builder().port(port).start();
  }

  private static Set<String> faultNames(String family, Set<String> exceptionTypes) {
    Set<String> names = new TreeSet<>();
    exceptionTypes.forEach(type -> names.add(ClientFamilies.faultName(family, type)));
    return names;
  }

  /** {@code {java.net.ConnectException=3}} or {@code none}. */
  private static Set<String> exceptionTypes(String printed) {
    Set<String> types = new TreeSet<>();
    if (!printed.equals("none")) {
      for (String entry : printed.substring(1, printed.length() - 1).split(",")) {
        types.add(entry.substring(entry.lastIndexOf('.') + 1, entry.indexOf('=')));
      }
    }
    return types;
  }

  @AfterAll
  static void writeTable() throws IOException {
    List<String> lines = new ArrayList<>(Arrays.asList(
        "| scenario | client | failed without the agent | failed with the agent |", "|---|---|---|---|"));
    lines.addAll(TABLE.values());
    Files.write(TestPaths.workDir().resolveSibling("fault-injection.md"), lines);
  }

  private record Outcome(int failures, Set<String> exceptionTypes, int duplicates, int activeConnections) {
    String summary() {
      return failures + (exceptionTypes.isEmpty() ? "" : " " + String.join(", ", exceptionTypes))
          + (duplicates == 0 ? "" : "; " + duplicates + " sent twice");
    }
  }
}
