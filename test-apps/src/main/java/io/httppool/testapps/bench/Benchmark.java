package io.httppool.testapps.bench;

import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerMetrics;
import io.httppool.testapps.tls.TestCertificates;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness (issue 6). Starts a plain and a TLS {@link LocalHttpServer} on 127.0.0.1, then, in rounds,
 * runs each client and scheme through the five {@link Variant}s one after the other, a child JVM each that
 * measures every concurrency in turn (so that the variants are measured close together in time and compared per
 * round), and counts the TCP connections the server accepted during each phase. Then the startup benchmark, the
 * agent's retained heap, the jar size and the JMH bookkeeping benchmarks. Writes a markdown report.
 *
 * <p>Run from the repository root after {@code mvn -B -DskipTests package}:
 * {@code java -cp test-apps/target/classes io.httppool.testapps.bench.Benchmark} (see src/docs/benchmark.md).
 */
public final class Benchmark {
  private static final long CHILD_TIMEOUT_SECONDS = 240;
  /** What startup, heap and JMH take after the rounds, with margin: 80 s in the committed run (2 cores). */
  private static final long REST_OF_RUN_NANOS = 150_000_000_000L;
  /** One JVM of the time-to-first-request section, with margin: about 0.6 s idle, 1.2 s with the agent. */
  private static final long FIRST_REQUEST_RUN_NANOS = 1_500_000_000L;
  /** Enough for the connections per-request clients open and abandon within the server's idle timeout. */
  private static final int SERVER_MAX_CONNECTIONS = 8192;

  private final BenchSettings settings;
  private final long startNanos = System.nanoTime();
  private final Map<Cell, Map<Variant, List<Sample>>> samples = new LinkedHashMap<>();
  /** How long each configuration's JVMs sent requests before their first phase (until the JIT was quiet). */
  private final Map<Variant, List<Double>> settled = new EnumMap<>(Variant.class);

  /** One row group of the table. */
  record Cell(ClientApp client, String scheme, int threads) {}

  /**
   * One JVM that made one request: from its start to the response (ms) and to its exit; NaN when it failed, and
   * then {@code problem} says why.
   */
  record FirstRequest(double firstResponseMillis, double processMillis, String problem) {
    static FirstRequest of(ChildRun run) {
      return run.succeeded()
          ? new FirstRequest(run.millisFromStart(BenchDriver.FIRST_RESPONSE_AT), run.wallNanos() / 1e6, null)
          : new FirstRequest(Double.NaN, Double.NaN, run.problem());
    }
  }

  /**
   * One child run of one variant; {@code ratio} is its rps over the same round's hand-tuned rps;
   * {@code cpuMicros} the whole JVM's CPU time per measured request (NaN where not measured). Of the server's
   * connections during the phase: {@code connections} accepted, {@code mostOpen} open at once (those pooled in
   * earlier phases included), {@code closedIdle} closed by the server's idle timeout; -1 where not counted.
   */
  record Sample(boolean ok, double rps, double p50Micros, double p99Micros, double cpuMicros, long connections,
      int mostOpen, long closedIdle, String problem, double ratio) {
    Sample(boolean ok, double rps, double p50Micros, double p99Micros, long connections, String problem,
        double ratio) {
      this(ok, rps, p50Micros, p99Micros, Double.NaN, connections, -1, -1, problem, ratio);
    }

    Sample withRatio(double value) {
      return new Sample(ok, rps, p50Micros, p99Micros, cpuMicros, connections, mostOpen, closedIdle, problem,
          value);
    }
  }

  private Benchmark(BenchSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    BenchSettings settings = BenchSettings.from(args);
    new Benchmark(settings).runAll();
    System.exit(0);
  }

