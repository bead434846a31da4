package io.httppool.testapps.agent;


import io.httppool.testapps.Workload;
import io.httppool.testapps.apache4.Apache4App;
import io.httppool.testapps.apache4async.Apache4AsyncApp;
import io.httppool.testapps.apache5.Apache5App;
import io.httppool.testapps.families.AgentCore;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.jdkhttp.JdkHttpApp;
import io.httppool.testapps.okhttp.OkHttpApp;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.urlconnection.UrlConnectionApp;
import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * httppool attached next to the OpenTelemetry Java agent, in both {@code -javaagent} orders, for every client
 * family: each family's per-request app sends 2,000 requests from 8 threads, pooling still holds, httppool stays
 * healthy and exports its metrics, and the OpenTelemetry agent still counts every request. The two agents read
 * the same {@code otel.*} settings, so each gets its own Prometheus port: the OpenTelemetry agent through
 * {@code otel.*}, httppool through its own {@code httppool.otel.*}, which win over {@code otel.*} for it alone.
 *
 * <p>A child JVM with the OpenTelemetry agent spends most of its time starting (its thousands of type matchers,
 * compiled by C2 on 2 busy cores): like every child JVM of the suite (see {@code ChildJvm}) they run with C1 only
 * and the serial collector, which halves that and changes nothing the agents do. Even so, the OkHttp family runs 4.12 in both orders but 3.14 only with the
 * OpenTelemetry agent first and 5.x only with it second, to keep the class within about 4 minutes.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@AgentCore
class BesideOtelAgentTest {
  private static final int REQUESTS = 2000;
  private static final int THREADS = 8;
  private static final int MAX_CONNECTIONS = 2 * THREADS;

  /** Which {@code -javaagent} comes first on the command line. */
  enum Order {
    OTEL_FIRST, HTTPPOOL_FIRST
  }

  /** A client family's per-request app, and how each agent names what it counts. */
  enum Family {
    OKHTTP("okhttp", OkHttpApp.class, "io.opentelemetry.okhttp-3.0", "POST"),
    APACHE4("apache4", Apache4App.class, "io.opentelemetry.apache-httpclient-4.0", "POST"),
    APACHE5("apache5", Apache5App.class, "io.opentelemetry.apache-httpclient-5.0", "POST"),
    APACHE5_ASYNC("apache5", Apache5App.class, "io.opentelemetry.apache-httpclient-5.0", "POST"),
    URLCONNECTION("urlconnection", UrlConnectionApp.class, "io.opentelemetry.http-url-connection", "GET"),
    JDKHTTP("jdkhttp", JdkHttpApp.class, "io.opentelemetry.java-http-client", "POST"),
    APACHE4_ASYNC("apache4", Apache4AsyncApp.class, "io.opentelemetry.apache-httpasyncclient-4.1", "POST");

    final String client;
    final String app;
    final String otelScope;
    final String method;

    Family(String client, Class<?> app, String otelScope, String method) {
      this.client = client;
      this.app = app.getName();
      this.otelScope = otelScope;
      this.method = method;
    }

    /** The arguments the family's own pooling test runs its app with. */
    List<String> arguments(LocalHttpServer server) {
      List<String> arguments = new ArrayList<>(List.of("requests=" + REQUESTS, "threads=" + THREADS));
      switch (this) {
        case URLCONNECTION:
          arguments.addAll(List.of("base=" + server.url(""), "mode=status-only"));
          break;
        case APACHE5:
          arguments.addAll(List.of("url=" + server.url("/echo"), "clients=per-request", "style=default"));
          break;
        case APACHE4_ASYNC:
          arguments.addAll(List.of("base=" + server.url(""), "clients=per-request"));
          break;
        case APACHE5_ASYNC:
          // one long-lived client (clients built per request on the shared engine: Apache5AsyncSharingTest)
          arguments.addAll(List.of("url=" + server.url("/echo"), "clients=shared", "mode=async"));
          break;
        default:
          arguments.addAll(List.of("url=" + server.url("/echo"), "clients=per-request"));
          break;
      }
      return arguments;
    }

    String expectedDigest() {
      return this == URLCONNECTION
          ? UrlConnectionApp.expectedStatusOnlyDigest(REQUESTS) : Workload.expectedEchoDigest(REQUESTS);
    }
  }

