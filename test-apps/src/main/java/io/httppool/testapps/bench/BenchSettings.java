package io.httppool.testapps.bench;

import io.httppool.testapps.support.AppArgs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one benchmark run does; every value is a {@code key=value} argument of {@link Benchmark}. The defaults
 * are the full run (15 to 18 minutes on an idle 2-core machine, see src/docs/benchmark.md); {@code quick=true}
 * shrinks every count for a smoke test.
 */
record BenchSettings(
    Path root,
    int rounds,
    int requests,
    int warmup,
    double warmupSeconds,
    double settleSeconds,
    double settleMaxSeconds,
    int quietCompileMillis,
    int quietSeconds,
    double measureSeconds,
    List<Integer> threads,
    List<ClientApp> clients,
    List<String> schemes,
    int startupRuns,
    int firstRequestRuns,
    int heapRequests,
    boolean jmh,
    int budgetMinutes,
    Path output) {
  /** Runs per client and configuration of the time to first request: 7 clients x 2 x 5 JVMs, about a minute. */
  static final int FIRST_REQUEST_RUNS = 5;

  static BenchSettings from(String[] arguments) {
    AppArgs args = new AppArgs(arguments);
    boolean quick = "true".equals(args.get("quick", "false"));
    Path root = Path.of(args.get("root", ".")).toAbsolutePath().normalize();
    List<Integer> threads = new ArrayList<>();
    for (String count : args.get("threads", "8,64").split(",")) {
      threads.add(Integer.parseInt(count.trim()));
    }
    List<ClientApp> clients = new ArrayList<>();
    for (String client : args.get("clients", ClientApp.ids()).split(",")) {
      clients.add(ClientApp.byId(client.trim()));
    }
    return new BenchSettings(
        root,
        args.getInt("rounds", quick ? 1 : 3),
        args.getInt("requests", quick ? 400 : 6_000),
        args.getInt("warmup", quick ? 100 : 1_000),
        Double.parseDouble(args.get("warmupSeconds", "0.5")),
        Double.parseDouble(args.get("settleSeconds", quick ? "0" : "25")),
        Double.parseDouble(args.get("settleMaxSeconds", quick ? "0" : "60")),
        args.getInt("quietCompileMillis", 50),
        args.getInt("quietSeconds", 2),
        Double.parseDouble(args.get("measureSeconds", quick ? "1" : "2")),
        threads,
        clients,
        List.of(args.get("schemes", "http,https").split(",")),
        args.getInt("startupRuns", quick ? 3 : 11),
        args.getInt("firstRequestRuns", quick ? 1 : FIRST_REQUEST_RUNS),
        args.getInt("heapRequests", quick ? 2_000 : 1_000_000),
        !"false".equals(args.get("jmh", "true")),
        args.getInt("budgetMinutes", 120),
        root.resolve(args.get("out",
            quick ? "test-apps/target/bench/results-quick.md" : "test-apps/bench/results.md")));
  }

  /** What a bench app ({@link BenchDriver}) is told: its server, which app, its phases, settle and counts. */
  List<String> appArguments(String url, boolean perRequest, List<Integer> phases) {
    return new ArrayList<>(List.of(
        "url=" + url,
        "clients=" + (perRequest ? "per-request" : "shared"),
        "threads=" + phases.stream().map(String::valueOf).collect(Collectors.joining(",")),
        "requests=" + requests,
        "warmup=" + warmup,
        "warmupSeconds=" + warmupSeconds,
        "settleSeconds=" + settleSeconds,
        "settleMaxSeconds=" + settleMaxSeconds,
        "quietCompileMillis=" + quietCompileMillis,
        "quietSeconds=" + quietSeconds,
        "measureSeconds=" + measureSeconds));
  }

  Path agentJar() {
    return root.resolve("agent/target/httppool-agent.jar");
  }

  Path otelAgentJar() {
    return root.resolve("test-apps/target/libs/otel-agent/opentelemetry-javaagent.jar");
  }

  Path appClasses() {
    return root.resolve("test-apps/target/classes");
  }

  Path libs() {
    return root.resolve("test-apps/target/libs");
  }

  Path workDir() {
    return root.resolve("test-apps/target/bench");
  }

}
