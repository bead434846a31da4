package io.httppool.testapps.urlconnection;

import static io.httppool.testapps.support.TestServers.trustTestCertificates;

import io.httppool.testapps.families.UrlConnectionFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The README's figures: TCP connections and wall time of the status-only app (2,000 GETs, 8 threads) with and
 * without the agent, plain and TLS, on every JDK. Not part of the suite: run with {@code -Dhttppool.measure=true};
 * writes {@code target/e2e/urlconnection-measurements.txt}.
 */
@EnabledIfSystemProperty(named = "httppool.measure", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@UrlConnectionFamily
class UrlConnectionMeasurementTest {
  private static final int REQUESTS = 2000;

  @Test
  void statusOnlyAppWithAndWithoutTheAgent() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-12s %-6s %-6s %12s %10s", "jdk", "tls", "agent", "connections", "wall ms"));
    for (Jdk jdk : Jdks.available()) {
      for (boolean tls : new boolean[] {false, true}) {
        for (boolean agent : new boolean[] {false, true}) {
          LocalHttpServer.Builder builder = LocalHttpServer.builder().maxConnections(REQUESTS + 100);
          if (tls) {
            builder.tls(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN));
          }
          try (LocalHttpServer server = builder.start()) {
            ChildJvm jvm = ChildJvm.on(jdk).withDefaultJvmOptions().name("urlconnection-measure");
            if (agent) {
              jvm.withAgent();
            }
            if (tls) {
              trustTestCertificates(jvm);
            }
            ChildJvmResult result = jvm.run(UrlConnectionApp.class.getName(), "base=" + server.url(""),
                "mode=status-only", "requests=" + REQUESTS, "threads=8").assertSuccess();
            lines.add(String.format("%-12s %-6s %-6s %12d %10d", jdk, tls, agent,
                server.metrics().connectionsAccepted(), result.duration().toMillis()));
          }
        }
      }
    }
    Path file = TestPaths.workDir().resolve("urlconnection-measurements.txt");
    Files.write(file, lines);
    lines.forEach(System.out::println);
  }
}