  private void runAll() throws Exception {
    checkBuilt();
    Files.createDirectories(settings.workDir());
    TestCertificates certificates = TestCertificates.in(settings.workDir().resolve("certificates"));
    ResultsReport report = new ResultsReport(settings);
    try (LocalHttpServer plain = server(null);
         LocalHttpServer tls = server(certificates)) {
      int completed = 0;
      for (int round = 1; round <= settings.rounds(); round++) {
        long elapsed = System.nanoTime() - startNanos;
        long roundEstimate = completed == 0 ? 0 : elapsed / completed;
        if (completed > 0 && elapsed + roundEstimate + restOfRunNanos() > settings.budgetMinutes() * 60e9) {
          log("round " + round + " skipped: it would end the run after the budget of " + settings.budgetMinutes()
              + " minutes");
          break;
        }
        log("round " + round + " of " + settings.rounds());
        for (ClientApp client : settings.clients()) {
          for (String scheme : settings.schemes()) {
            runCells(client, scheme, "https".equals(scheme) ? tls : plain, certificates, variantOrder(round));
          }
        }
        completed++;
      }
      report.roundsCompleted(completed);
      report.settled(settled);
      report.matrix(samples);
      report.startup(startup(), StartupPhases.measure(settings));
      report.firstRequest(firstRequests(plain));
      report.heap(heap(plain));
    }
    report.jarSize(Files.size(settings.agentJar()));
    report.jmh(settings.jmh() ? jmh() : null);
    report.write(System.nanoTime() - startNanos);
    log("wrote " + settings.output());
  }

  private void checkBuilt() {
    for (Path required : List.of(settings.agentJar(), settings.otelAgentJar(), settings.appClasses())) {
      if (!Files.exists(required)) {
        throw new IllegalStateException(required + " is missing: run `mvn -B -DskipTests package` first, from "
            + "the repository root (or pass root=<repository>)");
      }
    }
  }

  static LocalHttpServer server(TestCertificates certificates) {
    LocalHttpServer.Builder builder = LocalHttpServer.builder()
        .maxConnections(SERVER_MAX_CONNECTIONS)
        // connections of per-request clients nobody closes are dropped after this; pooled ones are never idle
        .idleTimeoutMillis(3_000);
    if (certificates != null) {
      builder.tls(certificates.serverContext(TestCertificates.Authority.MAIN));
    }
    return builder.start();
  }

  /**
   * Runs the five variants of one client and scheme, each in one child JVM that measures every concurrency in
   * turn (a phase each, the server's connections counted per phase), then stores each phase's samples with its
   * ratio to the same round's hand-tuned app.
   */
  private void runCells(ClientApp client, String scheme, LocalHttpServer server, TestCertificates certificates,
      List<Variant> order) throws Exception {
    boolean tls = server.isTls();
    Map<Integer, Map<Variant, Sample>> round = new LinkedHashMap<>();
    for (Variant variant : order) {
      List<String> jvm = loadJvmOptions(variant.agent().jvmOptions(settings), tls ? certificates : null);
      List<String> args = settings.appArguments(server.url("/echo"), variant.perRequest(), settings.threads());
      args.add("phased=true");
      Map<Integer, Long> connections = new HashMap<>();
      Map<Integer, Long> closedIdle = new HashMap<>();
      Map<Integer, Integer> mostOpen = new HashMap<>();
      Map<Integer, Long> closedOnError = new HashMap<>();
      Map<Integer, String> lastError = new HashMap<>();
      ChildRun run = new ChildRun(jvm, client.classPath(settings), client.mainClass(), args)
          .run(CHILD_TIMEOUT_SECONDS, phase -> {
            String[] words = phase.split(" ");
            int threads = Integer.parseInt(words[1]);
            boolean start = "start".equals(words[0]);
            ServerMetrics metrics = server.metrics();
            long accepted = metrics.connectionsAccepted();
            long closed = metrics.connectionsClosedIdle();
            connections.merge(threads, start ? -accepted : accepted, Long::sum);
            closedIdle.merge(threads, start ? -closed : closed, Long::sum);
            long failed = metrics.connectionsClosedOnError();
            closedOnError.merge(threads, start ? -failed : failed, Long::sum);
            if (start) {
              metrics.markOpenConnections();
            } else {
              mostOpen.put(threads, metrics.mostOpenSinceMark());
              // read at the phase's end, so that a later phase's error is not shown as this one's
              lastError.put(threads, metrics.lastConnectionError());
            }
          });
      if (!Double.isNaN(run.number("settledSeconds"))) {
        settled.computeIfAbsent(variant, v -> new ArrayList<>()).add(run.number("settledSeconds"));
      }
      for (int threads : settings.threads()) {
        String prefix = threads + ".";
        boolean ok = run.succeeded() && !Double.isNaN(run.number(prefix + "rps"));
        Sample sample = new Sample(ok, run.number(prefix + "rps"), run.number(prefix + "p50Micros"),
            run.number(prefix + "p99Micros"), run.number(prefix + "cpuMicrosPerRequest"),
            connections.getOrDefault(threads, -1L),
            mostOpen.getOrDefault(threads, -1), closedIdle.getOrDefault(threads, -1L), ok ? null : run.problem(),
            Double.NaN);
        round.computeIfAbsent(threads, t -> new EnumMap<>(Variant.class)).put(variant, sample);
        log(String.format("  %-17s %-5s %3d threads  %-26s %9.0f req/s  p50 %6.0f us  p99 %7.0f us  CPU %6.1f us"
                + "  %6d conns"
                + " (%d at once, %d closed idle)%s%s%s",
            client.label(), scheme, threads, variant.number() + " " + variant.label(), sample.rps(),
            sample.p50Micros(), sample.p99Micros(), sample.cpuMicros(), sample.connections(), sample.mostOpen(),
            sample.closedIdle(),
            threads == settings.threads().get(0) ? "  settled " + run.number("settledSeconds") + " s" : "",
            sample.ok() ? "" : "  FAILED " + sample.problem(),
            closedOnError.getOrDefault(threads, 0L) > 0 ? "  server: " + closedOnError.get(threads)
                + " connections ended by an error, the last by " + lastError.get(threads) : ""));
      }
    }
    round.forEach((threads, variants) -> {
      Map<Variant, List<Sample>> cellSamples =
          samples.computeIfAbsent(new Cell(client, scheme, threads), c -> new EnumMap<>(Variant.class));
      withRatios(variants).forEach((variant, sample) -> cellSamples.computeIfAbsent(variant, v -> new ArrayList<>())
          .add(sample));
    });
  }

