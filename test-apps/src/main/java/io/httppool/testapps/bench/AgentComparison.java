package io.httppool.testapps.bench;

import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the agent (or one and none) side by side on one app: the same server, child JVMs alternating
 * between them in the order A B B A A B B A ..., so that whatever the machine does over the run falls on both
 * alike. Two committed tables measured a day apart differ by up to 0.15 in a cell; a change of a few percent shows
 * only in a comparison like this. Prints each JVM's requests/s and CPU time per request (the whole JVM's), the
 * medians with their range, and B over A; writes the same to {@code out=} if given.
 *
 * <p>Run from the repository root after {@code mvn -B -DskipTests package}, with a jar saved from the build to
 * compare against: {@code java -cp test-apps/target/classes io.httppool.testapps.bench.AgentComparison
 * a=/tmp/before.jar b=agent/target/httppool-agent.jar clients=apache4 schemes=http threads=8 app=hand-tuned jvms=4}.
 * {@code a=none} measures the app without an agent. Settle and measurement are the benchmark's arguments
 * (defaults here: {@code settleSeconds=25 measureSeconds=8 requests=2000000 warmup=0}); see src/docs/benchmark.md.
 */
final class AgentComparison {
  private static final long CHILD_TIMEOUT_SECONDS = 240;
  private static final List<String> DEFAULTS =
      List.of("settleSeconds=25", "measureSeconds=8", "requests=2000000", "warmup=0", "threads=8",
          "clients=apache4", "schemes=http");

  private AgentComparison() {}

  /** One side of the comparison: an agent jar, or none. */
  record Contender(String letter, Path jar) {
    static Contender parse(String letter, String value) {
      if ("none".equals(value)) {
        return new Contender(letter, null);
      }
      Path jar = Path.of(value).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(letter.toLowerCase(Locale.ROOT) + "=" + value
            + ": no such file (an agent jar, or none)");
      }
      return new Contender(letter, jar);
    }

    String describe() {
      return letter + " = " + (jar == null ? "no agent" : jar.toString());
    }

