package io.httppool.testapps.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which agent a child JVM runs with, and the flags that attach it. */
enum AgentKind {
  NONE("no agent"),
  HTTPPOOL("httppool"),
  OTEL("OTel agent 2.21.0");

  private final String label;

  AgentKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /**
   * httppool runs with the Prometheus exporter on a free port: its instruments record into real SDK storage, and
   * nothing is exported unless scraped. The OTel agent runs with every exporter off, so it does no export I/O but
   * still instruments (and creates spans for) every call.
   */
  List<String> jvmOptions(BenchSettings settings) throws IOException {
    List<String> options = new ArrayList<>();
    switch (this) {
      case HTTPPOOL:
        options.addAll(httppoolOptions(settings.agentJar()));
        break;
      case OTEL:
        options.add("-javaagent:" + settings.otelAgentJar());
        options.add("-Dotel.traces.exporter=none");
        options.add("-Dotel.metrics.exporter=none");
        options.add("-Dotel.logs.exporter=none");
        options.add("-Dotel.javaagent.logging=none");
        break;
      default:
        break;
    }
    return options;
  }

  /** An httppool agent jar, as {@link #HTTPPOOL} attaches the built one. */
  static List<String> httppoolOptions(Path agentJar) throws IOException {
    return List.of("-javaagent:" + agentJar, "-Dotel.metrics.exporter=prometheus",
        "-Dotel.exporter.prometheus.host=127.0.0.1", "-Dotel.exporter.prometheus.port=" + freePort());
  }

  /**
   * The agent with every exporter off, for the startup measurements: nothing is exported or served, so no exporter
   * start or exit flush is counted.
   */
  List<String> exportersOffOptions(BenchSettings settings) throws IOException {
    if (this == HTTPPOOL) {
      return List.of("-javaagent:" + settings.agentJar(), "-Dotel.metrics.exporter=none");
    }
    return jvmOptions(settings);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
