package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    AgentConfig config = AgentConfig.defaults();

    assertTrue(config.eventsEnabled());
    assertEquals(0.80, config.highUtilizationThreshold(), 1e-9);
    assertEquals(30_000, config.highUtilizationDurationMillis());
    assertEquals(0.05, config.errorRateThreshold(), 1e-9);
    assertEquals(60_000, config.errorRateWindowMillis());
    assertTrue(config.jmxEnabled());
  }

  @ParameterizedTest
  @CsvSource({"90, 0.9", "90%, 0.9", "12.5%, 0.125", "0, 0", "100%, 1"})
  void percentagesWithOrWithoutTheSign(String text, double fraction) {
    ConfigFixture fixture = new ConfigFixture()
        .property("httppool.events.high-utilization-threshold", text)
        .env("HTTPPOOL_EVENTS_ERROR_RATE_THRESHOLD", text);

    AgentConfig config = fixture.load();

    assertEquals(fraction, config.highUtilizationThreshold(), 1e-9);
    assertEquals(fraction, config.errorRateThreshold(), 1e-9);
    assertEquals(Collections.emptyList(), fixture.problems);
  }

  @Test
  void durationsAndSwitches() {
    AgentConfig config = new ConfigFixture()
        .property("httppool.events.high-utilization-duration", "5s")
        .property("httppool.events.error-rate-window", "2m")
        .property("httppool.events.enabled", "false")
        .env("HTTPPOOL_JMX_ENABLED", "false")
        .load();

    assertEquals(5_000, config.highUtilizationDurationMillis());
    assertEquals(120_000, config.errorRateWindowMillis());
    assertFalse(config.eventsEnabled());
    assertFalse(config.jmxEnabled());
    assertTrue(config.describe().contains("events.error-rate-window=2m"), config.describe());
  }

  @Test
  void describePrintsPercentages() {
    AgentConfig config = new ConfigFixture().property("httppool.events.error-rate-threshold", "2.5").load();

    assertEquals("events.error-rate-threshold=2.5%", config.describe());
  }

  @ParameterizedTest
  @CsvSource({
      "httppool.events.high-utilization-threshold, 101",
      "httppool.events.high-utilization-threshold, -5",
      "httppool.events.high-utilization-threshold, 0.8.1",
      "httppool.events.error-rate-threshold, five",
      "httppool.events.error-rate-threshold, 5 %",
      "httppool.events.error-rate-window, 500ms",
      "httppool.events.high-utilization-duration, soon",
      "httppool.jmx.enabled, yes"})
  void malformedValuesKeepTheDefault(String key, String value) {
    ConfigFixture fixture = new ConfigFixture().property(key, value);

    AgentConfig config = fixture.load();

    assertEquals(1, fixture.problems.size(), () -> "problems: " + fixture.problems);
    assertTrue(fixture.problems.get(0).contains(key + "=" + value), fixture.problems.get(0));
    assertEquals(AgentConfig.defaults().describe(), config.describe());
  }

  @Test
  void misspelledEventKeyGetsAHint() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.events.error-rate-treshold", "10");

    fixture.load();

    assertEquals(1, fixture.problems.size());
    assertTrue(fixture.problems.get(0).contains("events.error-rate-threshold"), fixture.problems.get(0));
  }
}
