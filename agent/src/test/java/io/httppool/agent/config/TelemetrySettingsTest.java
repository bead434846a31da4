package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code httppool.otel.*}: OpenTelemetry settings for the agent's own SDK, apart from another agent's. */
class TelemetrySettingsTest {
  @TempDir Path dir;

  @Test
  void propertiesEnvironmentAndFileGiveOtelSettingsInTheUsualPrecedence() throws IOException {
    Path file = Files.write(dir.resolve("httppool.properties"), Arrays.asList(
        "otel.exporter.prometheus.port=9001", "httppool.otel.service.name=from-file",
        "otel.metric.export.interval=5s"), StandardCharsets.UTF_8);
    ConfigFixture fixture = new ConfigFixture()
        .property("httppool.config.file", file.toString())
        .property("httppool.otel.exporter.prometheus.port", "9465")
        .property("httppool.otel.metrics.exporter", "prometheus")
        .env("HTTPPOOL_OTEL_EXPORTER_PROMETHEUS_PORT", "9002")
        .env("HTTPPOOL_OTEL_SERVICE_NAME", "from-env");

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("otel.exporter.prometheus.port", "9465");
    expected.put("otel.metric.export.interval", "5s");
    expected.put("otel.metrics.exporter", "prometheus");
    expected.put("otel.service.name", "from-env");
    assertEquals(expected, fixture.load().telemetrySettings());
    assertEquals(Collections.emptyList(), fixture.problems, "otel settings are not unknown keys");
  }

  @Test
  void plainOtelSettingsAreLeftToTheSdk() {
    ConfigFixture fixture = new ConfigFixture()
        .property("otel.metrics.exporter", "none")
        .env("OTEL_EXPORTER_PROMETHEUS_PORT", "9464");

    assertTrue(fixture.load().telemetrySettings().isEmpty());
    assertEquals(Collections.emptyList(), fixture.problems);
  }

  @Test
  void noneByDefault() {
    assertTrue(AgentConfig.defaults().telemetrySettings().isEmpty());
  }
}