  /**
   * One round's runs of a cell, each with its ratio to the hand-tuned run's requests/s. A run with failed requests
   * is left out of the medians, so it has no ratio, and when the hand-tuned run failed no run of its round has one.
   */
  static Map<Variant, Sample> withRatios(Map<Variant, Sample> round) {
    Sample hand = round.get(Variant.LIMIT);
    double limit = hand != null && hand.ok() ? hand.rps() : Double.NaN;
    Map<Variant, Sample> rated = new EnumMap<>(Variant.class);
    round.forEach((variant, sample) ->
        rated.put(variant, sample.withRatio(sample.ok() && limit > 0 ? sample.rps() / limit : Double.NaN)));
    return rated;
  }

  /**
   * Odd rounds run the variants in their order, even rounds in reverse: a JVM runs after the one before it (the
   * per-request app without help leaves the server thousands of connections to time out, the machine's state
   * drifts), so a fixed order would favour the same variants in every round.
   */
  static List<Variant> variantOrder(int round) {
    List<Variant> order = new ArrayList<>(List.of(Variant.values()));
    if (round % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }

  /** A load-generating JVM's options: the agent's, a heap of 1 GB, and trust in the TLS server if there is one. */
  static List<String> loadJvmOptions(List<String> agentOptions, TestCertificates tlsCertificates) {
    List<String> jvm = new ArrayList<>(agentOptions);
    jvm.add("-Xmx1g");
    if (tlsCertificates != null) {
      jvm.addAll(trustOptions(tlsCertificates));
    }
    return jvm;
  }

  private static List<String> trustOptions(TestCertificates certificates) {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + certificates.truststore(TestCertificates.Authority.MAIN),
        "-Djavax.net.ssl.trustStorePassword=" + certificates.password(),
        "-Djavax.net.ssl.trustStoreType=" + TestCertificates.STORE_TYPE);
  }

