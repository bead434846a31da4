package io.httppool.testapps.support;

import io.httppool.testapps.server.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's metrics as its Prometheus exporter served them at the end of a child JVM's run: the child
 * writes the scrape to a file (see {@code AppReport}); this parses the text format into samples.
 */
public final class PrometheusScrape {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  /**
   * Possessive, so that a long label value is matched in runs rather than one recursion per character: the
   * OpenTelemetry agent's {@code target_info} carries the whole command line, class path included, and a long
   * checkout path made the plain form overflow the stack.
   */
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]++|\\\\.)*+)\"");

  /** One line of the exposition. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;

  private PrometheusScrape(String text) {
    this.text = text;
    this.samples = parse(text);
  }

  /** Makes the child JVM export through Prometheus on a free loopback port and write a scrape on exit. */
  public static Path exportTo(ChildJvm jvm, String runName) {
    Path file = TestPaths.workDir().resolve(runName + ".metrics.txt");
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String port = Integer.toString(freePort());
    jvm.systemProperty("otel.metrics.exporter", "prometheus")
        .systemProperty("otel.exporter.prometheus.host", "127.0.0.1")
        .systemProperty("otel.exporter.prometheus.port", port)
        .systemProperty("app.metrics.port", port)
        .systemProperty("app.metrics.file", file.toString());
    return file;
  }

  public static PrometheusScrape read(Path file) {
    try {
      return new PrometheusScrape(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("the app wrote no metrics scrape to " + file, e);
    }
  }

  /** A loopback port for a child JVM to listen on, one no outgoing connection can take before it does. */
  public static int freePort() {
    return LoopbackPorts.unusedBelowEphemeralRange();
  }

  private static List<Sample> parse(String text) {
    List<Sample> parsed = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      parsed.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
    }
    return parsed;
  }

  public String text() {
    return text;
  }

  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The sum of a metric's samples whose labels include every given label=value pair. */
  public double sum(String name, String... labelPairs) {
    double total = 0;
    for (Sample sample : samples(name)) {
      boolean matches = true;
      for (int i = 0; i < labelPairs.length; i += 2) {
        matches &= labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]));
      }
      if (matches) {
        total += sample.value();
      }
    }
    return total;
  }

  /** Acquisitions of reused connections over all acquisitions. */
  public double reuseRate(String client) {
    double reused = sum("httppool_connection_acquires_total", "httppool_client", client, "httppool_reused", "true");
    double all = sum("httppool_connection_acquires_total", "httppool_client", client);
    return all == 0 ? 0 : reused / all;
  }
}
