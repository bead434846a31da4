package io.httppool.testapps.support;

import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locations the build passes as system properties (see test-apps/pom.xml); the fallbacks are the same places
 * relative to the module directory, for running a test from an IDE.
 */
public final class TestPaths {

  private TestPaths() {
  }

  /** Scratch space of the end-to-end tests; created on first use. */
  public static Path workDir() {
    Path dir = fromProperty("httppool.work.dir", "target/e2e");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** The compiled classes of the test apps (test-apps/src/main). */
  public static Path appsClasses() {
    return fromProperty("httppool.apps.classes", "target/classes");
  }

  /** Parent of one directory of jars per client library version line, e.g. {@code okhttp4}. */
  public static Path libsDir() {
    return fromProperty("httppool.libs.dir", "target/libs");
  }

  /** The repository's README.md, next to the deployment assets' folder. */
  public static Path readme() {
    return fromProperty("httppool.src.dir", "../src").resolveSibling("README.md");
  }

  /** The agent's compiled classes, which the compatibility gate reads. */
  public static Path agentClasses() {
    return fromProperty("httppool.agent.classes", "../agent/target/classes");
  }

  /** The compiled classes of agent-bootstrap, which the compatibility gate reads too. */
  public static Path agentBootstrapClasses() {
    return fromProperty("httppool.agent.bootstrap.classes", "../agent-bootstrap/target/classes");
  }

  public static Path agentJar() {
    return fromProperty("httppool.agent.jar", "../agent/target/httppool-agent.jar");
  }

  /** The OpenTelemetry Java agent the build copies next to the client libraries (see test-apps/pom.xml). */
  public static Path otelAgentJar() {
    return libsDir().resolve("otel-agent").resolve("opentelemetry-javaagent.jar");
  }

  /** The shared test PKI, generated on first use by any test class (or JVM). */
  public static TestCertificates certificates() {
    return TestCertificates.in(workDir().resolve("certs"));
  }

  private static Path fromProperty(String name, String fallback) {
    return Path.of(System.getProperty(name, fallback)).toAbsolutePath().normalize();
  }
}
