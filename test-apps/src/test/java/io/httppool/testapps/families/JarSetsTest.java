package io.httppool.testapps.families;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The list in {@link JarSet} and the jar sets the build copies (test-apps/pom.xml) say the same. */
@Compatibility
class JarSetsTest {
  /** Sets under target/libs that hold no client library version: frameworks, benchmark, isolation, peer agent. */
  private static final List<String> OTHER_SETS = List.of("isolation", "bench-", "fw-", "otel-agent");

  @Test
  void everySetHoldsItsLibraryAtTheListedVersion() throws IOException {
    List<String> problems = new ArrayList<>();
    for (JarSet set : JarSet.values()) {
      if (!Files.isDirectory(set.path())) {
        problems.add(set + ": no directory " + set.path() + " (add its execution to test-apps/pom.xml)");
        continue;
      }
      try (Stream<Path> jars = Files.list(set.path())) {
        String suffix = "-" + set.version() + ".jar";
        if (jars.noneMatch(jar -> jar.getFileName().toString().endsWith(suffix))) {
          problems.add(set + ": no jar *" + suffix + " in " + set.path());
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyClientLibrarySetTheBuildCopiesIsListed() throws IOException {
    List<String> listed = Arrays.stream(JarSet.values()).map(JarSet::dir).toList();
    try (Stream<Path> dirs = Files.list(TestPaths.libsDir())) {
      List<String> unlisted = dirs.map(dir -> dir.getFileName().toString())
          .filter(name -> !listed.contains(name) && OTHER_SETS.stream().noneMatch(name::startsWith))
          .sorted().toList();
      assertTrue(unlisted.isEmpty(), "jar sets in " + TestPaths.libsDir() + " missing from JarSet: " + unlisted);
    }
  }
}
