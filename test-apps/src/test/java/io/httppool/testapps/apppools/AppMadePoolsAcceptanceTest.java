package io.httppool.testapps.apppools;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Frameworks;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.Background;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13's acceptance: real libraries that build their own connection pool inside every client object, used
 * per call (2,000 calls from 8 threads), in a child JVM without and with the agent, each run against a server of
 * its own. Every call must succeed and read what the server sent both ways; with the agent the server must see
 * no more connections than there are threads, where without it sees about one per call. An operator who sets
 * {@code <family>.share-app-pools=false} gets a connection per call back. The runs without and with the agent
 * are made once per library and shared by the tests that read them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Frameworks
class AppMadePoolsAcceptanceTest {
  private static final int CALLS = 2000;
  private static final int THREADS = 8;
  /** Without the agent each call opens a connection of its own; fewer than this means the app is not per call. */
  private static final int PER_CALL_FLOOR = CALLS * 9 / 10;
  /** Opting out only has to show a connection per call again: a tenth of the calls shows it at a tenth of the CPU. */
  private static final int OPTED_OUT_CALLS = CALLS / 10;
  /** An SDK client costs milliseconds of CPU to build: 2,000 of them take minutes on a loaded two-core machine. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final Map<PerCallApp, CompletableFuture<Runs>> RUNS = new ConcurrentHashMap<>();

  /** A library used per call, the agent family its pool belongs to, and the jar sets (target/libs) it runs on. */
  enum PerCallApp {
    AWS_SDK_APACHE("aws-sdk-apache", "apache4", DynamoDbPerCallApp.class, DynamoDbRoutes::install,
        server -> List.of("endpoint=" + server.url(""), "http=apache"), DynamoDbRoutes::expectedDigest,
        "fw-aws-sdk", "fw-aws-apache", JarSet.APACHE45.dir()),
    AWS_SDK_APACHE5("aws-sdk-apache5", "apache5", DynamoDbPerCallApp.class, DynamoDbRoutes::install,
        server -> List.of("endpoint=" + server.url(""), "http=apache5"), DynamoDbRoutes::expectedDigest,
        "fw-aws-sdk", "fw-aws-apache5", JarSet.APACHE56.dir()),
    UNIREST3("unirest3", "apache4", UnirestPerCallApp.class, UnaryOperator.identity(),
        server -> List.of("base=" + server.url("")), UnirestPerCallApp::expectedDigest,
        "fw-unirest3", JarSet.APACHE45.dir());

    final String runName;
    final String family;
    final String mainClass;
    final UnaryOperator<LocalHttpServer.Builder> routes;
    final Function<LocalHttpServer, List<String>> target;
    final IntFunction<String> expectedDigest;
    final List<String> librarySets;

    PerCallApp(String runName, String family, Class<?> mainClass, UnaryOperator<LocalHttpServer.Builder> routes,
        Function<LocalHttpServer, List<String>> target, IntFunction<String> expectedDigest, String... librarySets) {
      this.runName = runName;
      this.family = family;
      this.mainClass = mainClass.getName();
      this.routes = routes;
      this.target = target;
      this.expectedDigest = expectedDigest;
      this.librarySets = List.of(librarySets);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PerCallApp.class)
  void everyCallSucceedsAndReadsTheSameWithoutAndWithTheAgent(PerCallApp app) {
    Runs runs = runs(app);
    assertSucceededAndReadWhatWasSent(app, runs.without);
    assertSucceededAndReadWhatWasSent(app, runs.with);
    assertEquals(runs.without.digest(), runs.with.digest(), "digest of every response without / with the agent");
    assertAgentHealthy(runs.with.result);
    assertTrue(runs.without.connections >= PER_CALL_FLOOR, "without the agent the app must open a connection per "
        + "call, or this test proves nothing: " + runs.without.connections + " for " + CALLS + " calls");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PerCallApp.class)
  void withTheAgentTheAppUsesNoMoreConnectionsThanThreads(PerCallApp app) {
    Runs runs = runs(app);
    // a connection the server closed after its idle timeout (a pooled one left unused while a loaded machine
    // starved some threads) has to be replaced, by any pool
    long allowed = THREADS + runs.with.closedIdle;
    assertTrue(runs.with.connections <= allowed, app.runName + ": " + CALLS + " calls from " + THREADS
        + " threads, a client per call: connections without / with the agent: " + runs.without.connections + " / "
        + runs.with.connections + " (at most " + THREADS + " expected with the agent, plus the "
        + runs.with.closedIdle + " the server closed for idleness)\n"
        + runs.with.result.outputTails());
  }

