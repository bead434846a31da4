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

/** Every client of the harness is in the default run, and in every target check of the report, as the others. */
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
    ResultsReport report = new ResultsReport(settings);
    report.roundsCompleted(1);
    report.matrix(samples);
    report.write(0);
    String written = Files.readString(settings.output(), StandardCharsets.UTF_8);

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

  private static List<Benchmark.Sample> oneRound(double ratio, long connections) {
    return List.of(new Benchmark.Sample(true, 1000 * ratio, 1000, 5000, connections, null, ratio));
  }
}
