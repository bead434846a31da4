package io.httppool.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.AgentCore;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.okhttp.OkHttpApp;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's private OpenTelemetry SDK: every exporter starts, and metrics carry the contract's names and units. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@AgentCore
class TelemetryTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"otlp:http/protobuf", "otlp:grpc", "prometheus", "logging", "none"})
  void everyStandardExporterStarts(String exporter) {
    String[] parts = exporter.split(":");
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("exporter-" + parts[0])
          .systemProperty("otel.metrics.exporter", parts[0])
          .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
          .systemProperty("otel.exporter.prometheus.port", "0");
      if (parts.length > 1) {
        // nothing listens there: the export fails, quietly, and the application does not notice
        jvm.systemProperty("otel.exporter.otlp.protocol", parts[1])
            .systemProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:1");
      }
      ChildJvmResult result = jvm.run(OkHttpApp.class.getName(), "url=" + server.url("/echo"), "requests=50",
          "threads=2").assertSuccess();

      assertFalse(result.stderr().contains("metrics are off"), result.stderr());
      assertFalse(result.stderr().contains("Exception"), result.stderr());
    }
  }

  @Test
  void metricsHaveTheContractsNamesAndUnits() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("contract-names")
          .systemProperty("otel.metrics.exporter", "logging")
          // the default interval is a minute: what prints is the flush at exit
          .run(OkHttpApp.class.getName(), "url=" + server.url("/echo"), "requests=50", "threads=2")
          .assertSuccess();

      String exported = result.stderr();
      for (List<String> nameAndUnit : List.of(
          List.of("http.client.open_connections", "{connection}"),
          List.of("http.client.request.duration", "s"),
          List.of("httppool.connection.acquires", "{acquire}"))) {
        assertTrue(exported.contains("name=" + nameAndUnit.get(0) + ","), nameAndUnit + " missing in\n" + exported);
        assertTrue(exported.matches("(?s).*name=" + java.util.regex.Pattern.quote(nameAndUnit.get(0))
            + ", description=[^\\n]*, unit=" + java.util.regex.Pattern.quote(nameAndUnit.get(1)) + ",.*"),
            nameAndUnit + " has another unit in\n" + exported);
      }
      assertTrue(exported.contains("telemetry.distro.name=\"httppool-agent\"")
          || exported.contains("telemetry.distro.name=httppool-agent"), exported);
      assertTrue(exported.contains("[httppool] telemetry:"), "exporter output goes through the agent log");
    }
  }
}
