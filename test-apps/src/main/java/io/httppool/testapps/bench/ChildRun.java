package io.httppool.testapps.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One child JVM: its command line, and after {@link #run} its wall time, exit code and RESULT values. */
final class ChildRun {
  private final List<String> command = new ArrayList<>();
  private final Map<String, String> results = new LinkedHashMap<>();
  private long wallNanos;
  private long startedAtMillis;
  private int exitCode = -1;
  private String output = "";

  ChildRun(List<String> jvmOptions, String classPath, String mainClass, List<String> args) {
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
  }

  /** Runs the child to completion (killing it after {@code timeoutSeconds}) and parses its RESULT lines. */
  ChildRun run(long timeoutSeconds) throws IOException, InterruptedException {
    return run(timeoutSeconds, marker -> { });
  }

  /**
   * Runs the child, handing each {@code PHASE ...} line it prints to {@code onPhase} and then answering it with
   * a line on the child's stdin (the child waits for it), so that the caller can take server counts between
   * phases. Kills the child after {@code timeoutSeconds}.
   */
  ChildRun run(long timeoutSeconds, Consumer<String> onPhase) throws IOException, InterruptedException {
    long start = System.nanoTime();
    startedAtMillis = System.currentTimeMillis();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread watchdog = new Thread(() -> {
      try {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException stopped) {
        // the child finished first
      }
    }, "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    StringBuilder all = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         Writer answers = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        all.append(line).append('\n');
        if (line.startsWith("PHASE ")) {
          onPhase.accept(line.substring(6).trim());
          answers.write("go\n");
          answers.flush();
        } else if (line.startsWith("RESULT ")) {
          int equals = line.indexOf('=');
          if (equals > 7) {
            results.put(line.substring(7, equals), line.substring(equals + 1).trim());
          }
        }
      }
    }
    boolean finished = process.waitFor(10, TimeUnit.SECONDS);
    wallNanos = System.nanoTime() - start;
    watchdog.interrupt();
    exitCode = finished ? process.exitValue() : -1;
    output = all.toString();
    return this;
  }

  boolean succeeded() {
    return exitCode == 0 && "0".equals(results.get("failures")) && agentHealthy();
  }

  /** No transformation or advice error counted by the httppool agent (-1 means it was not attached). */
  private boolean agentHealthy() {
    return !results.containsKey("agent.adviceErrors")
        || Long.parseLong(results.get("agent.adviceErrors")) <= 0
        && Long.parseLong(results.getOrDefault("agent.transformationErrors", "0")) <= 0;
  }

  String problem() {
    if (exitCode != 0) {
      String tail = output.length() > 600 ? output.substring(output.length() - 600) : output;
      return "exit " + exitCode + ": " + tail.replace('\n', ' ');
    }
    return "failures=" + results.get("failures") + " " + results.getOrDefault("firstError", "")
        + " agent errors=" + results.get("agent.transformationErrors") + "/" + results.get("agent.adviceErrors");
  }

  double number(String key) {
    String value = results.get(key);
    return value == null ? Double.NaN : Double.parseDouble(value);
  }

  java.util.Set<String> resultKeys() {
    return results.keySet();
  }

  /**
   * Milliseconds from the moment the child was started to the wall-clock time (epoch milliseconds) it printed as
   * RESULT {@code key}; NaN when it printed none.
   */
  double millisFromStart(String key) {
    return number(key) - startedAtMillis;
  }

  long wallNanos() {
    return wallNanos;
  }

  List<String> command() {
    return command;
  }
}
