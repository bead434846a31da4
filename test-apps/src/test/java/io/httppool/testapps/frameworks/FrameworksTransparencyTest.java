package io.httppool.testapps.frameworks;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Frameworks;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.frameworks.FrameworkRoutes.Pacing;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.Background;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real, widely used frameworks over the agent's client families, each used per request the careless way (see
 * {@link FrameworksApp}), run in a child JVM without and then with the agent, each against a fresh local server
 * that answers headers and body in one write or in separate, delayed TCP segments. With the agent the application
 * must see the same outcomes (digest over every status and body, same exception types and counts, every body what
 * the server sent), and the server must see no more connections than without it. The table of the runs is written
 * to {@code test-apps/target/frameworks-transparency.md}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Frameworks
class FrameworksTransparencyTest {

  private static final String APP = FrameworksApp.class.getName();
  private static final int REQUESTS = 200;
  private static final int THREADS = 8;
  /**
   * With 8 threads a run needs at least 8 connections; around that floor the count moves by one or two with
   * timing alone (a connection that a slow thread returns a moment late), with or without the agent.
   */
  private static final int CONCURRENCY_FLOOR = THREADS + 2;
  private static final Map<String, String> TABLE = new ConcurrentSkipListMap<>();

  /** A framework, the client family it runs on, and the jar sets (target/libs) its class path is made of. */
  enum Framework {
    SPRING_RESTTEMPLATE("spring-resttemplate", "urlconnection", REQUESTS, "fw-spring"),
    SPRING_RESTTEMPLATE_HC5("spring-resttemplate-hc5", "apache5", REQUESTS, "fw-spring", JarSet.APACHE55.dir()),
    FEIGN("feign", "urlconnection", REQUESTS, "fw-feign"),
    RETROFIT("retrofit", "okhttp", REQUESTS, "fw-retrofit"),
    // a Jersey client costs tens of ms of CPU to build (its injection manager): fewer requests keep the run short
    JERSEY("jersey", "urlconnection", REQUESTS / 2, "fw-jersey"),
    GOOGLE_HTTP_NETHTTP("google-http-nethttp", "urlconnection", REQUESTS, "fw-google-http", JarSet.APACHE45.dir()),
    GOOGLE_HTTP_APACHE("google-http-apache", "apache4", REQUESTS, "fw-google-http", JarSet.APACHE45.dir()),
    JACKSON("jackson", "urlconnection", REQUESTS, "fw-jackson"),
    COMMONS_IO("commons-io", "urlconnection", REQUESTS, "fw-commons-io");

    final String appName;
    final String family;
    final int requests;
    final List<String> librarySets;

    Framework(String appName, String family, int requests, String... librarySets) {
      this.appName = appName;
      this.family = family;
      this.requests = requests;
      this.librarySets = List.of(librarySets);
    }

    @Override
    public String toString() {
      return appName;
    }
  }

  /**
   * Every framework and pacing on the build's JDK; on the other JDKs, to keep the class short, headers and body
   * split for one framework over each of HttpURLConnection, OkHttp and Apache 5 (Apache 4 under Google's client
   * reuses nothing with or without the agent, see the README).
   */
  static Stream<Arguments> runs() {
    List<Arguments> runs = new ArrayList<>();
    for (Framework framework : Framework.values()) {
      for (Pacing pacing : Pacing.values()) {
        runs.add(Arguments.of(Jdk.JDK_17, framework, pacing));
      }
    }
    for (Jdk jdk : Jdks.otherThanTheBuilds()) {
      for (Framework framework : List.of(Framework.JACKSON, Framework.RETROFIT, Framework.SPRING_RESTTEMPLATE_HC5)) {
        runs.add(Arguments.of(jdk, framework, Pacing.SPLIT));
      }
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("runs")
  void theAppSeesTheSameOutcomesWithTheAgentOverNoMoreConnections(Jdk jdk, Framework framework, Pacing pacing) {
    // side by side, each against its own server: the apps mostly wait on each other's threads and on the network
    CompletableFuture<Run> plain = Background.start(() -> run(jdk, framework, pacing, false));
    Run with = run(jdk, framework, pacing, true);
    Run without = plain.join();
    boolean sameDigest = without.digest.equals(with.digest);
    TABLE.put(jdk + " " + framework + " " + pacing, "| " + framework + " | " + framework.family + " | "
        + pacing.name().toLowerCase() + " | " + jdk.name().toLowerCase() + " | " + without.connections + " / "
        + with.connections + " | " + (sameDigest ? "equal" : "**differs**") + " | " + without.exceptions + " | "
        + (with.exceptions.equals(without.exceptions) ? "same" : "**" + with.exceptions + "**") + " | "
        + with.mismatches + " |");

    assertEquals("0", without.result.result("mismatches"),
        "without the agent the app must see what the server sent (test error)\n" + without.result.outputTails());
    assertEquals("0", without.result.result("unexpectedFailures"), without.result.outputTails());
    assertAgentHealthy(with.result);
    assertAll(framework + " (" + framework.family + "), " + pacing.name().toLowerCase() + " responses, on " + jdk,
        () -> assertEquals("0", with.mismatches, "responses whose status or body is not what the server sent, "
            + "with the agent: " + with.result.results().get("firstMismatch") + "\n" + with.result.outputTails()),
        () -> assertEquals(without.exceptions, with.exceptions, "exception types and counts without / with the agent"),
        () -> assertEquals(without.digest, with.digest, "digest of every outcome without / with the agent"),
        () -> assertTrue(with.connections <= Math.max(without.connections, CONCURRENCY_FLOOR),
            "connections without / with the agent: " + without.connections + " / " + with.connections));
  }

  private static Run run(Jdk jdk, Framework framework, Pacing pacing, boolean agent) {
    LocalHttpServer.Builder builder = LocalHttpServer.builder().maxConnections(framework.requests + 64);
    try (LocalHttpServer server = FrameworkRoutes.install(builder, pacing).start()) {
      ChildJvm jvm = ChildJvm.on(jdk).name("fw-" + framework + "-" + pacing.name().toLowerCase() + "-"
          + (agent ? "agent" : "plain"));
      framework.librarySets.forEach(jvm::libraries);
      if (agent) {
        jvm.withAgent().systemProperty("otel.metrics.exporter", "none");
      }
      ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "framework=" + framework.appName,
          "requests=" + framework.requests, "threads=" + THREADS).assertSuccess();
      return new Run(result, server.metrics().connectionsAccepted());
    }
  }

  @AfterAll
  static void writeTable() {
    if (TABLE.isEmpty()) {
      return;
    }
    StringBuilder table = new StringBuilder("| framework | family | pacing | JDK | connections without / with | digest "
        + "| exceptions without | exceptions with | mismatches with |\n|---|---|---|---|---|---|---|---|---|\n");
    new TreeMap<>(TABLE).values().forEach(row -> table.append(row).append('\n'));
    Path file = TestPaths.workDir().resolveSibling("frameworks-transparency.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One child JVM's outcome and the connections its server accepted. */
  private static final class Run {
    final ChildJvmResult result;
    final long connections;
    final String digest;
    final String exceptions;
    final String mismatches;

    Run(ChildJvmResult result, long connections) {
      this.result = result;
      this.connections = connections;
      this.digest = result.result("digest");
      this.exceptions = result.result("exceptions");
      this.mismatches = result.result("mismatches");
    }
  }
}
