package io.httppool.testapps.transparency;

import io.httppool.testapps.server.ResponseShapes;
import io.httppool.testapps.server.ResponseShapes.Shape;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Runs every call pattern of one client family against every response shape of a {@link ResponseShapes} server,
 * a few requests each, one after the other, and prints per cell ({@code pattern/shape}) what the application saw:
 * {@code CELL id digest} and one {@code SEEN id index observation} line per request. Each cell talks to a server
 * of its own on 127.0.0.1 ({@code ports}, in cell order), so connections never pass from one cell to the next.
 * The test runs it without and with the agent and compares. Arguments: {@code family}, {@code ports}, {@code scheme},
 * {@code requests}. The OkHttp family runs under the names of its version lines ({@code okhttp} for 4.x,
 * {@code okhttp3}, {@code okhttp5}), each with that line's jars.
 */
public final class TransparencyApp {

  /** Well below validate-after-inactivity (500 ms), so the agent's idle probe does not run for the next request. */
  private static final long SETTLE_AFTER_SILENT_CLOSE_MILLIS = 200;

  private TransparencyApp() {
  }

  public static void main(String[] args) throws Exception {
    AppArgs arguments = new AppArgs(args);
    String family = arguments.require("family");
    String[] ports = arguments.require("ports").split(",");
    String scheme = arguments.get("scheme", "http");
    int requests = arguments.getInt("requests", 3);
    AppReport report = new AppReport();
    int cell = 0;
    try (FamilyDriver driver = driver(family)) {
      if (ports.length != cellCount(family)) {
        throw new IllegalArgumentException(ports.length + " ports for " + cellCount(family) + " cells");
      }
      for (String pattern : driver.patterns()) {
        for (Shape shape : ResponseShapes.all()) {
          String id = pattern + "/" + shape.name().toLowerCase(Locale.ROOT);
          String url = scheme + "://127.0.0.1:" + ports[cell++] + shape.path();
          StringBuilder all = new StringBuilder();
          for (int i = 0; i < requests; i++) {
            if (shape == Shape.KEEP_ALIVE_CLOSE && i > 0) {
              // the server closes right after its response: let its close reach this JVM before the next request,
              // or whether the library sees it (the JDK probes before a streamed POST) is a race on a loaded machine
              Thread.sleep(SETTLE_AFTER_SILENT_CLOSE_MILLIS);
            }
            Observation seen = new Observation();
            try {
              driver.call(pattern, url, seen);
            } catch (Exception | LinkageError e) {
              seen.failed(e);
            }
            System.out.println("SEEN " + id + " " + i + " " + seen);
            all.append(seen).append('\n');
          }
          System.out.println("CELL " + id + " "
              + Observation.sha256(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        }
      }
    }
    AppReport.result("cells", cell);
    report.finish();
    // what a careless app leaves behind (unclosed clients, their non-daemon threads) must not keep it running
    System.exit(0);
  }

  /** The cells of a family: its call patterns times the response shapes, each needing its own server. */
  public static int cellCount(String family) throws Exception {
    try (FamilyDriver driver = driver(family)) {
      return driver.patterns().size() * ResponseShapes.all().size();
    }
  }

  private static FamilyDriver driver(String family) {
    return switch (family) {
      case "urlconnection" -> new UrlConnectionDriver();
      case "okhttp", "okhttp3", "okhttp5" -> new OkHttpDriver();
      case "apache4" -> new Apache4Driver();
      case "apache5" -> new Apache5Driver();
      case "apache5-async" -> new Apache5AsyncDriver();
      case "apache4-async" -> new Apache4AsyncDriver();
      case "jdkhttp" -> new JdkHttpDriver();
      default -> throw new IllegalArgumentException("no driver for family " + family);
    };
  }

  /** Bytes a request body sends, the same in every run. */
  static byte[] requestBody(int length) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }

}
