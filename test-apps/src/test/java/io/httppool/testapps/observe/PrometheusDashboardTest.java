package io.httppool.testapps.observe;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.families.Observe;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.Background;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole path from the agent to the dashboard, with real parts: an OkHttp app with the agent and its
 * Prometheus exporter, a real Prometheus server (Debian's package) scraping it with the shipped scrape
 * configuration, and every PromQL expression of the shipped Grafana dashboard evaluated through Prometheus's
 * HTTP API, each against what the app did.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Observe
class PrometheusDashboardTest {
  private static final String RATE_INTERVAL = "10s";
  private static final int THREADS = 4;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> seen = new LinkedHashMap<>();

  /** One series of an instant query's answer. */
  record Series(Map<String, String> labels, double value) {
    String port() {
      return labels.get("server_port");
    }
  }

  record Query(String panel, String refId, String expr) {}

  @Test
  void everyDashboardQueryReturnsWhatTheAppDid() throws Exception {
    Path prometheusBinary = prometheus();
    List<Query> queries = dashboardQueries();
    Path work = Files.createTempDirectory(TestPaths.workDir(), "prometheus-");
    Path release = work.resolve("release");
    int exporterPort = PrometheusScrape.freePort();
    int prometheusPort = PrometheusScrape.freePort();
    int refusedPort = PrometheusScrape.freePort();

    try (LocalHttpServer server = LocalHttpServer.start(); LocalHttpServer side = LocalHttpServer.start()) {
      String port = Integer.toString(server.port());
      String sidePort = Integer.toString(side.port());
      String deadPort = Integer.toString(refusedPort);
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("observed-prometheus")
          .timeout(Duration.ofSeconds(150))
          .systemProperty("otel.metrics.exporter", "prometheus")
          .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
          .systemProperty("otel.exporter.prometheus.port", Integer.toString(exporterPort))
          // the side server's connection is left idle: the pool evicts it within the test
          .systemProperty("httppool.idle-timeout", "2s");
      CompletableFuture<ChildJvmResult> app = Background.start(() -> jvm.run(
          ObservedApp.class.getName(), "url=" + server.url("/hello"), "side=" + side.url("/hello"),
          "refused=http://127.0.0.1:" + refusedPort + "/", "threads=" + THREADS, "release=" + release,
          "maxSeconds=100"));
      Process prometheus = startPrometheus(prometheusBinary, work, prometheusPort, exporterPort);
      try {
        String api = "http://127.0.0.1:" + prometheusPort;
        await("Prometheus scrapes the agent").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(() -> query(api, "up{job=\"httppool-agent\"}").stream().anyMatch(s -> s.value() == 1));

        Map<String, Consumer<List<Series>>> expectations = expectations(port, sidePort, deadPort);
        for (Query query : queries) {
          assertTrue(expectations.containsKey(query.panel() + "/" + query.refId()),
              "the dashboard has a query this test does not check: " + query);
        }
        assertEquals(expectations.size(), queries.size(), "the test checks queries the dashboard lacks");
        await("every dashboard query answers as expected").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> {
              for (Query query : queries) {
                List<Series> answer = query(api, concrete(query.expr()));
                seen.put(query.panel() + "/" + query.refId(), describe(answer));
                try {
                  expectations.get(query.panel() + "/" + query.refId()).accept(answer);
                } catch (AssertionError e) {
                  throw new AssertionError(query + " answered " + answer + ": " + e.getMessage(), e);
                }
              }
            });
        seen.forEach((query, answer) -> System.out.println("PROMQL " + query + " = " + answer));
      } finally {
        Files.writeString(release, "done");
        stop(prometheus);
      }
      ChildJvmResult result = app.get(60, TimeUnit.SECONDS).assertSuccess();
      assertEquals("true", result.result("released"), result.outputTails());
      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      assertTrue(result.stderr().contains("event high_error_rate: okhttp http://127.0.0.1:" + deadPort),
          result.stderr());
    }
  }

  /** What each panel's query must answer, keyed {@code panel title/refId}. */
  private static Map<String, Consumer<List<Series>>> expectations(String port, String sidePort, String deadPort) {
    Map<String, Consumer<List<Series>>> expected = new LinkedHashMap<>();
    expected.put("Open connections by state/A", answer -> {
      List<Series> main = on(answer, port);
      assertTrue(main.stream().anyMatch(s -> "active".equals(s.labels().get("http_connection_state"))));
      assertTrue(main.stream().anyMatch(s -> "idle".equals(s.labels().get("http_connection_state"))));
      double open = main.stream().mapToDouble(Series::value).sum();
      assertTrue(open >= 1 && open <= 4 * THREADS, "open connections " + open);
    });
    // OkHttp has no maximum, so no max, pending or wait time: the queries are valid and answer nothing
    expected.put("Utilization (active / max)/A", PrometheusDashboardTest::noDataWithoutAMaximum);
    expected.put("Pending requests/A", PrometheusDashboardTest::noDataWithoutAMaximum);
    expected.put("Wait time for a connection/A", PrometheusDashboardTest::noDataWithoutAMaximum);
    expected.put("Wait time for a connection/B", PrometheusDashboardTest::noDataWithoutAMaximum);
    expected.put("Wait time for a connection/C", PrometheusDashboardTest::noDataWithoutAMaximum);
    expected.put("Reuse rate/A", answer -> assertTrue(only(answer, port).value() >= 0.99, "reuse rate"));
    expected.put("Acquisitions per second, new vs reused/A", answer -> {
      double reused = on(answer, port).stream().filter(s -> "true".equals(s.labels().get("httppool_reused")))
          .mapToDouble(Series::value).sum();
      double opened = on(answer, port).stream().filter(s -> "false".equals(s.labels().get("httppool_reused")))
          .mapToDouble(Series::value).sum();
      assertTrue(reused >= 20, "reused acquires per second " + reused);
      assertTrue(opened <= reused / 100, "new " + opened + " vs reused " + reused + " per second");
    });
    expected.put("Errors per second by error.type/A", answer -> {
      Series refused = only(answer, deadPort);
      assertEquals("connect_refused", refused.labels().get("error_type"));
      assertTrue(refused.value() > 0, "refused per second");
      assertEquals(0, on(answer, port).stream().mapToDouble(Series::value).sum(), "errors of the main server");
    });
    expected.put("Evictions per second by reason/A", answer -> {
      Series idle = only(answer, sidePort);
      assertEquals("idle", idle.labels().get("httppool_reason"));
      assertTrue(idle.value() >= 0);
    });
    expected.put("Evictions since start by reason/A", answer -> {
      Series idle = only(answer, sidePort);
      assertEquals("idle", idle.labels().get("httppool_reason"));
      assertEquals(1, idle.value(), "the side server's one connection, evicted when idle");
    });
    expected.put("Pool events since start/A", answer -> {
      Series errorRate = only(answer, deadPort);
      assertEquals("high_error_rate", errorRate.labels().get("httppool_event"));
      assertTrue(errorRate.value() >= 1);
      assertTrue(on(answer, port).isEmpty(), "events of the main server");
    });
    expected.put("Leaked connections since start/A", answer -> {
      assertEquals(1, answer.size());
      assertEquals(0, answer.get(0).value(), "leaks");
    });
    expected.put("Request duration p50 / p95 / p99/A", answer -> duration(answer, port, 0.0001, 0.05));
    expected.put("Request duration p50 / p95 / p99/B", answer -> duration(answer, port, 0.0001, 0.25));
    expected.put("Request duration p50 / p95 / p99/C", answer -> duration(answer, port, 0.0001, 1.0));
    expected.put("Requests per second by status/A", answer -> {
      Series ok = on(answer, port).stream().filter(s -> "200".equals(s.labels().get("http_response_status_code")))
          .findFirst().orElseThrow(() -> new AssertionError("no 200s"));
      assertTrue(ok.value() >= 20, "200s per second " + ok.value());
      Series refused = only(answer, deadPort);
      assertEquals("connect_refused", refused.labels().get("error_type"));
    });
    return expected;
  }

  private static void noDataWithoutAMaximum(List<Series> answer) {
    assertTrue(answer.isEmpty(), "OkHttp has no maximum, yet " + answer);
  }

  private static void duration(List<Series> answer, String port, double atLeast, double atMost) {
    double seconds = only(answer, port).value();
    assertTrue(seconds >= atLeast && seconds <= atMost, "duration " + seconds + " s");
  }

  private static List<Series> on(List<Series> answer, String port) {
    return answer.stream().filter(s -> port.equals(s.port())).toList();
  }

  private static Series only(List<Series> answer, String port) {
    List<Series> matching = on(answer, port);
    assertEquals(1, matching.size(), "series for port " + port);
    assertFalse(Double.isNaN(matching.get(0).value()), "NaN for port " + port);
    return matching.get(0);
  }

  /** The dashboard's queries with Grafana's variables as a user who picked "All" gets them. */
  private static String concrete(String expr) {
    return expr.replace("$__rate_interval", RATE_INTERVAL).replace("$client", ".+").replace("$host", ".*");
  }

  static Path sourceDir() {
    return Path.of(System.getProperty("httppool.src.dir", "../src")).toAbsolutePath().normalize();
  }

  /** Every target of every panel of the shipped dashboard; each must filter by client and host. */
  static List<Query> dashboardQueries() throws IOException {
    JsonObject dashboard = JsonParser.parseString(
        Files.readString(sourceDir().resolve("grafana/httppool-dashboard.json"))).getAsJsonObject();
    List<Query> queries = new ArrayList<>();
    for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
      String title = panel.getAsJsonObject().get("title").getAsString();
      for (JsonElement target : panel.getAsJsonObject().getAsJsonArray("targets")) {
        String expr = target.getAsJsonObject().get("expr").getAsString();
        assertTrue(expr.contains("httppool_client=~\"$client\"") && expr.contains("server_address=~\"$host\""),
            title + " does not filter by the dashboard's client and host: " + expr);
        queries.add(new Query(title, target.getAsJsonObject().get("refId").getAsString(), expr));
      }
    }
    assertTrue(queries.size() >= 13, "queries: " + queries);
    return queries;
  }

  private List<Series> query(String api, String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    if (response.statusCode() != 200 || !"success".equals(body.get("status").getAsString())) {
      fail("Prometheus refused " + promql + ": " + response.body());
    }
    JsonObject data = body.getAsJsonObject("data");
    List<Series> series = new ArrayList<>();
    if (!"vector".equals(data.get("resultType").getAsString())) {
      fail("expected a vector for " + promql + ": " + response.body());
    }
    for (JsonElement element : data.getAsJsonArray("result")) {
      JsonObject result = element.getAsJsonObject();
      Map<String, String> labels = new LinkedHashMap<>();
      result.getAsJsonObject("metric").entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
      JsonArray value = result.getAsJsonArray("value");
      series.add(new Series(labels, Double.parseDouble(value.get(1).getAsString())));
    }
    return series;
  }

  private static String describe(List<Series> answer) {
    if (answer.isEmpty()) {
      return "(no data)";
    }
    StringBuilder text = new StringBuilder();
    for (Series series : answer) {
      Map<String, String> labels = new LinkedHashMap<>(series.labels());
      labels.keySet().removeIf(k -> k.equals("httppool_client") || k.equals("server_address"));
      text.append(text.length() == 0 ? "" : "; ").append(labels).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.4g", series.value()));
    }
    return text.toString();
  }

  /** The shipped scrape configuration, pointed at the app's exporter and scraping every second. */
  private static Process startPrometheus(Path binary, Path work, int port, int exporterPort) throws IOException {
    String shipped = Files.readString(sourceDir().resolve("prometheus/prometheus.yml"));
    assertTrue(shipped.contains("\"localhost:9464\"") && shipped.contains("scrape_interval: 15s"), shipped);
    String config = shipped.replace("\"localhost:9464\"", "\"127.0.0.1:" + exporterPort + "\"")
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
        .replace("scrape_timeout: 10s", "scrape_timeout: 1s");
    Path configFile = work.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    return new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
        "--storage.tsdb.path=" + Files.createDirectories(work.resolve("data")),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The {@code prometheus} binary ({@code -Dhttppool.prometheus=<path>}, or on the PATH), or a skip saying why. */
  static Path prometheus() {
    String configured = System.getProperty("httppool.prometheus");
    if (configured != null) {
      Path binary = Path.of(configured);
      if (!Files.isExecutable(binary)) {
        skip("-Dhttppool.prometheus=" + configured + " is not an executable");
      }
      return binary;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    skip("prometheus is not installed (Debian package `prometheus`, which .ci/run installs)");
    return null;
  }

  private static void skip(String why) {
    String message = why + ": SKIPPING the dashboard end-to-end test, its queries are not checked against a real "
        + "Prometheus";
    System.err.println(message); // the skip reason is otherwise only in the surefire report
    Assumptions.abort(message);
  }
}
