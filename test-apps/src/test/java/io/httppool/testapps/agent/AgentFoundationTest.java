package io.httppool.testapps.agent;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.Echo;
import io.httppool.testapps.Workload;
import io.httppool.testapps.agent.UrlsWithoutConnectionsApp;
import io.httppool.testapps.bench.HelloWorld;
import io.httppool.testapps.families.AgentCore;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.isolation.IsolationApp;
import io.httppool.testapps.okhttp.OkHttpApp;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent as a whole: isolation, configuration, telemetry and packaging, with the real jar in a child JVM. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@AgentCore
class AgentFoundationTest {
  private static final String OKHTTP_APP = OkHttpApp.class.getName();

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void anAppWithItsOwnByteBuddyOpenTelemetrySlf4jAndOkHttpRunsUnchanged(Jdk jdk) {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult result = ChildJvm.on(jdk).withAgent().libraries("isolation").libraries(JarSet.OKHTTP4)
          .name("isolation-" + jdk).run(IsolationApp.class.getName(), "url=" + server.url("/echo"), "requests=200")
          .assertSuccess();

      assertEquals("true", result.result("bytebuddy"));
      assertEquals("byte-buddy-1.14.18.jar", result.result("bytebuddy.jar"));
      assertEquals("3", result.result("otel.global.counter"), "the app's own global OpenTelemetry");
      assertEquals("opentelemetry-sdk-1.44.1.jar", result.result("otel.jar"));
      assertEquals("org.slf4j.impl.SimpleLoggerFactory", result.result("slf4j.factory"));
      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Workload.expectedEchoDigest(200), result.result("digest"));
      assertAgentHealthy(result);
      assertTrue(server.metrics().connectionsAccepted() <= 2, server.metrics().connectionsAccepted() + " connections");
      assertTrue(result.stderr().contains("hello from the application's own SLF4J binding"), result.stderr());
      assertTrue(result.stderr().contains("[httppool] httppool-agent"), result.stderr());
      assertFalse(result.stderr().contains("SLF4J:"), "SLF4J complained:\n" + result.stderr());
    }
  }

  /** Pay per family used: premain registers the families, and installs none of them, for an app that uses none. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void anApplicationWithoutHttpClientLoadsNeitherByteBuddyNorTheSdk(Jdk jdk) {
    ChildJvmResult result = ChildJvm.on(jdk).withAgent().name("no-client-" + jdk.name().toLowerCase())
        .jvmArgument("-verbose:class")
        .run(HelloWorld.class.getName()).assertSuccess();

    assertTrue(result.stdout().contains("io.httppool.agent.FamilyActivation "), "the agent started");
    assertFalse(result.stdout().contains("io.httppool.shaded.bytebuddy.agent.builder.AgentBuilder$Default "),
        "Byte Buddy's agent builder loaded");
    assertFalse(result.stdout().contains("io.httppool.shaded.opentelemetry.sdk."), "the OpenTelemetry SDK loaded");
  }

  /**
   * Pay per family used: URLs made without a connection opened, as every TLS-using application makes one when the
   * JDK checks its cryptography providers, install no family.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.support.Jdks#available")
  void anApplicationThatMakesUrlsButOpensNoConnectionLoadsNoByteBuddy(Jdk jdk) {
    ChildJvmResult result = ChildJvm.on(jdk).withAgent().name("urls-only-" + jdk.name().toLowerCase())
        .jvmArgument("-verbose:class")
        .run(UrlsWithoutConnectionsApp.class.getName()).assertSuccess();

    assertEquals("http,https", result.result("urls"));
    assertTrue(result.stdout().contains("javax.crypto.JceSecurity "), "the JDK checked its providers");
    assertTrue(result.stdout().contains("sun.net.www.protocol.http.Handler "), "a URL's handler loaded");
    assertFalse(result.stdout().contains("io.httppool.shaded.bytebuddy.agent.builder.AgentBuilder$Default "),
        "Byte Buddy's agent builder loaded");
  }

  @Test
  void disabledTheAgentTransformsNothing() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("disabled")
          .systemProperty("httppool.enabled", "false").systemProperty("httppool.log.level", "debug")
          .run(OKHTTP_APP, "url=" + server.url("/echo"), "requests=100", "threads=4").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(100), result.result("digest"));
      assertEquals(100, server.metrics().connectionsAccepted(), "no pooling when disabled");
      assertTrue(result.stderr().contains("disabled by httppool.enabled=false"), result.stderr());
      assertFalse(result.stderr().contains("instrumented"), result.stderr());
    }
  }

  @Test
  void badSettingsFallBackToDefaultsWithOneLineEach() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("bad-settings")
          .systemProperty("httppool.max-connections", "lots")
          .systemProperty("httppool.idle-timeout", "-5s")
          .environment("HTTPPOOL_RETRY_STALE", "maybe")
          .systemProperty("httppool.max-conections", "10")
          .run(OKHTTP_APP, "url=" + server.url("/echo"), "requests=200", "threads=4").assertSuccess();

      assertEquals(Workload.expectedEchoDigest(200), result.result("digest"));
      assertAgentHealthy(result);
      assertTrue(server.metrics().connectionsAccepted() <= 8, "still pooled");
      for (String named : new String[] {"httppool.max-connections=lots", "httppool.idle-timeout=-5s",
          "HTTPPOOL_RETRY_STALE=maybe", "httppool.max-conections"}) {
        long lines = result.stderr().lines().filter(line -> line.contains(named)).count();
        assertEquals(1, lines, "one line naming " + named + " in\n" + result.stderr());
      }
    }
  }

  @Test
  void refusesToStartFromAnUberJar() throws IOException {
    Path uberJar = TestPaths.workDir().resolve("app-with-agent-unpacked.jar");
    writeUberJar(uberJar);
    ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().classpath(uberJar).name("uber-jar")
        .run(Echo.class.getName()).assertSuccess();

    assertEquals("true", result.result("ok"));
    assertTrue(result.stderr().contains("was it unpacked into another jar?"), result.stderr());
    assertEquals(1, result.stderr().lines().filter(line -> line.startsWith("[httppool]")).count(), result.stderr());
  }

  /** An application jar that unpacked the agent jar into itself: the agent's classes, no Premain-Class. */
  private static void writeUberJar(Path target) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Echo.class.getName());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest);
        JarFile agent = new JarFile(TestPaths.agentJar().toFile())) {
      for (Enumeration<JarEntry> entries = agent.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = agent.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }

  @Test
  void theAgentsOwnExportTrafficIsNeverCounted() {
    try (LocalHttpServer receiver = LocalHttpServer.builder()
            .route("POST", "/v1/metrics", request -> ServerResponse.bytes(200, "application/x-protobuf", new byte[0]))
            .start();
        LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("otlp-export");
      Path metrics = PrometheusScrape.exportTo(jvm, "otlp-export");
      jvm.systemProperty("otel.metrics.exporter", "otlp,prometheus")
          .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
          .systemProperty("otel.exporter.otlp.metrics.endpoint", receiver.url("/v1/metrics"))
          .systemProperty("otel.metric.export.interval", "100");

      jvm.run(OKHTTP_APP, "url=" + server.url("/echo"), "requests=1000", "threads=4").assertSuccess();

      assertTrue(receiver.metrics().requestsServed() >= 1, "the receiver got no export");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertTrue(scrape.sum("httppool_connection_acquires_total", "server_port", Integer.toString(server.port())) > 0);
      assertFalse(scrape.text().contains("server_port=\"" + receiver.port() + "\""), scrape.text());
    }
  }

  @Test
  void metricsAreFlushedAtExit() {
    try (LocalHttpServer collector = LocalHttpServer.builder()
            .route("POST", "/v1/metrics", request -> ServerResponse.bytes(200, "application/x-protobuf", new byte[0]))
            .start();
        LocalHttpServer server = LocalHttpServer.start()) {
      // the default export interval is a minute: only the flush at exit can deliver these metrics
      ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("flush-at-exit")
          .systemProperty("otel.metrics.exporter", "otlp")
          .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
          .systemProperty("otel.exporter.otlp.metrics.endpoint", collector.url("/v1/metrics"))
          .run(OKHTTP_APP, "url=" + server.url("/echo"), "requests=20", "threads=2").assertSuccess();

      assertEquals(1, collector.metrics().requestsServed());
    }
  }

  @Test
  void aHangingCollectorDelaysExitByAboutASecondAtMost() {
    CountDownLatch released = new CountDownLatch(1);
    try (LocalHttpServer collector = LocalHttpServer.builder()
            .route("POST", "/v1/metrics", request -> {
              released.await(30, TimeUnit.SECONDS);
              return ServerResponse.bytes(200, "application/x-protobuf", new byte[0]);
            })
            .start();
        LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvmResult[] runs = new ChildJvmResult[2];
      for (int withAgent = 0; withAgent < 2; withAgent++) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.OKHTTP4).name("hanging-collector-" + withAgent)
            .systemProperty("otel.metrics.exporter", "otlp")
            .systemProperty("otel.exporter.otlp.protocol", "http/protobuf")
            .systemProperty("otel.exporter.otlp.metrics.endpoint", collector.url("/v1/metrics"));
        if (withAgent == 1) {
          jvm.withAgent();
        }
        runs[withAgent] = jvm.run(OKHTTP_APP, "url=" + server.url("/echo"), "requests=20", "threads=2")
            .assertSuccess();
      }
      released.countDown();
      // measured from the app's last line, so that a loaded machine's slow startup does not count
      Duration extra = runs[1].exitDelay().minus(runs[0].exitDelay());
      assertTrue(extra.compareTo(Duration.ofSeconds(4)) < 0,
          "exit took " + runs[1].exitDelay() + " with the agent, " + runs[0].exitDelay() + " without");
    }
  }
}
