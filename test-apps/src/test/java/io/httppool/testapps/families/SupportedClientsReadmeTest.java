package io.httppool.testapps.families;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's "Supported clients" table names exactly the versions the jar sets test, family by family. */
@Compatibility
class SupportedClientsReadmeTest {
  private static final Pattern TESTED = Pattern.compile("\\(tested ([^)]*)\\)");
  private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+");

  @Test
  void everyTestedVersionIsInReadmeAndReadmeClaimsNoOther() throws IOException {
    Map<String, String> versionCells = supportedClientsTable();
    List<String> problems = new ArrayList<>();
    for (ClientFamily family : ClientFamily.values()) {
      String cell = versionCells.remove(family.readmeName());
      if (cell == null) {
        problems.add("README's Supported clients table has no row \"" + family.readmeName() + "\"");
        continue;
      }
      Set<String> tested =
          JarSet.of(family).stream().map(JarSet::version).collect(Collectors.toCollection(TreeSet::new));
      Set<String> claimed = testedVersions(cell);
      Set<String> notInReadme = new TreeSet<>(tested);
      notInReadme.removeAll(claimed);
      Set<String> notTested = new TreeSet<>(claimed);
      notTested.removeAll(tested);
      if (!notInReadme.isEmpty() || !notTested.isEmpty()) {
        problems.add(family.readmeName() + ": README says \"" + cell + "\"; the jar sets test " + tested
            + (notInReadme.isEmpty() ? "" : "; add " + notInReadme + " to README's \"(tested ...)\"")
            + (notTested.isEmpty() ? "" : "; README claims " + notTested + ", which no jar set in JarSet tests"));
      }
    }
    versionCells.keySet().forEach(row -> problems.add(
        "README's Supported clients table has a row \"" + row + "\" that is no ClientFamily"));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void readsTheTestedVersionsOfACell() {
    assertEquals(Set.of("3.14.9", "5.5"), testedVersions("3.14.x, 5.x (tested 3.14.9, 5.5)"));
    assertEquals(Set.of(), testedVersions("JDK 17 and 25, http and https"));
  }

  private static Set<String> testedVersions(String cell) {
    Set<String> versions = new TreeSet<>();
    Matcher tested = TESTED.matcher(cell);
    while (tested.find()) {
      Matcher version = VERSION.matcher(tested.group(1));
      while (version.find()) {
        versions.add(version.group());
      }
    }
    return versions;
  }

  /** Each row's first cell (the client) and second (its versions). */
  private static Map<String, String> supportedClientsTable() throws IOException {
    List<String> lines = Files.readAllLines(TestPaths.readme());
    int heading = lines.indexOf("## Supported clients");
    if (heading < 0) {
      fail("no \"## Supported clients\" section in " + TestPaths.readme());
    }
    Map<String, String> rows = new LinkedHashMap<>();
    int line = heading + 1;
    while (line < lines.size() && !lines.get(line).startsWith("|")) {
      line++;
    }
    for (line += 2; line < lines.size() && lines.get(line).startsWith("|"); line++) {
      List<String> cells = Arrays.stream(lines.get(line).split("\\|")).map(String::trim).toList();
      rows.put(cells.get(1), cells.get(2));
    }
    return rows;
  }
}