  /**
   * The SDK's HTTP metrics (max, leased, available, pending) come from its own manager's statistics on every
   * call; with the agent they must still be reported for every call and add up.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = PerCallApp.class, names = {"AWS_SDK_APACHE", "AWS_SDK_APACHE5"})
  void theSdksConnectionPoolMetricsStaySensible(PerCallApp app) {
    Runs runs = runs(app);
    for (Run run : List.of(runs.without, runs.with)) {
      String tails = run.label + "\n" + run.result.outputTails();
      assertAll(run.label,
          () -> assertEquals(Integer.toString(CALLS), run.result.result("sdkMetrics.reports"), tails),
          () -> assertEquals("0", run.result.result("sdkMetrics.notSensible"), tails));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PerCallApp.class)
  void optingOutOfSharingAppMadePoolsOpensAConnectionPerCallAgain(PerCallApp app) {
    Run optedOut = run(app, "opted-out", OPTED_OUT_CALLS, jvm -> jvm.withAgent()
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("httppool." + app.family + ".share-app-pools", "false"));
    System.out.printf("FIGURE %s %s.share-app-pools=false: %d connections for %d calls%n", app.runName, app.family,
        optedOut.connections, OPTED_OUT_CALLS);

    assertSucceededAndReadWhatWasSent(app, optedOut, OPTED_OUT_CALLS);
    assertAgentHealthy(optedOut.result);
    assertTrue(optedOut.connections >= OPTED_OUT_CALLS * 9 / 10, optedOut.connections + " connections for "
        + OPTED_OUT_CALLS + " calls with " + app.family + ".share-app-pools=false");
  }

  private static void assertSucceededAndReadWhatWasSent(PerCallApp app, Run run) {
    assertSucceededAndReadWhatWasSent(app, run, CALLS);
  }

  private static void assertSucceededAndReadWhatWasSent(PerCallApp app, Run run, int calls) {
    assertEquals("0", run.result.result("failures"), run.label + "\n" + run.result.outputTails());
    assertEquals(app.expectedDigest.apply(calls), run.digest(),
        run.label + ": responses differ from what the server sent\n" + run.result.outputTails());
  }

  /** The runs without and with the agent; a run that failed fails every test that reads it, with its own error. */
  private static Runs runs(PerCallApp app) {
    try {
      return RUNS.computeIfAbsent(app, AppMadePoolsAcceptanceTest::startRuns).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static CompletableFuture<Runs> startRuns(PerCallApp app) {
    return Background.start(() -> {
      // side by side: each run mostly waits on its own threads and its server
      CompletableFuture<Run> without =
          Background.start(() -> run(app, "plain", CALLS, jvm -> jvm));
      // the exit report says, if a run opens more connections than threads, which the pool opened and closed why
      Run with = run(app, "agent", CALLS, jvm -> jvm.withAgent().systemProperty("otel.metrics.exporter", "none")
          .systemProperty("httppool.report-on-exit", "true"));
      Runs runs = new Runs(without.join(), with);
      System.out.printf("FIGURE %s: %d calls from %d threads, a client per call: connections without / with the "
          + "agent: %d / %d; %d / %d ms%n", app.runName, CALLS, THREADS, runs.without.connections,
          runs.with.connections, runs.without.result.duration().toMillis(), runs.with.result.duration().toMillis());
      return runs;
    });
  }

  private static Run run(PerCallApp app, String variant, int calls, UnaryOperator<ChildJvm> setUp) {
    String label = app.runName + "-" + variant;
    try (LocalHttpServer server = app.routes.apply(LocalHttpServer.builder().maxConnections(calls + 100)).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name("app-pools-" + label).timeout(RUN_TIMEOUT);
      app.librarySets.forEach(jvm::libraries);
      List<String> arguments = new ArrayList<>(app.target.apply(server));
      arguments.add("calls=" + calls);
      arguments.add("threads=" + THREADS);
      ChildJvmResult result = setUp.apply(jvm).run(app.mainClass, arguments.toArray(String[]::new)).assertSuccess();
      return new Run(label, result, server.metrics().connectionsAccepted(), server.metrics().connectionsClosedIdle());
    }
  }

  private record Run(String label, ChildJvmResult result, long connections, long closedIdle) {
    String digest() {
      return result.result("digest");
    }
  }

  private record Runs(Run without, Run with) {}
}
