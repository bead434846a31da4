package io.httppool.testapps.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the agent's startup time goes: one hello-world run with {@code -Xlog:class+load} and JVM-uptime stamps,
 * reduced to the moment the first class of each step was loaded, and the classes loaded per origin.
 */
final class StartupPhases {
  /**
   * Steps of the agent's start, each marked by the first class it loads; the telemetry and Byte Buddy steps run
   * only when the application loads a class of a client family, so a hello-world does not show them.
   */
  private static final String[][] MARKERS = {
      {"premain entered", "io.httppool.bootstrap.HttpPoolAgent "},
      {"families registered, each installed on its first class load", "io.httppool.agent.FamilyActivation "},
      {"telemetry: OpenTelemetry SDK autoconfigure", "io.httppool.agent.metrics.Telemetry "},
      {"pool metrics", "io.httppool.agent.metrics.PoolMetrics "},
      {"Byte Buddy AgentBuilder built", "io.httppool.shaded.bytebuddy.agent.builder.AgentBuilder$Default "},
      {"instrumentation modules", "io.httppool.agent.instrumentation.okhttp.OkHttpInstrumentation "},
      {"application main class", "io.httppool.testapps.bench.HelloWorld "},
  };

  private StartupPhases() {}

  static Map<String, String> measure(BenchSettings settings) throws Exception {
    Path log = Files.createTempFile(settings.workDir(), "class-load-", ".log");
    try {
      new ChildRun(List.of("-Xlog:class+load:file=" + log + ":uptime", "-javaagent:" + settings.agentJar(),
          "-Dotel.metrics.exporter=none"), settings.appClasses().toString(), HelloWorld.class.getName(), List.of())
          .run(120);
      return summarize(Files.readAllLines(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Map<String, String> summarize(List<String> lines) {
    Map<String, String> phases = new LinkedHashMap<>();
    int byteBuddy = 0;
    int openTelemetry = 0;
    int agent = 0;
    for (String line : lines) {
      for (String[] marker : MARKERS) {
        if (!phases.containsKey(marker[0]) && line.contains("] " + marker[1])) {
          phases.put(marker[0], line.substring(line.indexOf('[') + 1, line.indexOf(']')));
        }
      }
      byteBuddy += line.contains("io.httppool.shaded.bytebuddy.") ? 1 : 0;
      openTelemetry += line.contains("io.httppool.shaded.opentelemetry.") ? 1 : 0;
      agent += line.contains("] io.httppool.") ? 1 : 0;
    }
    phases.put("classes loaded in all", Integer.toString(lines.size()));
    phases.put("of them the agent's (io.httppool.*)", Integer.toString(agent));
    phases.put("of them Byte Buddy", Integer.toString(byteBuddy));
    phases.put("of them OpenTelemetry", Integer.toString(openTelemetry));
    return phases;
  }
}
