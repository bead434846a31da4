package io.httppool.testapps.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test app prints for the test that launched it: {@code RESULT key=value} lines, the agent's health as
 * the agent itself counts it, and (when asked with {@code -Dapp.metrics.port} and {@code -Dapp.metrics.file})
 * a scrape of the agent's Prometheus endpoint, fetched over a raw socket so the scrape is not app traffic. With
 * {@code -Dapp.other-agent.metrics.port} and {@code -Dapp.other-agent.metrics.file} it also writes a scrape of
 * another agent's endpoint (the OpenTelemetry Java agent's, when the test runs the two side by side).
 */
public final class AppReport {
  private final Map<String, AtomicInteger> exceptions = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile String firstError;

  public static void result(String key, Object value) {
    System.out.println("RESULT " + key + "=" + value);
  }

  public void failed(Throwable error) {
    if (failures.getAndIncrement() == 0) {
      firstError = error.toString().replace('\n', ' ');
    }
    exceptions.computeIfAbsent(error.getClass().getName(), k -> new AtomicInteger()).incrementAndGet();
  }

  public int failures() {
    return failures.get();
  }

  /** Prints the failures, the agent's health and the metrics scrape. */
  public void finish() throws IOException {
    result("failures", failures.get());
    Map<String, Integer> sorted = new TreeMap<>();
    exceptions.forEach((type, count) -> sorted.put(type, count.get()));
    result("exceptions", sorted.isEmpty() ? "none" : sorted.toString().replace(" ", ""));
    if (firstError != null) {
      result("firstError", firstError);
    }
    result("agent.transformationErrors", agentCount("transformationErrors"));
    result("agent.adviceErrors", agentCount("adviceErrors"));
    writeScrape("app.metrics");
    writeScrape("app.other-agent.metrics");
  }

  private static void writeScrape(String prefix) throws IOException {
    String port = System.getProperty(prefix + ".port");
    String file = System.getProperty(prefix + ".file");
    if (port != null && file != null) {
      Files.writeString(Path.of(file), scrape(Integer.parseInt(port)));
    }
    result("finishedAtEpochMillis", System.currentTimeMillis());
  }

  /** A count from the agent's bootstrap status class, or -1 when no agent is attached. */
  private static long agentCount(String method) {
    try {
      Class<?> status = Class.forName("io.httppool.bootstrap.AgentStatus", true, null);
      return (Long) status.getMethod(method).invoke(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError noAgent) {
      return -1;
    }
  }

  static String scrape(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int bodyStart = response.indexOf("\r\n\r\n");
      String head = bodyStart < 0 ? response : response.substring(0, bodyStart);
      if (!head.startsWith("HTTP/1.1 200")) {
        throw new IOException("metrics endpoint answered " + head.lines().findFirst().orElse("nothing"));
      }
      String body = response.substring(bodyStart + 4);
      return head.toLowerCase().contains("transfer-encoding: chunked") ? dechunk(body) : body;
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int position = 0;
    while (position < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", position);
      int size = Integer.parseInt(chunked.substring(position, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      position = lineEnd + 2 + size + 2;
    }
    return body.toString();
  }
}