  static List<Arguments> everyFamilyInBothOrders() {
    List<Arguments> runs = new ArrayList<>();
    for (Order order : Order.values()) {
      runs.add(Arguments.of(Family.OKHTTP, JarSet.OKHTTP4.dir(), order));
      runs.add(Arguments.of(Family.APACHE4, JarSet.APACHE45.dir(), order));
      runs.add(Arguments.of(Family.APACHE5, JarSet.APACHE55.dir(), order));
      runs.add(Arguments.of(Family.APACHE5_ASYNC, JarSet.APACHE55.dir(), order));
      runs.add(Arguments.of(Family.URLCONNECTION, null, order));
      runs.add(Arguments.of(Family.JDKHTTP, null, order));
      runs.add(Arguments.of(Family.APACHE4_ASYNC, JarSet.APACHE4ASYNC415.dir(), order));
    }
    runs.add(Arguments.of(Family.OKHTTP, JarSet.OKHTTP3.dir(), Order.OTEL_FIRST));
    runs.add(Arguments.of(Family.OKHTTP, JarSet.OKHTTP5.dir(), Order.HTTPPOOL_FIRST));
    return runs;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyFamilyInBothOrders")
  void bothAgentsDoTheirWork(Family family, String libraries, Order order) {
    String run = "beside-otel-" + family.name().toLowerCase() + (libraries == null ? "" : "-" + libraries)
        + "-" + order.name().toLowerCase();
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name(run);
      if (order == Order.OTEL_FIRST) {
        jvm.withOtherAgentFirst(TestPaths.otelAgentJar()).withAgent();
      } else {
        jvm.withAgent().withOtherAgentAfter(TestPaths.otelAgentJar());
      }
      if (libraries != null) {
        jvm.libraries(libraries);
      }
      Path otelMetrics = scrapeFile(run + ".otel");
      Path httppoolMetrics = scrapeFile(run + ".httppool");
      int otelPort = PrometheusScrape.freePort();
      int httppoolPort = PrometheusScrape.freePort();
      // the OpenTelemetry agent: otel.*, metrics only, through Prometheus
      jvm.systemProperty("otel.metrics.exporter", "prometheus")
          .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
          .systemProperty("otel.exporter.prometheus.port", Integer.toString(otelPort))
          .systemProperty("otel.traces.exporter", "none")
          .systemProperty("otel.logs.exporter", "none")
          // httppool: its own settings win over otel.* for its SDK alone
          .systemProperty("httppool.otel.metrics.exporter", "prometheus")
          .systemProperty("httppool.otel.exporter.prometheus.port", Integer.toString(httppoolPort))
          .systemProperty("httppool.report-on-exit", "true")
          .systemProperty("app.metrics.port", Integer.toString(httppoolPort))
          .systemProperty("app.metrics.file", httppoolMetrics.toString())
          .systemProperty("app.other-agent.metrics.port", Integer.toString(otelPort))
          .systemProperty("app.other-agent.metrics.file", otelMetrics.toString());

      ChildJvmResult result = jvm.run(family.app, family.arguments(server).toArray(String[]::new)).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(family.expectedDigest(), result.result("digest"), "responses differ\n" + result.outputTails());
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      PrometheusScrape otel = PrometheusScrape.read(otelMetrics);
      PrometheusScrape httppool = PrometheusScrape.read(httppoolMetrics);
      double otelCount = otel.sum("http_client_request_duration_seconds_count", "otel_scope_name", family.otelScope,
          "http_request_method", family.method, "http_response_status_code", "200");
      double otelAll = otel.sum("http_client_request_duration_seconds_count",
          "server_port", Integer.toString(server.port()));
      double reuse = httppool.reuseRate(family.client);
      System.out.printf("FIGURE %s: %d connections, OTel counted %.0f (all scopes %.0f), httppool reuse %.4f,"
          + " %d ms%n", run, connections, otelCount, otelAll, reuse, result.duration().toMillis());

      assertTrue(connections <= MAX_CONNECTIONS, connections + " connections for " + REQUESTS + " requests\n"
          + result.outputTails());
      assertEquals(REQUESTS, otelCount, "requests the OpenTelemetry agent counted\n" + otel.text());
      assertEquals(REQUESTS, otelAll, "the OpenTelemetry agent counted some requests twice or elsewhere\n"
          + otel.text());
      assertTrue(reuse >= 0.99, "httppool's exported reuse rate " + reuse + "\n" + httppool.text());
      assertEquals(REQUESTS, httppool.sum("http_client_request_duration_seconds_count",
          "httppool_client", family.client, "http_request_method", family.method,
          "http_response_status_code", "200"), httppool.text());
      // the report at exit names the family's pool
      assertTrue(result.stderr().lines().anyMatch(line -> line.startsWith("[httppool] " + family.client + " ")),
          "no " + family.client + " pool in httppool's report\n" + result.outputTails());
    }
  }

  private static Path scrapeFile(String name) {
    Path file = TestPaths.workDir().resolve(name + ".metrics.txt");
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
