package io.httppool.testapps.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Collects every section's figures, checks them against the targets and writes the markdown report. */
final class ResultsReport {
  static final String STARTUP_NONE = "no agent";
  static final String STARTUP_HTTPPOOL = "httppool";
  static final String STARTUP_OTEL = "OTel agent 2.21.0";
  static final String CLASSES_SUFFIX = " classes";
  /** Why targets are missed and what was done: kept by hand, copied into every report. */
  static final String ANALYSIS = "test-apps/bench/analysis.md";

  private static final double RETROFIT_TARGET = 0.90;
  private static final double OVERHEAD_TARGET = 0.97;
  private static final double STARTUP_TARGET_MILLIS = 150;
  private static final double BOOKKEEPING_NS_TARGET = 100;
  private static final long JAR_TARGET_BYTES = 8L * 1024 * 1024;

  private final BenchSettings settings;
  private final StringBuilder body = new StringBuilder();
  private final List<String> verdicts = new ArrayList<>();
  /** The machine's load when the run started: with the load at the end, whether it was otherwise idle. */
  private final double loadAtStart = loadAverage();

  ResultsReport(BenchSettings settings) {
    this.settings = settings;
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private int roundsCompleted;
  private Map<Variant, List<Double>> settled = Map.of();

  /** Seconds each configuration's JVMs settled before their first phase. */
  void settled(Map<Variant, List<Double>> seconds) {
    settled = seconds;
  }

  private String settledText() {
    if (settled.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("Settled (median / max over the JVMs, s): ");
    String separator = "";
    for (Map.Entry<Variant, List<Double>> entry : settled.entrySet()) {
      text.append(separator).append(entry.getKey().number()).append(' ').append(String.format(Locale.ROOT,
          "%.1f / %.1f", Stats.median(entry.getValue()), Stats.max(entry.getValue())));
      separator = ", ";
    }
    return text.append(". ").toString();
  }

  /** Rounds run: fewer than asked when another would have ended the run after the time budget. */
  void roundsCompleted(int rounds) {
    roundsCompleted = rounds;
  }

  void matrix(Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples) {
    body.append("## Throughput and latency\n\n")
        .append("POST /echo (a few hundred bytes each way) to a local keep-alive server on 127.0.0.1; a child JVM ")
        .append("per run. Medians over ").append(roundsCompleted).append(roundsCompleted == 1 ? " round" : " rounds")
        .append(roundsCompleted < settings.rounds() ? " (of " + settings.rounds() + " asked: the time budget of "
            + settings.budgetMinutes() + " minutes ran out)" : "")
        .append("; `x/3` is the ratio of the run's requests/s to the hand-tuned app's (3) in the same round, ")
        .append("its median over the rounds and, in brackets, its lowest and highest round (with the number of ")
        .append("rounds when a failed run left one out). ")
        .append("One child JVM per configuration and round (configurations in order in odd rounds, in reverse in ")
        .append("even ones) runs the concurrencies in turn (")
        .append(settings.threads()).append(" threads), each phase a warmup then the measured requests. ")
        .append("Connections: TCP connections the server accepted during the phase (warmup included), ")
        .append("median / max over rounds; connections pooled in an earlier phase stay in use, so the ")
        .append("connection target is checked on the total the JVM opened up to the end of the phase; beside it, ")
        .append("the most that were open at once and how many the server closed for its idle timeout meanwhile ")
        .append("(each one a connection the client had to open again however well it pools), the highest round. ")
        .append("Before its first phase each JVM sends requests at that phase's concurrency for at least ")
        .append(settings.settleSeconds()).append(" s and then until the JIT is quiet (its compiler threads ")
        .append("used less than ").append(settings.quietCompileMillis()).append(" ms of CPU in each of the last ")
        .append(settings.quietSeconds()).append(" seconds; at most ").append(settings.settleMaxSeconds())
        .append(" s): class loading, the JIT, and with an agent its install ")
        .append("on first use, measured on their own as time to first request below; its connections count in ")
        .append("that phase. ").append(settledText())
        .append("Each phase: a warmup of ").append(settings.warmup()).append(" requests or ")
        .append(settings.warmupSeconds()).append(" s, whichever ends first, then ").append(settings.requests())
        .append(" measured requests or ").append(settings.measureSeconds()).append(" s, whichever ends first ")
        .append("(the per-request app without help reaches the time limit; requests/s counts what was sent).\n\n")
        .append("CPU µs/req: the client JVM's CPU time (all its threads: the app's, the library's, the agent's, GC and ")
        .append("JIT) over the measured phase, per request.\n\n")
        .append("| client | scheme | threads | configuration | req/s | p50 ms | p99 ms | CPU µs/req | connections ")
        .append("| x/3 |\n")
        .append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
    StringBuilder ratios = new StringBuilder()
        .append("\n### Ratios and targets\n\n")
        .append("Each ratio: its median over the rounds, which the target is judged on, and its lowest and highest ")
        .append("round in brackets.\n\n")
        .append("| client | scheme | threads | 2/3 retrofit (>= 0.90) | connections opened by 2 so far (<= threads) | ")
        .append("4/3 httppool (>= 0.97) | 5/3 OTel agent | httppool loss < OTel loss |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---|\n");
    Map<ClientApp, Worst> retrofitWorst = new java.util.LinkedHashMap<>();
    Map<ClientApp, Worst> connectionsWorst = new java.util.LinkedHashMap<>();
    Map<ClientApp, Worst> overheadWorst = new java.util.LinkedHashMap<>();
    Map<ClientApp, Worst> peerWorst = new java.util.LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> entry : samples.entrySet()) {
      Benchmark.Cell cell = entry.getKey();
      for (Variant variant : Variant.values()) {
        List<Benchmark.Sample> runs = entry.getValue().get(variant);
        body.append(String.format(Locale.ROOT, "| %s | %s | %d | %s %s | %s | %s | %s | %s | %s | %s |%n",
            cell.client().label(), cell.scheme(), cell.threads(), variant.number(), variant.label(),
            number(median(runs, Benchmark.Sample::rps), 0), number(median(runs, Benchmark.Sample::p50Micros) / 1000, 2),
            number(median(runs, Benchmark.Sample::p99Micros) / 1000, 2),
            number(median(runs, Benchmark.Sample::cpuMicros), 1), connections(runs),
            variant == Variant.LIMIT ? "1" : ratio(runs).cell(roundsCompleted)));
        for (Benchmark.Sample run : runs) {
          if (!run.ok()) {
            failures.add(cell.client().label() + " " + cell.scheme() + " " + cell.threads() + " threads, "
                + variant.number() + " " + variant.label() + ": " + run.problem());
          }
        }
      }
      Stats.Spread retrofit = ratio(entry.getValue().get(Variant.RETROFIT));
      double retrofitConnections = Stats.max(cumulative(samples, cell, Variant.RETROFIT,
          Benchmark.Sample::connections));
      String retrofitTurnover = turnover(samples, cell, Variant.RETROFIT);
      Stats.Spread overhead = ratio(entry.getValue().get(Variant.OVERHEAD));
      Stats.Spread peer = ratio(entry.getValue().get(Variant.PEER));
      boolean retrofitMet = retrofit.median() >= RETROFIT_TARGET;
      boolean connectionsMet = retrofitConnections <= cell.threads();
      boolean overheadMet = overhead.median() >= OVERHEAD_TARGET;
      boolean peerMet = overhead.median() > peer.median();
      // worst = the cell furthest from its target, per client
      Worst.keep(retrofitWorst, cell, retrofit.median() - RETROFIT_TARGET, "median " + retrofit.describe(),
          noise(retrofit, RETROFIT_TARGET));
      Worst.keep(connectionsWorst, cell, cell.threads() - retrofitConnections,
          String.format(Locale.ROOT, "%.0f connections", retrofitConnections) + retrofitTurnover, "");
      Worst.keep(overheadWorst, cell, overhead.median() - OVERHEAD_TARGET, "median " + overhead.describe(),
          noise(overhead, OVERHEAD_TARGET));
      Worst.keep(peerWorst, cell, overhead.median() - peer.median(),
          "4/3 median " + overhead.describe() + " vs 5/3 " + peer.describe(),
          overhead.rounds() > 1 && peer.rounds() > 1 && overhead.min() <= peer.max() && peer.min() <= overhead.max()
              ? "; the spreads overlap" : "");
      ratios.append(String.format(Locale.ROOT, "| %s | %s | %d | %s %s | %s %s | %s %s | %s | %s |%n",
          cell.client().label(), cell.scheme(), cell.threads(),
          retrofit.cell(roundsCompleted), mark(retrofit, retrofitMet),
          number(retrofitConnections, 0) + retrofitTurnover, mark(connectionsMet),
          overhead.cell(roundsCompleted), mark(overhead, overheadMet), peer.cell(roundsCompleted),
          overhead.rounds() == 0 || peer.rounds() == 0 ? "n/a" : peerMet ? "yes" : "**no**"));
    }
    body.append(ratios);
    if (!failures.isEmpty()) {
      body.append("\n**Failed runs** (left out of the medians):\n\n");
      failures.forEach(failure -> body.append("- ").append(failure).append('\n'));
    }
    body.append('\n');
    perClient(retrofitWorst, "retrofit 2/3 >= 0.90, plain and TLS", "lowest");
    perClient(connectionsWorst, "connections opened by the retrofitted app <= concurrency", "most");
    perClient(overheadWorst, "overhead 4/3 >= 0.97", "lowest");
    perClient(peerWorst, "httppool loses less than the OTel agent (4/3 > 5/3)", "worst");
  }

  /**
   * The cell of one client furthest from a target; {@code margin} < 0 is a miss by that much, {@code noise} what
   * the rounds say beside the median.
   */
  private record Worst(Benchmark.Cell cell, double margin, String figure, String noise) {
    static void keep(Map<ClientApp, Worst> worst, Benchmark.Cell cell, double margin, String figure, String noise) {
      Worst known = worst.get(cell.client());
      if (known == null || Double.isNaN(known.margin()) || margin < known.margin()) {
        worst.put(cell.client(), new Worst(cell, margin, figure, noise));
      }
    }
  }

  /** Whether the rounds agree with the verdict on the median of a ratio that should be at least {@code target}. */
  private static String noise(Stats.Spread ratio, double target) {
    if (ratio.rounds() < 2) {
      return "";
    }
    if (ratio.median() >= target) {
      return ratio.min() < target ? "; its lowest round missed" : "";
    }
    return ratio.max() >= target ? "; its best round met it (within the noise)" : "; every round missed";
  }

  /** One verdict per client: its cell furthest from the target, with the figure, met or missed by how much. */
  private void perClient(Map<ClientApp, Worst> worst, String target, String adjective) {
    worst.forEach((client, cell) -> {
      String line = target + ", " + client.label() + ": ";
      if (Double.isNaN(cell.margin())) {
        verdicts.add("- [ ] **missed**: " + line + "not measured");
        return;
      }
      line += String.format(Locale.ROOT, "%s at %s, %d threads: %s", adjective, cell.cell().scheme(),
          cell.cell().threads(), cell.figure());
      verdicts.add(cell.margin() >= 0 ? "- [x] " + line + cell.noise()
          : String.format(Locale.ROOT, "- [ ] **missed**: %s, missed by " + (adjective.equals("most") ? "%.0f" : "%.3f")
              + "%s", line, -cell.margin(), cell.noise()));
    });
  }

  void startup(Map<String, List<Double>> millis, Map<String, String> phases) {
    double none = Stats.median(millis.get(STARTUP_NONE));
    body.append("## Startup\n\n")
        .append("Wall time of a hello-world `main` in a fresh JVM (process start to exit), median of ")
        .append(millis.get(STARTUP_NONE).size()).append(" runs each, runs alternating. Exporters off for both ")
        .append("agents (`otel.metrics.exporter=none`; OTel: traces, metrics, logs `none`).\n\n")
        .append("| JVM | median ms | min ms | max ms | overhead ms | classes loaded |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    millis.forEach((name, runs) -> {
      if (!name.endsWith(CLASSES_SUFFIX)) {
        body.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s | %s |%n",
            name, Stats.median(runs), Stats.min(runs),
            Stats.max(runs), name.equals(STARTUP_NONE) ? "" : String.format(Locale.ROOT, "%.0f",
                Stats.median(runs) - none), number(Stats.median(millis.get(name + CLASSES_SUFFIX)), 0)));
      }
    });
    body.append("\nWhere httppool's startup goes (one run with `-Xlog:class+load`, JVM uptime when the first class ")
        .append("of each step loaded; the next step's stamp ends the previous one):\n\n| step | at |\n|---|---:|\n");
    phases.forEach((step, at) -> body.append("| ").append(step).append(" | ").append(at).append(" |\n"));
    body.append('\n');
    double overhead = Stats.median(millis.get(STARTUP_HTTPPOOL)) - none;
    verdicts.add(verdict(overhead <= STARTUP_TARGET_MILLIS, "startup overhead <= 150 ms median",
        String.format(Locale.ROOT, "%.0f ms, %.0f ms over (OTel agent: %.0f ms)", overhead,
            overhead - STARTUP_TARGET_MILLIS, Stats.median(millis.get(STARTUP_OTEL)) - none)));
  }

  /**
   * Time to first request per client, without and with httppool, beside the startup table: medians, and the
   * difference the agent makes.
   */
  void firstRequest(Map<ClientApp, Map<AgentKind, List<Benchmark.FirstRequest>>> times) {
    body.append("### Time to first request per family\n\n")
        .append("A fresh JVM per run that makes one POST to the plain local server, with a client made as the ")
        .append("per-request app makes it (the library's default client), and exits; median of ")
        .append(settings.firstRequestRuns()).append(settings.firstRequestRuns() == 1 ? " run" : " runs")
        .append(" per client and configuration, runs alternating, httppool's exporter off as above. First ")
        .append("response: from starting the JVM to the response read (the child's clock then against the ")
        .append("runner's when it started the JVM); exit: process wall time. With the agent, the first request ")
        .append("also pays the family's install and the telemetry start, which happen when the application ")
        .append("loads the family's first class.\n\n")
        .append("| client | first response, no agent ms | first response, httppool ms | httppool − no agent ms ")
        .append("| exit, no agent ms | exit, httppool ms | httppool − no agent ms |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    List<String> failures = new ArrayList<>();
    times.forEach((client, byAgent) -> {
      List<Benchmark.FirstRequest> none = byAgent.getOrDefault(AgentKind.NONE, List.of());
      List<Benchmark.FirstRequest> agent = byAgent.getOrDefault(AgentKind.HTTPPOOL, List.of());
      double responseNone = Stats.median(values(none, Benchmark.FirstRequest::firstResponseMillis));
      double responseAgent = Stats.median(values(agent, Benchmark.FirstRequest::firstResponseMillis));
      double exitNone = Stats.median(values(none, Benchmark.FirstRequest::processMillis));
      double exitAgent = Stats.median(values(agent, Benchmark.FirstRequest::processMillis));
      body.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", client.label(),
          number(responseNone, 0), number(responseAgent, 0), signed(responseAgent - responseNone),
          number(exitNone, 0), number(exitAgent, 0), signed(exitAgent - exitNone)));
      byAgent.forEach((kind, runs) -> runs.stream().filter(run -> run.problem() != null).forEach(run ->
          failures.add(client.label() + ", " + kind.label() + ": " + run.problem())));
    });
    if (!failures.isEmpty()) {
      body.append("\n**Failed runs** (left out of the medians):\n\n");
      failures.forEach(failure -> body.append("- ").append(failure).append('\n'));
    }
    body.append('\n');
  }

  void heap(Map<String, ChildRun> runs) {
    body.append("## Heap retained by the agent\n\n")
        .append("The hand-tuned OkHttp app (8 threads, plain), then after its last request three `System.gc()` ")
        .append("and the heap in use (MemoryMXBean); and `jcmd GC.class_histogram` (a full GC) summed over ")
        .append("classes named `io.httppool.*` (the agent's own and its relocated OpenTelemetry, Byte Buddy and ")
        .append("SLF4J classes; not the JDK objects they hold). The app keeps nothing per request, so the ")
        .append("baseline may run fewer requests.\n\n")
        .append("| run | requests | heap used after GC | io.httppool.* live bytes | instances |\n")
        .append("|---|---:|---:|---:|---:|\n");
    double baseline = Double.NaN;
    double withAgent = Double.NaN;
    for (Map.Entry<String, ChildRun> entry : runs.entrySet()) {
      String[] key = entry.getKey().split(":");
      ChildRun run = entry.getValue();
      boolean agent = AgentKind.HTTPPOOL.name().equals(key[0]);
      if (agent) {
        withAgent = run.number("heapUsedBytes");
      } else {
        baseline = run.number("heapUsedBytes");
      }
      body.append(String.format(Locale.ROOT, "| %s%s | %s | %s | %s | %s |%n",
          AgentKind.valueOf(key[0]).label(), run.succeeded() ? "" : " (FAILED: " + run.problem() + ")", key[1],
          bytes(run.number("heapUsedBytes")), agent ? bytes(run.number("agentHistogramBytes")) : "",
          agent ? number(run.number("agentHistogramInstances"), 0) : ""));
    }
    body.append(String.format(Locale.ROOT, "%nHeap used with the agent minus without: **%s**.%n%n",
        bytes(withAgent - baseline)));
  }

  void jarSize(long size) throws IOException {
    body.append("## Agent jar\n\n`agent/target/httppool-agent.jar`: **").append(bytes(size)).append("** (")
        .append(size).append(" bytes). Compressed bytes by origin:\n\n| part | compressed |\n|---|---:|\n");
    Map<String, Long> parts = new TreeMap<>();
    try (ZipFile jar = new ZipFile(settings.agentJar().toFile())) {
      for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        parts.merge(part(entry.getName()), Math.max(0, entry.getCompressedSize()), Long::sum);
      }
    }
    parts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(part -> body.append("| ").append(part.getKey()).append(" | ").append(bytes(part.getValue()))
            .append(" |\n"));
    body.append('\n');
    verdicts.add(verdict(size <= JAR_TARGET_BYTES, "agent jar <= 8 MB (MiB: 8,388,608 bytes)",
        bytes(size) + ", " + bytes(size - JAR_TARGET_BYTES) + " over"));
  }

  /** The jar's entries grouped by the library they come from. */
  private static String part(String name) {
    String[][] prefixes = {
        {"inst/io/httppool/shaded/bytebuddy/", "Byte Buddy (relocated)"},
        {"inst/io/httppool/shaded/opentelemetry/exporter/", "OpenTelemetry exporters (relocated)"},
        {"inst/io/httppool/shaded/opentelemetry/sdk/autoconfigure", "OpenTelemetry autoconfigure (relocated)"},
        {"inst/io/httppool/shaded/opentelemetry/sdk/", "OpenTelemetry SDK (relocated)"},
        {"inst/io/httppool/shaded/opentelemetry/", "OpenTelemetry API, context, common (relocated)"},
        {"inst/io/httppool/shaded/prometheus/", "Prometheus metrics (relocated)"},
        {"inst/io/httppool/shaded/slf4j/", "SLF4J (relocated)"},
        {"inst/io/httppool/agent/", "httppool agent"},
        {"io/httppool/bootstrap/", "httppool bootstrap"},
        {"inst/okhttp3/", "OkHttp (OTLP sender)"},
        {"inst/okio/", "Okio"},
        {"inst/kotlin/", "Kotlin stdlib"},
        {"inst/META-INF/", "META-INF"},
    };
    for (String[] prefix : prefixes) {
      if (name.startsWith(prefix[0])) {
        return prefix[1];
      }
    }
    return "other";
  }

  void jmh(ChildRun run) {
    body.append("## Per-acquire bookkeeping (JMH)\n\n");
    if (run == null) {
      body.append("Not run (the agent's test classes or `agent/target/bench-classpath.txt` are missing).\n\n");
      verdicts.add("- [ ] bookkeeping: not measured");
      return;
    }
    body.append("`io.httppool.agent.bench` in the agent's test sources, 1 fork, short iterations, `-prof gc`; ")
        .append("a real OpenTelemetry SDK meter with a reader.\n\n")
        .append("| benchmark | ns/op | B/op |\n|---|---:|---:|\n");
    Map<String, double[]> benchmarks = new TreeMap<>();
    for (String key : run.resultKeys()) {
      if (key.startsWith("jmh.")) {
        String name = key.substring(4, key.lastIndexOf('.'));
        double[] figures = benchmarks.computeIfAbsent(name, n -> new double[] {Double.NaN, Double.NaN});
        figures[key.endsWith(".nsPerOp") ? 0 : 1] = run.number(key);
      }
    }
    benchmarks.forEach((name, figures) -> body.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n",
        name, figures[0], figures[1])));
    if (benchmarks.isEmpty()) {
      body.append("| (no result: ").append(run.problem()).append(") | | |\n");
    }
    body.append('\n');
    double[] reuse = benchmarks.get("acquireReused");
    boolean met = reuse != null && reuse[0] <= BOOKKEEPING_NS_TARGET && reuse[1] < 0.5;
    verdicts.add(verdict(met, "bookkeeping on connection reuse <= 100 ns/op and 0 B/op",
        reuse == null ? "not measured" : String.format(Locale.ROOT, "%.1f ns/op, %.1f B/op", reuse[0], reuse[1])));
  }

  void write(long elapsedNanos) throws IOException {
    StringBuilder out = new StringBuilder("# httppool benchmark results\n\n");
    out.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n')
        .append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.home"))
        .append(")\n")
        .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ")
        .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.version"))
        .append(String.format(Locale.ROOT, ", load average (1 min) at the start %.1f, at the end %.1f (the run's own "
            + "JVMs keep about 2 busy)", loadAtStart, loadAverage()))
        .append('\n')
        .append(String.format(Locale.ROOT, "- whole run: %.1f min%n", elapsedNanos / 60e9))
        .append("- command: see src/docs/benchmark.md\n\n")
        .append("## Targets\n\n")
        .append("Each ratio (x/3) is taken within a round; a ratio target is judged on its median over the rounds, ")
        .append("given with the lowest and highest round in brackets, so that a miss within the noise shows as ")
        .append("one. Each line names the client's cell furthest from the target.\n\n");
    verdicts.forEach(line -> out.append(line).append('\n'));
    out.append('\n').append(body);
    Path analysis = settings.root().resolve(ANALYSIS);
    if (Files.exists(analysis)) {
      out.append("## Analysis (from `").append(ANALYSIS).append("`, written by hand after the run)\n\n")
          .append(Files.readString(analysis, StandardCharsets.UTF_8));
    }
    Files.createDirectories(settings.output().getParent());
    Files.writeString(settings.output(), out.toString(), StandardCharsets.UTF_8);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String verdict(boolean met, String target, String miss) {
    return met ? "- [x] " + target : "- [ ] **missed**: " + target + ": " + miss;
  }

  private static String mark(boolean met) {
    return met ? "" : "**miss**";
  }

  /** A ratio no round measured (its hand-tuned runs failed) is neither met nor missed. */
  private static String mark(Stats.Spread ratio, boolean met) {
    return ratio.rounds() == 0 ? "" : mark(met);
  }

  /**
   * Per round, a count of the variant's JVM up to the end of this cell's phase (connections it opened, or that the
   * server closed idle): the phases of one JVM run in increasing concurrency, and the connections pooled in an
   * earlier phase stay in use in later ones.
   */
  private static List<Double> cumulative(Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples,
      Benchmark.Cell cell, Variant variant, java.util.function.ToLongFunction<Benchmark.Sample> count) {
    List<Double> totals = new ArrayList<>();
    for (Map.Entry<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> entry : samples.entrySet()) {
      Benchmark.Cell other = entry.getKey();
      if (other.client() != cell.client() || !other.scheme().equals(cell.scheme())
          || other.threads() > cell.threads()) {
        continue;
      }
      List<Benchmark.Sample> runs = entry.getValue().get(variant);
      for (int round = 0; round < runs.size(); round++) {
        if (totals.size() <= round) {
          totals.add(0.0);
        }
        totals.set(round, totals.get(round) + count.applyAsLong(runs.get(round)));
      }
    }
    return totals;
  }

  /**
   * What the server saw beside the connections opened, the highest round: the most open at once, and those it
   * closed idle; empty where not counted (a table from before these counts).
   */
  private static String turnover(Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples,
      Benchmark.Cell cell, Variant variant) {
    List<Benchmark.Sample> runs = samples.get(cell).get(variant);
    List<Double> mostOpen = values(runs, s -> s.mostOpen());
    if (runs.isEmpty() || Stats.min(mostOpen) < 0) {
      return "";
    }
    return String.format(Locale.ROOT, " (%.0f at once, %.0f closed idle by the server)", Stats.max(mostOpen),
        Stats.max(cumulative(samples, cell, variant, Benchmark.Sample::closedIdle)));
  }

  private static String connections(List<Benchmark.Sample> runs) {
    List<Double> values = values(runs, s -> s.connections());
    return number(Stats.median(values), 0) + " / " + number(Stats.max(values), 0);
  }

  /** The ratio to the hand-tuned app over the rounds whose run succeeded. */
  private static Stats.Spread ratio(List<Benchmark.Sample> runs) {
    List<Double> values = new ArrayList<>();
    for (Benchmark.Sample run : runs) {
      if (run.ok()) {
        values.add(run.ratio());
      }
    }
    return Stats.Spread.of(values);
  }

  private static double median(List<Benchmark.Sample> runs, java.util.function.ToDoubleFunction<Benchmark.Sample> f) {
    List<Double> values = new ArrayList<>();
    for (Benchmark.Sample run : runs) {
      if (run.ok()) {
        values.add(f.applyAsDouble(run));
      }
    }
    return Stats.median(values);
  }

  private static <T> List<Double> values(List<T> runs, java.util.function.ToDoubleFunction<T> f) {
    List<Double> values = new ArrayList<>();
    runs.forEach(run -> values.add(f.applyAsDouble(run)));
    return values;
  }

  private static String number(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String signed(double millis) {
    return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%+.0f", millis);
  }

  private static String bytes(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f MiB", value / (1024.0 * 1024.0));
  }
}
