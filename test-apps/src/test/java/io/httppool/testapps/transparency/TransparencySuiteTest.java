package io.httppool.testapps.transparency;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.testapps.families.CrossFamily;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ResponseShapes.Shape;
import io.httppool.testapps.server.ResponseShapes;
import io.httppool.testapps.support.Background;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.support.TestServers;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential transparency suite: for each client family and JDK, one child JVM without the agent and one
 * with it run every call pattern of the family against every response shape ({@link ResponseShapes}), each cell
 * against a server of its own. Every cell must show the application the same statuses, headers, body bytes and
 * exception types, and the agent must not open more connections than the application did without it. The
 * matrices are written to {@code target/transparency.md}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@CrossFamily
class TransparencySuiteTest {
  private static final int REQUESTS_PER_CELL = 3;
  private static final Map<String, String> TABLES = new ConcurrentSkipListMap<>();

  /**
   * A client family as the suite runs it: its driver's id, the jar set its app needs (null: none), and whether its
   * servers speak TLS.
   */
  record Family(String id, String libraries, boolean tls) {
    Family(String id, String libraries) {
      this(id, libraries, false);
    }

    @Override
    public String toString() {
      return tls ? id + " over TLS" : id;
    }
  }

  // HttpURLConnection over TLS too: the agent waits for a small body differently there (the JDK sees no
  // encrypted byte as available)
  static final List<Family> FAMILIES = List.of(new Family("urlconnection", null),
      new Family("urlconnection", null, true), new Family("okhttp", JarSet.OKHTTP4.dir()),
      new Family("okhttp3", JarSet.OKHTTP3.dir()), new Family("okhttp5", JarSet.OKHTTP5.dir()),
      new Family("apache4", JarSet.APACHE45.dir()), new Family("apache4", JarSet.APACHE45.dir(), true),
      new Family("apache4-async", JarSet.APACHE4ASYNC415.dir()),
      new Family("apache5", JarSet.APACHE55.dir()), new Family("apache5", JarSet.APACHE55.dir(), true),
      new Family("apache5-async", JarSet.APACHE55.dir()),
      new Family("jdkhttp", null));