  /**
   * Wall time (ms) of a hello-world JVM per agent, runs alternating between them. Every exporter is off for both
   * agents, so that no exporter start or exit flush is counted; "httppool disabled" separates the cost of opening
   * the jar and the bootstrap classes from the cost of installing.
   */
  private Map<String, List<Double>> startup() throws Exception {
    log("startup: " + settings.startupRuns() + " runs per agent");
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put(ResultsReport.STARTUP_NONE, List.of());
    variants.put("httppool, httppool.enabled=false",
        List.of("-javaagent:" + settings.agentJar(), "-Dhttppool.enabled=false"));
    variants.put(ResultsReport.STARTUP_HTTPPOOL, AgentKind.HTTPPOOL.exportersOffOptions(settings));
    variants.put(ResultsReport.STARTUP_OTEL, AgentKind.OTEL.exportersOffOptions(settings));
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    for (int i = 0; i < settings.startupRuns(); i++) {
      for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
        ChildRun run = new ChildRun(variant.getValue(), settings.appClasses().toString(),
            HelloWorld.class.getName(), List.of()).run(CHILD_TIMEOUT_SECONDS);
        millis.computeIfAbsent(variant.getKey(), a -> new ArrayList<>()).add(run.wallNanos() / 1e6);
        millis.computeIfAbsent(variant.getKey() + ResultsReport.CLASSES_SUFFIX, a -> new ArrayList<>())
            .add(run.number("loadedClasses"));
      }
    }
    return millis;
  }

  /**
   * Time to first request per client: a JVM that makes one request to the plain server with a client made as the
   * per-request app makes it, then exits; without and with httppool (exporters off, as for startup), runs
   * alternating.
   */
  private Map<ClientApp, Map<AgentKind, List<FirstRequest>>> firstRequests(LocalHttpServer plain) throws Exception {
    log("first request: " + settings.firstRequestRuns() + " runs per client, without and with httppool");
    Map<ClientApp, Map<AgentKind, List<FirstRequest>>> times = new LinkedHashMap<>();
    for (int i = 0; i < settings.firstRequestRuns(); i++) {
      for (ClientApp client : settings.clients()) {
        for (AgentKind agent : List.of(AgentKind.NONE, AgentKind.HTTPPOOL)) {
          ChildRun run = new ChildRun(agent.exportersOffOptions(settings), client.classPath(settings),
              client.mainClass(), List.of("url=" + plain.url("/echo"), "once=true")).run(CHILD_TIMEOUT_SECONDS);
          times.computeIfAbsent(client, c -> new EnumMap<>(AgentKind.class))
              .computeIfAbsent(agent, a -> new ArrayList<>()).add(FirstRequest.of(run));
        }
      }
    }
    return times;
  }

  /** What the run needs after its rounds: startup, first request, heap and JMH. */
  private long restOfRunNanos() {
    return REST_OF_RUN_NANOS
        + (long) settings.firstRequestRuns() * settings.clients().size() * 2 * FIRST_REQUEST_RUN_NANOS;
  }

  /** The shared OkHttp app with httppool after {@code heapRequests} requests, and without agent as baseline. */
  private Map<String, ChildRun> heap(LocalHttpServer plain) throws Exception {
    Map<String, ChildRun> runs = new LinkedHashMap<>();
    int baselineRequests = Math.min(settings.heapRequests(), settings.requests());
    for (AgentKind agent : List.of(AgentKind.NONE, AgentKind.HTTPPOOL)) {
      int requests = agent == AgentKind.NONE ? baselineRequests : settings.heapRequests();
      log("heap: " + requests + " requests, " + agent.label());
      List<String> jvm = new ArrayList<>(agent.jvmOptions(settings));
      jvm.add("-Xmx1g");
      ChildRun run = new ChildRun(jvm, ClientApp.OKHTTP.classPath(settings), ClientApp.OKHTTP.mainClass(),
          List.of("url=" + plain.url("/echo"), "clients=shared", "threads=8", "requests=" + requests,
              "warmup=0", "heap=true"))
          .run(600);
      runs.put(agent.name() + ":" + requests, run);
    }
    return runs;
  }

  /** Runs the JMH bookkeeping benchmarks of the agent module's test classes; null when they are not built. */
  private ChildRun jmh() throws Exception {
    Path agentTarget = settings.root().resolve("agent/target");
    Path classPathFile = agentTarget.resolve("bench-classpath.txt");
    if (!Files.exists(classPathFile) || !Files.exists(agentTarget.resolve("test-classes"))) {
      log("jmh: skipped, " + classPathFile + " or agent/target/test-classes is missing");
      return null;
    }
    log("jmh: bookkeeping benchmarks");
    String classPath = agentTarget.resolve("test-classes") + File.pathSeparator + agentTarget.resolve("classes")
        + File.pathSeparator + Files.readString(classPathFile, StandardCharsets.UTF_8).trim();
    return new ChildRun(List.of(), classPath, "io.httppool.agent.bench.BookkeepingBenchmarks", List.of())
        .run(600);
  }

  private void log(String line) {
    long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
    System.out.printf("[%3d:%02d] %s%n", seconds / 60, seconds % 60, line);
  }
}
