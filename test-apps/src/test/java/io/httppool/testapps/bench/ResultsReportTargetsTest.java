package io.httppool.testapps.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client of the harness is in the default run, and in every target check of the report, as the others; ratios
 * are judged on their median and shown with their spread over the rounds; the time to first request has a row per
 * client.
 */
@Harness
class ResultsReportTargetsTest {
  private static final String[] TARGETS = {
      "retrofit 2/3 >= 0.90, plain and TLS, ",
      "connections opened by the retrofitted app <= concurrency, ",
      "overhead 4/3 >= 0.97, ",
      "httppool loses less than the OTel agent (4/3 > 5/3), "};

  @TempDir
  Path dir;

  @Test
  void theDefaultRunHasEveryClientEachByItsId() {
    BenchSettings settings = BenchSettings.from(new String[] {"root=" + dir});
    assertEquals(List.of(ClientApp.values()), settings.clients());
    List<ClientApp> byId = new ArrayList<>();
    for (String id : ClientApp.ids().split(",")) {
      byId.add(ClientApp.byId(id));
    }
    assertEquals(List.of(ClientApp.values()), byId);
  }

  @Test
  void everyClientHasARowAndAVerdictPerTarget() throws IOException {
    BenchSettings settings = BenchSettings.from(new String[] {"root=" + dir, "out=report.md", "rounds=1"});
    Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples = new LinkedHashMap<>();
    for (ClientApp client : ClientApp.values()) {
      boolean missesRetrofit = client == ClientApp.APACHE5ASYNC;
      for (String scheme : List.of("http", "https")) {
        for (int threads : List.of(8, 64)) {
          Map<Variant, List<Benchmark.Sample>> variants = new EnumMap<>(Variant.class);
          variants.put(Variant.PROBLEM, oneRound(0.1, threads * 100L));
          variants.put(Variant.RETROFIT, oneRound(missesRetrofit ? 0.5 : 0.95, threads / 2));
          variants.put(Variant.LIMIT, oneRound(1, threads / 2));
          variants.put(Variant.OVERHEAD, oneRound(0.98, threads / 2));
          variants.put(Variant.PEER, oneRound(0.8, threads / 2));
          samples.put(new Benchmark.Cell(client, scheme, threads), variants);
        }
      }
    }
    String written = matrixReport(settings, 1, samples);

    List<String> problems = new ArrayList<>();
    for (ClientApp client : ClientApp.values()) {
      for (String target : TARGETS) {
        boolean missed = client == ClientApp.APACHE5ASYNC && target.equals(TARGETS[0]);
        String verdict = (missed ? "- [ ] **missed**: " : "- [x] ") + target + client.label();
        if (!written.contains(verdict)) {
          problems.add("no line `" + verdict + "`");
        }
      }
      for (String scheme : List.of("http", "https")) {
        for (Variant variant : Variant.values()) {
          String row = "| " + client.label() + " | " + scheme + " | 64 | " + variant.number() + " " + variant.label();
          if (!written.contains(row)) {
            problems.add("no row `" + row + "`");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n" + written);
  }

  @Test
  void aRatioIsItsMedianWithTheLowestAndHighestRound() {
    Stats.Spread spread = Stats.Spread.of(List.of(0.97, 0.88, Double.NaN, 0.93));
    assertEquals(0.93, spread.median());
    assertEquals("0.930 (0.880–0.970, 3 rounds)", spread.describe());
    assertEquals("0.930 (0.880–0.970)", spread.cell(3));
    assertEquals("0.930 (0.880–0.970, 3 rounds)", spread.cell(4), "a round left out is said in the cell");
    assertEquals("0.930 (1 round)", Stats.Spread.of(List.of(0.93)).describe());
    assertEquals("0.930", Stats.Spread.of(List.of(0.93)).cell(1));
    assertEquals("n/a", Stats.Spread.of(List.of(Double.NaN)).cell(1));
    assertEquals("0.900 (0.800–1.000, 2 rounds)", Stats.Spread.of(List.of(1.0, 0.8)).describe());
  }

  @Test
  void aRoundWhoseHandTunedRunFailedRatesNoRun() {
    Map<Variant, Benchmark.Sample> round = new EnumMap<>(Variant.class);
    round.put(Variant.LIMIT, run(true, 2000));
    round.put(Variant.RETROFIT, run(true, 1800));
    round.put(Variant.OVERHEAD, run(false, 1900));
    Map<Variant, Benchmark.Sample> rated = Benchmark.withRatios(round);
    assertEquals(1.0, rated.get(Variant.LIMIT).ratio());
    assertEquals(0.9, rated.get(Variant.RETROFIT).ratio(), 1e-9);
    assertTrue(Double.isNaN(rated.get(Variant.OVERHEAD).ratio()), "a failed run has no ratio");

    round.put(Variant.LIMIT, run(false, 2000));
    rated = Benchmark.withRatios(round);
    assertTrue(Double.isNaN(rated.get(Variant.RETROFIT).ratio()),
        "the failed hand-tuned run is left out of the medians, so nothing is divided by it");
    assertTrue(Double.isNaN(rated.get(Variant.LIMIT).ratio()));
  }

  private static Benchmark.Sample run(boolean ok, double rps) {
    return new Benchmark.Sample(ok, rps, 1000, 5000, 8, ok ? null : "failures=1", Double.NaN);
  }

  @Test
  void aTargetIsJudgedOnTheMedianAndItsLineSaysWhetherTheRoundsAgree() throws IOException {
    BenchSettings settings = BenchSettings.from(new String[] {"root=" + dir, "out=report.md", "rounds=3"});
    Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples = new LinkedHashMap<>();
    for (int threads : List.of(8, 64)) {
      Map<Variant, List<Benchmark.Sample>> variants = new EnumMap<>(Variant.class);
      variants.put(Variant.PROBLEM, rounds(threads * 100L, 0.10, 0.12, 0.11));
      // retrofit: one round at the target, the median below it; overhead: one round below, the median above
      variants.put(Variant.RETROFIT, rounds(threads / 2, 0.85, 0.91, 0.80));
      variants.put(Variant.LIMIT, rounds(threads / 2, 1, 1, 1));
      variants.put(Variant.OVERHEAD, rounds(threads / 2, 0.99, 0.95, 0.98));
      variants.put(Variant.PEER, rounds(threads / 2, 0.70, 0.75, 0.72));
      samples.put(new Benchmark.Cell(ClientApp.OKHTTP, "http", threads), variants);
    }
    // the 64-thread cell's overhead misses in every round: the worst cell, and no noise to blame
    samples.get(new Benchmark.Cell(ClientApp.OKHTTP, "http", 64))
        .put(Variant.OVERHEAD, rounds(32, 0.90, 0.93, 0.95));
    // over TLS the hand-tuned app failed in every round: no ratio, neither met nor missed, and no verdict rests on it
    Map<Variant, List<Benchmark.Sample>> unrated = new EnumMap<>(Variant.class);
    for (Variant variant : Variant.values()) {
      unrated.put(variant, rounds(4, Double.NaN, Double.NaN, Double.NaN));
    }
    Benchmark.Sample failed = run(false, 2000);
    unrated.put(Variant.LIMIT, List.of(failed, failed, failed));
    samples.put(new Benchmark.Cell(ClientApp.OKHTTP, "https", 8), unrated);
    String written = matrixReport(settings, 3, samples);

    List<String> expected = List.of(
        "a ratio target is judged on its median over the rounds",
        "- [ ] **missed**: retrofit 2/3 >= 0.90, plain and TLS, OkHttp 4.12: lowest at http, 8 threads: "
            + "median 0.850 (0.800–0.910, 3 rounds), missed by 0.050; its best round met it (within the noise)",
        "- [ ] **missed**: overhead 4/3 >= 0.97, OkHttp 4.12: lowest at http, 64 threads: "
            + "median 0.930 (0.900–0.950, 3 rounds), missed by 0.040; every round missed",
        "- [x] httppool loses less than the OTel agent (4/3 > 5/3), OkHttp 4.12: worst at http, 64 threads: "
            + "4/3 median 0.930 (0.900–0.950, 3 rounds) vs 5/3 0.720 (0.700–0.750, 3 rounds)",
        "| OkHttp 4.12 | http | 8 | 2 per-request + httppool | 850 | 1.00 | 5.00 | n/a | 4 / 4 "
            + "| 0.850 (0.800–0.910) |",
        "| OkHttp 4.12 | http | 8 | 0.850 (0.800–0.910) **miss** | 4  | 0.980 (0.950–0.990)  | 0.720 (0.700–0.750) "
            + "| yes |",
        "| OkHttp 4.12 | https | 8 | n/a  | 4  | n/a  | n/a | n/a |");
    for (String line : expected) {
      assertTrue(written.contains(line), "no `" + line + "` in\n" + written);
    }
  }

  @Test
  void theConnectionTargetCountsWhatWasOpenedAndShowsWhatWasOpenAtOnceAndClosedIdle() throws IOException {
    BenchSettings settings = BenchSettings.from(new String[] {"root=" + dir, "out=report.md", "rounds=1"});
    Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples = new LinkedHashMap<>();
    // at 8 threads one connection replaced one the server closed idle; at 64 the JVM opened 56 more
    samples.put(new Benchmark.Cell(ClientApp.URLCONNECTION, "https", 8), cell(9, 8, 1));
    samples.put(new Benchmark.Cell(ClientApp.URLCONNECTION, "https", 64), cell(56, 64, 2));
    String written = matrixReport(settings, 1, samples);

    List<String> expected = List.of(
        "| 9 (8 at once, 1 closed idle by the server) **miss** |",
        "| 65 (64 at once, 3 closed idle by the server) **miss** |",
        "most at https, 8 threads: 9 connections (8 at once, 1 closed idle by the server)",
        // the table's CPU per request, the median of the runs that have one (n/a above for samples without)
        "| HttpURLConnection | https | 8 | 2 per-request + httppool | 950 | 1.00 | 5.00 | 61.5 | ");
    for (String line : expected) {
      assertTrue(written.contains(line), "no `" + line + "` in\n" + written);
    }
  }

  private static Map<Variant, List<Benchmark.Sample>> cell(long retrofitOpened, int retrofitAtOnce,
      long retrofitClosedIdle) {
    Map<Variant, List<Benchmark.Sample>> variants = new EnumMap<>(Variant.class);
    for (Variant variant : Variant.values()) {
      variants.put(variant, oneRound(1, 4));
    }
    variants.put(Variant.RETROFIT, List.of(new Benchmark.Sample(true, 950, 1000, 5000, 61.54, retrofitOpened,
        retrofitAtOnce, retrofitClosedIdle, null, 0.95)));
    return variants;
  }

  @Test
  void theTimeToFirstRequestHasARowPerClientWithTheAgentsDifference() throws IOException {
    BenchSettings settings = BenchSettings.from(new String[] {"root=" + dir, "out=report.md", "firstRequestRuns=3"});
    Map<ClientApp, Map<AgentKind, List<Benchmark.FirstRequest>>> times = new LinkedHashMap<>();
    for (ClientApp client : ClientApp.values()) {
      Map<AgentKind, List<Benchmark.FirstRequest>> byAgent = new EnumMap<>(AgentKind.class);
      byAgent.put(AgentKind.NONE, List.of(firstRequest(200, 260), firstRequest(220, 250), firstRequest(180, 240)));
      byAgent.put(AgentKind.HTTPPOOL, List.of(firstRequest(500, 610), firstRequest(450, 560),
          new Benchmark.FirstRequest(Double.NaN, Double.NaN, "exit 1: boom")));
      times.put(client, byAgent);
    }
    ResultsReport report = new ResultsReport(settings);
    report.firstRequest(times);
    report.write(0);
    String written = Files.readString(settings.output(), StandardCharsets.UTF_8);

    assertTrue(written.contains("median of 3 runs per client"), written);
    for (ClientApp client : ClientApp.values()) {
      // medians: 200 and 475 (the failed run left out) to the response, 250 and 585 to the exit
      String row = "| " + client.label() + " | 200 | 475 | +275 | 250 | 585 | +335 |";
      assertTrue(written.contains(row), "no row `" + row + "` in\n" + written);
      assertTrue(written.contains("- " + client.label() + ", httppool: exit 1: boom"), written);
    }
  }

  /** The report of these samples, as written. */
  private static String matrixReport(BenchSettings settings, int rounds,
      Map<Benchmark.Cell, Map<Variant, List<Benchmark.Sample>>> samples) throws IOException {
    ResultsReport report = new ResultsReport(settings);
    report.roundsCompleted(rounds);
    report.matrix(samples);
    report.write(0);
    return Files.readString(settings.output(), StandardCharsets.UTF_8);
  }

  private static Benchmark.FirstRequest firstRequest(double responseMillis, double exitMillis) {
    return new Benchmark.FirstRequest(responseMillis, exitMillis, null);
  }

  /** One sample per round with these ratios, 1000 req/s at ratio 1. */
  private static List<Benchmark.Sample> rounds(long connections, double... ratios) {
    List<Benchmark.Sample> samples = new ArrayList<>();
    for (double ratio : ratios) {
      samples.add(new Benchmark.Sample(true, 1000 * ratio, 1000, 5000, connections, null, ratio));
    }
    return samples;
  }

  private static List<Benchmark.Sample> oneRound(double ratio, long connections) {
    return List.of(new Benchmark.Sample(true, 1000 * ratio, 1000, 5000, connections, null, ratio));
  }
}
