package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
  @TempDir Path dir;

  @Test
  void systemPropertyBeatsEnvironmentBeatsFile() throws IOException {
    Path file = write("httppool.max-connections=1", "max-connections-per-host=2", "max-idle-per-host=3");
    ConfigFixture fixture =
        new ConfigFixture()
            .property("httppool.config.file", file.toString())
            .property("httppool.max-connections", "10")
            .env("HTTPPOOL_MAX_CONNECTIONS", "20")
            .env("HTTPPOOL_MAX_CONNECTIONS_PER_HOST", "30");

    AgentConfig config = fixture.load();

    assertEquals(10, config.maxConnections());
    assertEquals(30, config.poolSettings("h", 80).maxConnectionsPerHost());
    assertEquals(3, config.poolSettings("h", 80).maxIdlePerHost());
    assertEquals(Arrays.asList(), fixture.problems);
  }

  @Test
  void fileKeysWorkWithAndWithoutPrefix() throws IOException {
    Path file = write("httppool.idle-timeout=5m", "scheduling=fifo", "log.level = debug", "okhttp.enabled=false");

    AgentConfig config = new ConfigFixture().property("httppool.config.file", file.toString()).load();

    assertEquals(300_000, config.poolSettings("h", 80).idleTimeoutMillis());
    assertEquals(Scheduling.FIFO, config.scheduling());
    assertEquals("debug", config.logLevel());
    assertFalse(config.clientEnabled("okhttp"));
  }

  @Test
  void fileCanBeNamedByEnvironment() throws IOException {
    Path file = write("max-connections=7");

    AgentConfig config = new ConfigFixture().env("HTTPPOOL_CONFIG_FILE", file.toString()).load();

    assertEquals(7, config.maxConnections());
  }

  @Test
  void missingFileIsOneLineAndOtherSourcesStillApply() {
    String missing = dir.resolve("absent.properties").toString();
    ConfigFixture fixture =
        new ConfigFixture().property("httppool.config.file", missing).env("HTTPPOOL_MAX_CONNECTIONS", "12");

    AgentConfig config = fixture.load();

    assertEquals(12, config.maxConnections());
    assertEquals(1, fixture.problems.size());
    String line = fixture.problems.get(0);
    assertTrue(line.contains(missing) && line.contains("httppool.config.file") && line.contains("no such file"), line);
  }

  @Test
  void unreadableFileIsOneLine() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.config.file", dir.toString());

    AgentConfig config = fixture.load();

    assertEquals(1, fixture.problems.size(), fixture.problems::toString);
    assertEquals(256, config.maxConnections());
  }

  @Test
  void problemsInTheFileSayWhichFile() throws IOException {
    Path file = write("idle-timeout=soon", "max-conections=5");
    ConfigFixture fixture = new ConfigFixture().property("httppool.config.file", file.toString());

    fixture.load();

    assertEquals(
        Arrays.asList(
            "unknown setting max-conections in " + file + " ignored; did you mean max-connections?",
            "idle-timeout=soon in " + file + " is not a duration (like 500ms, 30s, 5m); using 30s"),
        fixture.problems);
  }

  @Test
  void fileCannotNameAnotherFile() throws IOException {
    Path other = write("max-connections=3");
    Path file = Files.write(dir.resolve("first.properties"), Arrays.asList("config.file=" + other));
    ConfigFixture fixture = new ConfigFixture().property("httppool.config.file", file.toString());

    AgentConfig config = fixture.load();

    assertEquals(256, config.maxConnections());
    assertEquals(1, fixture.problems.size());
    assertTrue(fixture.problems.get(0).contains("config.file=" + other), fixture.problems::toString);
  }

  @Test
  void valuesAreTrimmed() {
    AgentConfig config =
        new ConfigFixture()
            .property("httppool.idle-timeout", "  10s ")
            .env("HTTPPOOL_RETRY_STALE", " FALSE\t")
            .load();

    assertEquals(10_000, config.poolSettings("h", 80).idleTimeoutMillis());
    assertFalse(config.retryStale());
  }

  @Test
  void otherPropertiesAndVariablesAreNotLookedAt() {
    ConfigFixture fixture =
        new ConfigFixture()
            .property("java.version", "8")
            .property("otel.metrics.exporter", "none")
            .property("HTTPPOOL.max-connections", "x")
            .env("PATH", "/bin")
            .env("httppool_max_connections", "x");

    fixture.load();

    assertEquals(Arrays.asList(), fixture.problems);
  }

  @Test
  void fromSystemReadsTheRunningJvm() {
    String key = "httppool.metrics.max-hosts";
    String previous = System.setProperty(key, "7");
    try {
      assertEquals(7, AgentConfig.fromSystem(line -> {}).metricsMaxHosts());
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }

  private Path write(String... lines) throws IOException {
    return Files.write(dir.resolve("httppool.properties"), Arrays.asList(lines), StandardCharsets.UTF_8);
  }
}