    List<String> jvmOptions() throws IOException {
      return jar == null ? List.of() : AgentKind.httppoolOptions(jar);
    }
  }

  /** One child JVM's measured phase; NaN figures when it failed, and then {@code problem} says why. */
  record Run(Contender contender, double rps, double cpuMicrosPerRequest, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  public static void main(String[] args) throws Exception {
    try {
      compare(args);
    } catch (IllegalArgumentException badArgument) {
      System.err.println("AgentComparison: " + badArgument.getMessage());
      System.exit(2);
    } catch (IllegalStateException nothingMeasured) {
      System.err.println("AgentComparison: " + nothingMeasured.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  private static void compare(String[] args) throws Exception {
    List<String> all = new ArrayList<>(DEFAULTS);
    all.addAll(List.of(args));
    String[] arguments = all.toArray(String[]::new);
    AppArgs named = new AppArgs(arguments);
    BenchSettings settings = BenchSettings.from(arguments);
    Contender a = Contender.parse("A", named.require("a"));
    Contender b = Contender.parse("B", named.require("b"));
    boolean perRequest = "per-request".equals(named.get("app", "hand-tuned"));
    int jvmsEach = named.getInt("jvms", 4);
    if (jvmsEach < 1) {
      throw new IllegalArgumentException("jvms=" + jvmsEach + ": at least 1 JVM per side");
    }
    ClientApp client = settings.clients().get(0);
    String scheme = settings.schemes().get(0);
    int threads = settings.threads().get(0);

    String setup = String.format(Locale.ROOT,
        "%s, %s, %s app, %d threads; %s each, in the order %s; each settles at least %s s (until its JIT is "
            + "quiet, at most %s s), then measures %s s",
        client.label(), scheme, perRequest ? "per-request" : "hand-tuned", threads, jvms(jvmsEach),
        orderText(order(jvmsEach)), fmt(settings.settleSeconds()), fmt(settings.settleMaxSeconds()),
        fmt(settings.measureSeconds()));
    double loadAtStart = loadAverage();
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    System.out.println(setup);

    Files.createDirectories(settings.workDir());
    TestCertificates certificates = "https".equals(scheme)
        ? TestCertificates.in(settings.workDir().resolve("certificates")) : null;
    List<Run> runs = new ArrayList<>();
    try (LocalHttpServer server = Benchmark.server(certificates)) {
      for (int side : order(jvmsEach)) {
        Contender contender = side == 0 ? a : b;
        List<String> jvm = Benchmark.loadJvmOptions(contender.jvmOptions(), certificates);
        List<String> appArgs = settings.appArguments(server.url("/echo"), perRequest, List.of(threads));
        ChildRun child = new ChildRun(jvm, client.classPath(settings), client.mainClass(), appArgs)
            .run(CHILD_TIMEOUT_SECONDS);
        Run run = child.succeeded()
            ? new Run(contender, child.number("rps"), child.number("cpuMicrosPerRequest"), null)
            : new Run(contender, Double.NaN, Double.NaN, child.problem());
        runs.add(run);
        System.out.println(String.format(Locale.ROOT, "  %s  %9.0f req/s  %7.1f us CPU per request%s",
            contender.letter(), run.rps(), run.cpuMicrosPerRequest(), run.ok() ? "" : "  FAILED " + run.problem()));
      }
    }
    String header = "# Agent comparison\n\n" + setup + ". Started " + started + ", load average "
        + fmt(loadAtStart) + " at the start and " + fmt(loadAverage()) + " at the end (" + cores()
        + " cores; the end counts this run's own threads: the app's, the server's).\n\n- " + a.describe()
        + "\n- " + b.describe() + "\n\n";
    String report = header + report(runs);
    System.out.println();
    System.out.println(report);
    String out = named.get("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), report, StandardCharsets.UTF_8);
    }
    for (Contender side : List.of(a, b)) {
      if (runs.stream().noneMatch(run -> run.contender() == side && run.ok())) {
        throw new IllegalStateException("no JVM of " + side.describe() + " completed its run");
      }
    }
  }

  /** 0 for A, 1 for B: A B B A, repeated, so that neither side always runs first or after the other. */
  static List<Integer> order(int jvmsEach) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 2 * jvmsEach; i++) {
      order.add(i % 4 == 0 || i % 4 == 3 ? 0 : 1);
    }
    return order;
  }

  private static String orderText(List<Integer> order) {
    StringBuilder text = new StringBuilder();
    for (int side : order) {
      text.append(text.length() == 0 ? "" : " ").append(side == 0 ? 'A' : 'B');
    }
    return text.toString();
  }

  /** Each JVM's figures, then per side the median (range) and B over A of the medians. */
  static String report(List<Run> runs) {
    StringBuilder text = new StringBuilder("| JVM | agent | req/s | CPU µs per request |\n|---:|---|---:|---:|\n");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      text.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", i + 1, run.contender().letter(),
          run.ok() ? String.format(Locale.ROOT, "%,.0f", run.rps()) : "failed: " + run.problem(),
          run.ok() ? String.format(Locale.ROOT, "%.1f", run.cpuMicrosPerRequest()) : ""));
    }
    Side a = Side.of(runs, "A");
    Side b = Side.of(runs, "B");
    text.append("\n| | req/s: median (lowest–highest) | CPU µs per request: median (lowest–highest) |\n")
        .append("|---|---|---|\n")
        .append("| A | ").append(range(a.rps, "%,.0f")).append(" | ").append(range(a.cpu, "%.1f")).append(" |\n")
        .append("| B | ").append(range(b.rps, "%,.0f")).append(" | ").append(range(b.cpu, "%.1f")).append(" |\n")
        .append(String.format(Locale.ROOT, "| B / A | %.3f%s | %.3f%s |%n",
            b.rps.median() / a.rps.median(), overlapText(a.rps, b.rps),
            b.cpu.median() / a.cpu.median(), overlapText(a.cpu, b.cpu)));
    return text.toString();
  }

  private static String overlapText(Stats.Spread a, Stats.Spread b) {
    if (a.rounds() == 0 || b.rounds() == 0) {
      return "";
    }
    boolean overlap = a.min() <= b.max() && b.min() <= a.max();
    return overlap ? " (ranges overlap: within this run's noise)" : " (ranges apart)";
  }

  /** {@code 21,000 (19,000–22,000, 3 JVMs)}: the median, the lowest and highest JVM, how many JVMs. */
  private static String range(Stats.Spread figure, String format) {
    if (figure.rounds() == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, format + " (" + format + "–" + format + ", %s)", figure.median(),
        figure.min(), figure.max(), jvms(figure.rounds()));
  }

  /** The figures of one side's JVMs that succeeded; a {@link Stats.Spread}'s rounds are JVMs here. */
  private record Side(Stats.Spread rps, Stats.Spread cpu) {
    static Side of(List<Run> runs, String letter) {
      List<Run> mine = runs.stream().filter(run -> run.contender().letter().equals(letter) && run.ok()).toList();
      return new Side(Stats.Spread.of(mine.stream().map(Run::rps).toList()),
          Stats.Spread.of(mine.stream().map(Run::cpuMicrosPerRequest).toList()));
    }
  }

  private static String jvms(int count) {
    return count + (count == 1 ? " JVM" : " JVMs");
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.1f", value);
  }
}