  static List<Arguments> runs() {
    // -Dtransparency.families=okhttp,apache4 runs only those (while working on one family)
    String only = System.getProperty("transparency.families", "");
    List<Arguments> runs = new ArrayList<>();
    for (Family family : FAMILIES) {
      if (!only.isBlank() && !List.of(only.split(",")).contains(family.id())) {
        continue;
      }
      for (Jdk jdk : Jdks.available()) {
        runs.add(Arguments.of(family, jdk));
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("runs")
  void everyCellReadsTheSameWithTheAgentOnNoMoreConnections(Family family, Jdk jdk) throws Exception {
    int cells = TransparencyApp.cellCount(family.id());
    UnaryOperator<LocalHttpServer.Builder> transport = builder -> family.tls()
        ? builder.tls(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN)) : builder;
    try (ResponseShapes.Servers plainServers = ResponseShapes.start(cells, transport);
        ResponseShapes.Servers agentServers = ResponseShapes.start(cells, transport)) {
      CompletableFuture<ChildJvmResult> plainRun =
          Background.start(() -> run(family, jdk, false, plainServers));
      ChildJvmResult agentRun = run(family, jdk, true, agentServers);
      ChildJvmResult withoutAgent = plainRun.join();

      List<String> without = cells(withoutAgent);
      List<String> with = cells(agentRun);
      assertEquals(cells, without.size(), withoutAgent.outputTails());
      assertEquals(cells, with.size(), agentRun.outputTails());

      List<String> differences = new ArrayList<>();
      Map<String, String> matrix = new LinkedHashMap<>();
      for (int i = 0; i < cells; i++) {
        String cell = without.get(i).split(" ")[0];
        assertEquals(cell, with.get(i).split(" ")[0], "the same cells ran in the same order");
        boolean same = without.get(i).equals(with.get(i));
        long connectionsWithout = plainServers.servers().get(i).metrics().connectionsAccepted();
        long connectionsWith = agentServers.servers().get(i).metrics().connectionsAccepted();
        if (!same) {
          differences.add(cell + " reads differently:\n  without: " + seen(withoutAgent, cell)
              + "\n  with:    " + seen(agentRun, cell));
        }
        if (connectionsWith > connectionsWithout) {
          differences.add(cell + " opened " + connectionsWith + " connections with the agent, "
              + connectionsWithout + " without");
        }
        matrix.put(cell, (same ? "same" : "**differs**") + " " + connectionsWithout + "/" + connectionsWith);
      }
      TABLES.put(family + " on " + jdk, table(matrix));
      assertAgentHealthy(agentRun);
      assertEquals(List.of(), differences, String.join("\n", differences));
    }
  }

  private static ChildJvmResult run(Family family, Jdk jdk, boolean agent, ResponseShapes.Servers servers) {
    ChildJvm jvm = ChildJvm.on(jdk).name("transparency-" + family.id() + (family.tls() ? "-tls-" : "-") + jdk
        + (agent ? "-agent" : "")).timeout(Duration.ofMinutes(4));
    if (family.tls()) {
      TestServers.trustTestCertificates(jvm);
    }
    if (agent) {
      jvm.withAgent();
    }
    if (family.libraries() != null) {
      jvm.libraries(family.libraries());
    }
    return jvm.run(TransparencyApp.class.getName(), "family=" + family.id(), "ports=" + servers.ports(),
        "scheme=" + (family.tls() ? "https" : "http"), "requests=" + REQUESTS_PER_CELL).assertSuccess();
  }

  /** The {@code id digest} of each {@code CELL} line, in the order the cells ran. */
  private static List<String> cells(ChildJvmResult result) {
    return result.stdout().lines().filter(line -> line.startsWith("CELL ")).map(line -> line.substring(5)).toList();
  }

  private static String seen(ChildJvmResult result, String cell) {
    StringBuilder text = new StringBuilder();
    String prefix = "SEEN " + cell + " ";
    result.stdout().lines().filter(line -> line.startsWith(prefix))
        .forEach(line -> text.append("\n    ").append(line.substring(prefix.length())));
    return text.toString();
  }

  /** Rows: call patterns; columns: response shapes; each entry "same c1/c2" (connections without / with). */
  private static String table(Map<String, String> matrix) {
    List<String> patterns = new ArrayList<>();
    for (String cell : matrix.keySet()) {
      String pattern = cell.substring(0, cell.indexOf('/'));
      if (!patterns.contains(pattern)) {
        patterns.add(pattern);
      }
    }
    StringBuilder text = new StringBuilder("| pattern |");
    for (Shape shape : ResponseShapes.all()) {
      text.append(' ').append(shapeName(shape)).append(" |");
    }
    text.append("\n|---|").append("---|".repeat(ResponseShapes.all().size())).append('\n');
    for (String pattern : patterns) {
      text.append("| ").append(pattern).append(" |");
      for (Shape shape : ResponseShapes.all()) {
        text.append(' ').append(matrix.getOrDefault(pattern + "/" + shapeName(shape), "-")).append(" |");
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String shapeName(Shape shape) {
    return shape.name().toLowerCase(Locale.ROOT);
  }

  @AfterAll
  static void writeMatrices() throws IOException {
    StringBuilder text = new StringBuilder("# Differential transparency suite\n\n"
        + "Each entry: whether the application read the same (statuses, headers, body bytes, exception types) "
        + "without and with the agent, then the connections the server accepted for that cell without / with "
        + "the agent (" + REQUESTS_PER_CELL + " requests per cell, a new client per request unless the pattern "
        + "keeps one, as jdkhttp's reused-client does).\n");
    TABLES.forEach((run, table) -> text.append("\n## ").append(run).append("\n\n").append(table));
    Path file = TestPaths.workDir().resolveSibling("transparency.md");
    Files.writeString(file, text);
  }
}
