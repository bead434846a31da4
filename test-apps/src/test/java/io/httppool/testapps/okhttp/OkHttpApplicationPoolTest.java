package io.httppool.testapps.okhttp;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Workload;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.families.OkHttpFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code ConnectionPool} the application makes and hands to its client (issue 13): with the agent it becomes a
 * handle onto the shared pool, so an app that builds a client and a pool per call reuses a handful of
 * connections; every call on the app's pool object answers as README's OkHttp row says; and
 * {@code okhttp.share-app-pools=false} gives back exactly what the app did without the agent. Clients with a pool
 * each and different client certificates: {@code OkHttpPoolingTest}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@OkHttpFamily
class OkHttpApplicationPoolTest {
  private static final String APP = OkHttpApp.class.getName();
  private static final String POOL_CALLS_APP = OkHttpPoolCallsApp.class.getName();
  private static final List<String> POOL_CALL_STEPS = List.of("sameObject", "afterFirst", "afterSecond",
      "afterEvictIdle", "whileInUse", "evictedWhileInUse", "inUseBody", "end");
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;

  static Stream<String> okhttpVersions() {
    return JarSet.okhttp();
  }

  static List<Arguments> everyJdkAndVersion() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.available()) {
      okhttpVersions().forEach(okhttp -> runs.add(Arguments.of(jdk, okhttp)));
    }
    return runs;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyJdkAndVersion")
  void aPoolPerClientSharesConnectionsThroughTheAgent(Jdk jdk, String okhttp) {
    try (LocalHttpServer server = server(false)) {
      String run = "okhttp-app-pool-per-client-" + jdk + "-" + okhttp;
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().libraries(okhttp).name(run);
      Path metrics = PrometheusScrape.exportTo(jvm, run);

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS,
          "threads=" + THREADS, "clients=per-request", "pool=per-client").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"), "responses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= THREADS, connections + " connections for " + REQUESTS + " requests");
      // every acquire counted once, on the shared pool, whichever handle its client held
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(REQUESTS, scrape.sum("httppool_connection_acquires_total"), scrape.text());
      assertEquals(connections, scrape.sum("httppool_connection_acquires_total", "httppool_reused", "false"),
          scrape.text());
    }
  }

  @Test
  void withoutTheAgentAPoolPerClientOpensAConnectionPerRequest() {
    // every pool keeps its connection open until the app exits: the server needs a thread for each
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(REQUESTS + 100).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.OKHTTP4).name("okhttp-app-pool-no-agent")
          .run(APP, "url=" + server.url("/echo"), "requests=" + REQUESTS, "threads=" + THREADS,
              "clients=per-request", "pool=per-client")
          .assertSuccess();

      assertEquals(Workload.expectedEchoDigest(REQUESTS), result.result("digest"));
      assertEquals(REQUESTS, server.metrics().connectionsAccepted());
    }
  }

  @Test
  void sharingAppPoolsTurnedOffKeepsEveryPoolAsItIs() {
    int requests = 200;
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(requests + 100).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4)
          .systemProperty("httppool.okhttp.share-app-pools", "false").name("okhttp-app-pool-kept")
          .run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=" + THREADS,
              "clients=per-request", "pool=per-client")
          .assertSuccess();

      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"));
      assertAgentHealthy(result);
      assertEquals(requests, server.metrics().connectionsAccepted());
    }
  }

  @Test
  void theStaleConnectionGuardChecksTheConnectionsOfAppMadePools() {
    int requests = 4;
    // the server closes a connection idle for 500 ms; the app pauses 1.5 s after each request
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(500).firstRequestTimeoutMillis(30_000)
        .start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("okhttp-app-pool-stale");
      Path metrics = PrometheusScrape.exportTo(jvm, "okhttp-app-pool-stale");

      ChildJvmResult result = jvm.run(APP, "url=" + server.url("/echo"), "requests=" + requests, "threads=1",
          "clients=per-request", "pool=per-client", "pause=1500").assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(requests), result.result("digest"));
      assertAgentHealthy(result);
      assertEquals(requests, server.metrics().connectionsAccepted());
      // each closed connection was refused before a POST was sent on it, none failed on one
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(requests - 1, scrape.sum("httppool_connection_evictions_total"), scrape.text());
      assertEquals(0, scrape.sum("httppool_errors_total"), scrape.text());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("okhttpVersions")
  void everyCallOnTheAppsPoolAnswersAsDocumented(String okhttp) {
    Map<String, String> without = poolCalls(okhttp, "without", jvm -> jvm);
    Map<String, String> kept = poolCalls(okhttp, "kept",
        jvm -> jvm.withAgent().systemProperty("httppool.okhttp.share-app-pools", "false"));
    Map<String, String> shared = poolCalls(okhttp, "shared", ChildJvm::withAgent);

    assertEquals(Map.of(
        "sameObject", "true",
        "afterFirst", "1/1 0/0",
        "afterSecond", "1/1 1/1",
        "afterEvictIdle", "0/0 1/1",
        "whileInUse", "0/0 1/0",
        "evictedWhileInUse", "0/0 1/0",
        "inUseBody", "hello from the httppool test server",
        "end", "0/0 1/1",
        "connections", "2"), without);
    assertEquals(without, kept, "share-app-pools=false");
    // both pools are handles onto the shared pool: they count its connections, and evictAll() closes its idle
    // ones, never one a client is using; the second client reuses the first one's connection
    assertEquals(Map.of(
        "sameObject", "true",
        "afterFirst", "1/1 1/1",
        "afterSecond", "1/1 1/1",
        "afterEvictIdle", "0/0 0/0",
        "whileInUse", "1/0 1/0",
        "evictedWhileInUse", "1/0 1/0",
        "inUseBody", "hello from the httppool test server",
        "end", "1/1 1/1",
        "connections", "2"), shared);
  }

  private Map<String, String> poolCalls(String okhttp, String side,
      UnaryOperator<ChildJvm> agent) {
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = agent.apply(ChildJvm.on(Jdk.JDK_17).libraries(okhttp).name("okhttp-pool-calls-" + side));
      ChildJvmResult result = jvm.run(POOL_CALLS_APP, "url=" + server.url("/hello")).assertSuccess();
      if (!"without".equals(side)) {
        assertAgentHealthy(result);
      }
      Map<String, String> answers = new HashMap<>();
      for (String step : POOL_CALL_STEPS) {
        answers.put(step, result.result(step));
      }
      answers.put("connections", Long.toString(server.metrics().connectionsAccepted()));
      return answers;
    }
  }
}
