package io.httppool.testapps.bench;

import io.httppool.testapps.support.AppArgs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run does; every value is a {@code key=value} argument of {@link Benchmark}. The defaults
 * are the full run (about 12 minutes on an idle 2-core machine); {@code quick=true} shrinks every count for a
 * smoke test.
 */
record BenchSettings(
    Path root,
    int rounds,
    int requests,
    int warmup,
    double warmupSeconds,
    double measureSeconds,
    List<Integer> threads,
    List<ClientApp> clients,
    List<String> schemes,
    int startupRuns,
    int heapRequests,
    boolean jmh,
    int budgetMinutes,
    Path output) {

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
        Double.parseDouble(args.get("warmupSeconds", quick ? "0.5" : "1")),
        Double.parseDouble(args.get("measureSeconds", quick ? "1" : "3")),
        threads,
        clients,
        List.of(args.get("schemes", "http,https").split(",")),
        args.getInt("startupRuns", quick ? 3 : 11),
        args.getInt("heapRequests", quick ? 2_000 : 1_000_000),
        !"false".equals(args.get("jmh", "true")),
        args.getInt("budgetMinutes", 13),
        root.resolve(args.get("out",
            quick ? "test-apps/target/bench/results-quick.md" : "test-apps/bench/results.md")));
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
