package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    AgentConfig config = AgentConfig.defaults();

    assertTrue(config.enabled());
    for (String client : Settings.CLIENTS) {
      assertTrue(config.clientEnabled(client), client);
    }
    assertEquals(256, config.maxConnections());
    assertEquals(new PoolSettings(64, 32, 30_000, 0, 30_000, 500), config.poolSettings("example.com", 443));
    assertEquals(Scheduling.LIFO, config.scheduling());
    assertTrue(config.retryStale());
    assertEquals(0, config.leakDetectionThresholdMillis());
    assertEquals("info", config.logLevel());
    assertFalse(config.reportOnExit());
    assertEquals(100, config.metricsMaxHosts());
    assertEquals("all defaults", config.describe());
  }

  @Test
  void emptySourcesGiveTheDefaultsSilently() {
    ConfigFixture fixture = new ConfigFixture();

    AgentConfig config = fixture.load();

    assertEquals(AgentConfig.defaults().describe(), config.describe());
    assertEquals(Collections.emptyList(), fixture.problems);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", "True, true", "false, false", "FALSE, false", "fAlSe, false"})
  void booleansIgnoreCase(String text, boolean expected) {
    AgentConfig config = new ConfigFixture().property("httppool.report-on-exit", text).load();

    assertEquals(expected, config.reportOnExit());
  }

  @Test
  void disabledClientLeavesTheOthersOn() {
    AgentConfig config = new ConfigFixture().property("httppool.apache4.enabled", "false").load();

    assertFalse(config.clientEnabled("apache4"));
    assertTrue(config.clientEnabled("apache5"));
    assertTrue(config.enabled());
  }

  @Test
  void disabledAgentDisablesEveryClient() {
    AgentConfig config = new ConfigFixture().env("HTTPPOOL_ENABLED", "false").load();

    assertFalse(config.enabled());
    for (String client : Settings.CLIENTS) {
      assertFalse(config.clientEnabled(client), client);
    }
  }

  @Test
  void unknownClientNameIsACallerBug() {
    assertThrows(IllegalArgumentException.class, () -> AgentConfig.defaults().clientEnabled("netty"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "error", "warn", "info", "debug", "trace", "DEBUG"})
  void logLevels(String level) {
    AgentConfig config = new ConfigFixture().property("httppool.log.level", level).load();

    assertEquals(level.toLowerCase(), config.logLevel());
  }

  @Test
  void warningIsReadAsWarnLikeTheBootstrapLogDoes() {
    assertEquals("warn", new ConfigFixture().property("httppool.log.level", "warning").load().logLevel());
  }

  @Test
  void schedulingIgnoresCase() {
    assertEquals(Scheduling.FIFO, new ConfigFixture().property("httppool.scheduling", "FIFO").load().scheduling());
  }

  @Test
  void zeroDurationsAreAllowedWhereTheyMeanSomething() {
    ConfigFixture fixture =
        new ConfigFixture()
            .property("httppool.idle-timeout", "0")
            .property("httppool.connection-ttl", "0")
            .property("httppool.validate-after-inactivity", "0ms")
            .property("httppool.leak-detection-threshold", "0s")
            .property("httppool.max-idle-per-host", "0");

    AgentConfig config = fixture.load();

    assertEquals(new PoolSettings(64, 0, 0, 0, 30_000, 0), config.poolSettings("h", 1));
    assertEquals(Collections.emptyList(), fixture.problems);
  }

  @Test
  void describeListsOnlyNonDefaultsAndOverrides() {
    AgentConfig config =
        new ConfigFixture()
            .property("httppool.max-connections", "512")
            .property("httppool.idle-timeout", "30s")
            .property("httppool.okhttp.enabled", "false")
            .property("httppool.leak-detection-threshold", "1m")
            .env("HTTPPOOL_SCHEDULING", "fifo")
            .property("httppool.host.api.example.com:8443.idle-timeout", "5000")
            .property("httppool.host.api.example.com.max-connections-per-host", "8")
            .load();

    assertEquals(
        "okhttp.enabled=false max-connections=512 scheduling=fifo leak-detection-threshold=1m"
            + " host.api.example.com.max-connections-per-host=8 host.api.example.com:8443.idle-timeout=5s",
        config.describe());
  }

  @Test
  void describeShowsTheConfigFile() {
    AgentConfig config = new ConfigFixture().property("httppool.config.file", "/nonexistent/h.properties").load();

    assertTrue(config.describe().contains("config.file=/nonexistent/h.properties"), config.describe());
  }
}
