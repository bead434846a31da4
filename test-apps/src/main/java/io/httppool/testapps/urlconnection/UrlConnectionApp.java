package io.httppool.testapps.urlconnection;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * HttpURLConnection used the careless ways real code uses it. {@code mode=status-only}: GET {@code base}/hello
 * and read only {@code getResponseCode()}, never the body. {@code mode=errors}: a third of the requests get
 * 404, a third 500; the app reads the error body of only every other one and never closes the rest; 200
 * bodies are read and closed. {@code mode=half-read}: GET {@code base}{@code path}, reading the body of every
 * other request only. {@code mode=disconnect}: like status-only, then {@code disconnect()}.
 * {@code mode=open-stream}: {@code URL.openStream()} of {@code base}{@code path}, read to its end (Jackson's
 * {@code readTree(URL)}, commons-io). {@code mode=read-close-disconnect}: the status, the body read and closed,
 * then {@code disconnect()} (Google HTTP Client's {@code NetHttpTransport}). Prints the digest
 * of (status, body read) per request. {@code linger-ms} waits that long after the last request before printing
 * the report; {@code pause-ms} before each request: one value for all, or a comma-separated list, the i-th
 * value before the i-th request and the last one before the rest.
 */
public final class UrlConnectionApp {
  private UrlConnectionApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    String mode = args.get("mode", "status-only");
    int requests = args.getInt("requests", 100);
    int threads = args.getInt("threads", 8);
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    String[] pauses = args.get("pause-ms", "0").split(",");
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      long pauseMillis = Long.parseLong(pauses[Math.min(i, pauses.length - 1)].trim());
      workers.execute(() -> {
        try {
          Thread.sleep(pauseMillis);
          if ("errors".equals(mode)) {
            errors(base, index, digest);
          } else if ("disconnect".equals(mode)) {
            HttpURLConnection connection = (HttpURLConnection) new URL(base + "/hello").openConnection();
            digest.record(index, connection.getResponseCode(), new byte[0]);
            connection.disconnect();
          } else if ("half-read".equals(mode)) {
            halfRead(base + args.require("path"), index, digest);
          } else if ("open-stream".equals(mode)) {
            try (InputStream in = new URL(base + args.require("path")).openStream()) {
              digest.record(index, 200, in.readAllBytes());
            }
          } else if ("read-close-disconnect".equals(mode)) {
            readCloseDisconnect(base + args.require("path"), index, digest);
          } else {
            statusOnly(base, index, digest);
          }
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    AppReport.result("digest", digest.hex());
    // lets the agent's idle timeout act before the metrics are read
    Thread.sleep(args.getInt("linger-ms", 0));
    report.finish();
    System.exit(0);
  }

  private static void statusOnly(String base, int index, Workload.Digest digest) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(base + "/hello").openConnection();
    digest.record(index, connection.getResponseCode(), new byte[0]);
  }

  /** Even requests read the body to its end, odd ones read only the status. */
  private static void halfRead(String url, int index, Workload.Digest digest) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    int status = connection.getResponseCode();
    byte[] body = new byte[0];
    if (index % 2 == 0) {
      try (InputStream in = connection.getInputStream()) {
        body = in.readAllBytes();
      }
    }
    digest.record(index, status, body);
  }

  /** Google HTTP Client's order: the status, the body read to its end and closed, then {@code disconnect()}. */
  static void readCloseDisconnect(String url, int index, Workload.Digest digest) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    try {
      int status = connection.getResponseCode();
      try (InputStream in = connection.getInputStream()) {
        digest.record(index, status, in.readAllBytes());
      }
    } finally {
      connection.disconnect();
    }
  }

  /** What {@code mode=open-stream} and {@code mode=read-close-disconnect} print for 200s with {@code body}. */
  public static String expectedBodiesDigest(int requests, byte[] body) {
    Workload.Digest digest = new Workload.Digest(requests);
    for (int i = 0; i < requests; i++) {
      digest.record(i, 200, body);
    }
    return digest.hex();
  }

  /** What {@code mode=half-read} prints when every response is 200 with {@code body}. */
  public static String expectedHalfReadDigest(int requests, byte[] body) {
    Workload.Digest digest = new Workload.Digest(requests);
    for (int i = 0; i < requests; i++) {
      digest.record(i, 200, i % 2 == 0 ? body : new byte[0]);
    }
    return digest.hex();
  }

  /** The path request {@code index} asks for in {@code mode=errors}. */
  public static int errorsStatus(int index) {
    return index % 3 == 0 ? 404 : index % 3 == 1 ? 500 : 200;
  }

  /** Whether request {@code index} reads its body in {@code mode=errors}. */
  public static boolean errorsReadsBody(int index) {
    return errorsStatus(index) == 200 || index % 2 == 0;
  }

  private static void errors(String base, int index, Workload.Digest digest) throws IOException {
    int wanted = errorsStatus(index);
    HttpURLConnection connection = (HttpURLConnection) new URL(base + "/status/" + wanted).openConnection();
    int status = connection.getResponseCode();
    byte[] body = new byte[0];
    if (errorsReadsBody(index)) {
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        body = in.readAllBytes();
      }
    }
    digest.record(index, status, body);
  }

  /** What {@code mode=errors} prints when every response is what the local server sends. */
  public static String expectedErrorsDigest(int requests) {
    Workload.Digest digest = new Workload.Digest(requests);
    for (int i = 0; i < requests; i++) {
      int status = errorsStatus(i);
      byte[] body = errorsReadsBody(i) ? ("status " + status).getBytes(StandardCharsets.UTF_8) : new byte[0];
      digest.record(i, status, body);
    }
    return digest.hex();
  }

  /** What {@code mode=status-only} prints when every response is 200. */
  public static String expectedStatusOnlyDigest(int requests) {
    Workload.Digest digest = new Workload.Digest(requests);
    for (int i = 0; i < requests; i++) {
      digest.record(i, 200, new byte[0]);
    }
    return digest.hex();
  }

  static String sha256(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest());
  }
}
