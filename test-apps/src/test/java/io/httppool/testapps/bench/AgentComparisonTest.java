package io.httppool.testapps.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.TestPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two agent builds compared in one run: the order that spreads drift over both, the summary, bad arguments. */
@Harness
class AgentComparisonTest {
  private static final AgentComparison.Contender A = new AgentComparison.Contender("A", null);
  private static final AgentComparison.Contender B = new AgentComparison.Contender("B", Path.of("/b.jar"));

  @TempDir
  Path dir;

  @Test
  void theSidesAlternateSoThatNeitherAlwaysRunsFirst() {
    assertEquals(List.of(0, 1), AgentComparison.order(1));
    assertEquals(List.of(0, 1, 1, 0), AgentComparison.order(2));
    assertEquals(List.of(0, 1, 1, 0, 0, 1, 1, 0), AgentComparison.order(4));
  }

  @Test
  void theSummaryGivesMediansRangesAndBOverAWithoutTheFailedRuns() {
    String report = AgentComparison.report(List.of(
        new AgentComparison.Run(A, 18_000, 60.0, null),
        new AgentComparison.Run(B, 19_000, 58.0, null),
        new AgentComparison.Run(B, 21_000, 54.0, null),
        new AgentComparison.Run(A, 20_000, 64.0, null),
        new AgentComparison.Run(A, Double.NaN, Double.NaN, "failures=1 java.io.IOException"),
        new AgentComparison.Run(B, 22_000, 50.0, null)));

    assertTrue(report.contains("| 5 | A | failed: failures=1 java.io.IOException |"), report);
    assertTrue(report.contains("| A | 19,000 (18,000–20,000, 2 JVMs) | 62.0 (60.0–64.0, 2 JVMs) |"), report);
    assertTrue(report.contains("| B | 21,000 (19,000–22,000, 3 JVMs) | 54.0 (50.0–58.0, 3 JVMs) |"), report);
    assertTrue(report.contains("| B / A | 1.105 (ranges overlap: within this run's noise) | 0.871 (ranges apart) |"),
        report);
  }

  @Test
  void aJarThatIsNotThereIsNamedInOneLine() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> AgentComparison.Contender.parse("B", dir.resolve("missing.jar").toString()));
    assertEquals("b=" + dir.resolve("missing.jar") + ": no such file (an agent jar, or none)", bad.getMessage());
  }

  /** The real thing, small: the JDK's HttpURLConnection app without and with the built agent, one JVM each. */
  @Test
  void comparesTheAppWithoutAndWithTheAgentInRealJvms() {
    ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).name("agent-comparison").timeout(Duration.ofSeconds(150))
        .run(AgentComparison.class.getName(), "root=" + repositoryRoot(),
            "a=none", "b=" + TestPaths.agentJar(), "clients=urlconnection", "threads=2", "jvms=1",
            "settleSeconds=2", "settleMaxSeconds=2", "measureSeconds=1", "requests=3000",
            "out=" + dir.resolve("comparison.md"))
        .assertSuccess();

    String out = result.stdout();
    for (String side : List.of("A", "B")) {
      Matcher row = Pattern.compile("\\| " + side + " \\| ([0-9,]+) \\(.*\\) \\| ([0-9.]+) \\(").matcher(out);
      assertTrue(row.find(), side + " has no figures in\n" + out);
      assertTrue(Double.parseDouble(row.group(1).replace(",", "")) > 0, out);
      assertTrue(Double.parseDouble(row.group(2)) > 0, out);
    }
    assertTrue(out.contains("- B = " + TestPaths.agentJar().toAbsolutePath().normalize()), out);
    assertTrue(out.contains("| B / A | "), out);
  }

  /** {@code <root>/test-apps/target/classes}, three levels up. */
  private static Path repositoryRoot() {
    return TestPaths.appsClasses().getParent().getParent().getParent();
  }
}
