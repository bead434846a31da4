package io.httppool.testapps.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Echo;
import io.httppool.testapps.families.Harness;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

@Timeout(180)
@Harness
class ChildJvmTest {

  @ParameterizedTest
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void runsAMainOfTheTestAppsOnEachJdk(Jdk jdk) {
    ChildJvmResult result = ChildJvm.on(jdk)
        .systemProperty("probe.property", "from the harness")
        .environment("PROBE_VARIABLE", "also from the harness")
        .run(Echo.class.getName(), "prop:probe.property", "env:PROBE_VARIABLE")
        .assertSuccess();

    Map<String, String> results = result.results();
    assertEquals("true", results.get("ok"));
    assertEquals(Integer.toString(jdk.featureVersion()), results.get("java.specification.version"));
    assertTrue(results.get("java.version").startsWith(Integer.toString(jdk.featureVersion())));
    assertEquals("from the harness", results.get("prop.probe.property"));
    assertEquals("also from the harness", result.result("env.PROBE_VARIABLE"));
  }

  @Test
  void jdk17IsAlwaysAvailable() {
    assertTrue(Jdks.available().contains(Jdk.JDK_17));
  }

  @Test
  void capturesExitCodeAndBothStreamsToFiles() throws Exception {
    ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).name("exit code probe")
        .run(Echo.class.getName(), "stderr:something went wrong", "exit:3");

    assertEquals(3, result.exitCode());
    assertEquals("something went wrong\n", result.stderr());
    assertEquals(result.stdout(), Files.readString(result.outputDirectory().resolve("stdout.txt")));
    assertTrue(result.outputDirectory().startsWith(TestPaths.workDir()));
    AssertionFailedError failure = assertThrows(AssertionFailedError.class, result::assertSuccess);
    assertTrue(failure.getMessage().contains("something went wrong"), failure.getMessage());
  }

  @Test
  void killsAChildThatOutlivesItsTimeoutAndShowsItsOutput() {
    ChildJvm hanging = ChildJvm.on(Jdk.JDK_17).timeout(Duration.ofSeconds(5));

    AssertionFailedError failure = assertThrows(AssertionFailedError.class,
        () -> hanging.run(Echo.class.getName(), "hang"));

    assertTrue(failure.getMessage().contains("did not finish within"), failure.getMessage());
    assertTrue(failure.getMessage().contains("RESULT ok=true"), failure.getMessage());
  }

  @Test
  void refusesAnAgentJarThatDoesNotExist() {
    ChildJvm jvm = ChildJvm.on(Jdk.JDK_17);

    assertThrows(IllegalStateException.class, () -> jvm.withAgent(TestPaths.workDir().resolve("missing.jar")));
  }
}
