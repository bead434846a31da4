package io.httppool.testapps.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a finished child JVM left behind. Output is also kept in files under {@link #outputDirectory()}. */
public final class ChildJvmResult {

  private static final String RESULT_PREFIX = "RESULT ";
  private static final int TAIL_LINES = 40;

  private final String description;
  private final int exitCode;
  private final String stdout;
  private final String stderr;
  private final Path outputDirectory;
  private final Duration duration;
  private final long exitedAtEpochMillis;

  ChildJvmResult(String description, int exitCode, String stdout, String stderr, Path outputDirectory,
           Duration duration, long exitedAtEpochMillis) {
    this.description = description;
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.outputDirectory = outputDirectory;
    this.duration = duration;
    this.exitedAtEpochMillis = exitedAtEpochMillis;
  }

  public int exitCode() {
    return exitCode;
  }

  public String stdout() {
    return stdout;
  }

  public String stderr() {
    return stderr;
  }

  /** Holds {@code command.txt}, {@code stdout.txt} and {@code stderr.txt}. */
  public Path outputDirectory() {
    return outputDirectory;
  }

  public Duration duration() {
    return duration;
  }

  /**
   * How long the JVM took to exit after the app's {@code AppReport.finish()}: its shutdown, the agent's final
   * export included, and nothing of its startup.
   */
  public Duration exitDelay() {
    return Duration.ofMillis(exitedAtEpochMillis - Long.parseLong(result("finishedAtEpochMillis")));
  }

  /**
   * Every {@code RESULT key=value} line of stdout, in order; the value is everything after the first
   * {@code =}. A key printed twice keeps its last value.
   */
  public Map<String, String> results() {
    Map<String, String> results = new LinkedHashMap<>();
    for (String line : stdout.lines().toList()) {
      if (!line.startsWith(RESULT_PREFIX)) {
        continue;
      }
      String entry = line.substring(RESULT_PREFIX.length());
      int eq = entry.indexOf('=');
      if (eq > 0) {
        results.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return Collections.unmodifiableMap(results);
  }

  /** The value of a RESULT key; fails the test, showing the output, if the app did not print it. */
  public String result(String key) {
    String value = results().get(key);
    if (value == null) {
      fail("no 'RESULT " + key + "=' line from " + description + "\n" + outputTails());
    }
    return value;
  }

  /** Fails the test, showing the output, unless the exit code is 0. */
  public ChildJvmResult assertSuccess() {
    if (exitCode != 0) {
      fail(description + " exited with " + exitCode + "\n" + outputTails());
    }
    return this;
  }

  /** The last lines of stdout and stderr, for failure messages. */
  public String outputTails() {
    return outputTails(stdout, stderr, outputDirectory);
  }

  static String outputTails(String stdout, String stderr, Path outputDirectory) {
    return "--- stdout (tail) ---\n" + tail(stdout) + "--- stderr (tail) ---\n" + tail(stderr)
        + "--- full output in " + outputDirectory + " ---";
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
  }

  @Override
  public String toString() {
    return description + " exit=" + exitCode + " in " + duration.toMillis() + " ms";
  }
}
