package io.httppool.testapps.urlconnection;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-written HttpURLConnection app (every body read and closed, JDK defaults) whose traffic comes in bursts
 * separated by idle gaps about as long as the server's keep-alive timeout: each thread sends a POST to
 * {@code /echo} and a GET, then pauses. Every request carries an X-Request-Id so the server can tell whether a
 * POST arrived twice. {@code gaps} lists the pauses in ms, used in turn (default 1000), each varied by plus or
 * minus {@code jitter} ms (default 60); {@code streaming=true} sends the POST body in fixed-length streaming
 * mode, which the JDK never re-sends; {@code empty-posts=true} sends POSTs without a body.
 */
public final class UrlConnectionKeepAliveRaceApp {
  private UrlConnectionKeepAliveRaceApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int threads = args.getInt("threads", 8);
    int cycles = args.getInt("cycles", 30);
    int[] gaps = Arrays.stream(args.get("gaps", "1000").split(",")).mapToInt(Integer::parseInt).toArray();
    int jitter = args.getInt("jitter", 60);
    boolean streaming = Boolean.parseBoolean(args.get("streaming", "false"));
    boolean emptyPosts = Boolean.parseBoolean(args.get("empty-posts", "false"));
    AppReport report = new AppReport();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.execute(() -> {
        Random random = new Random(thread);
        for (int cycle = 0; cycle < cycles; cycle++) {
          String id = thread + "-" + cycle;
          sent.addAndGet(2);
          try {
            post(base + "/echo", "post-" + id, emptyPosts ? new byte[0] : Workload.body(cycle), streaming);
          } catch (Exception e) {
            report.failed(e);
          }
          try {
            get(base + "/hello", "get-" + id);
          } catch (Exception e) {
            report.failed(e);
          }
          int gap = gaps[cycle % gaps.length];
          pause(gap - jitter + random.nextInt(2 * jitter + 1));
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    AppReport.result("sent", sent.get());
    report.finish();
    System.exit(0);
  }

  private static void post(String url, String id, byte[] body, boolean streaming) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setRequestMethod("POST");
    connection.setRequestProperty("X-Request-Id", id);
    connection.setRequestProperty("Content-Type", "application/octet-stream");
    connection.setDoOutput(true);
    if (streaming) {
      connection.setFixedLengthStreamingMode(body.length);
    }
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    byte[] echoed = readBody(connection);
    if (!Arrays.equals(body, echoed)) {
      throw new IOException(id + ": the echo differs from the body sent");
    }
  }

  private static void get(String url, String id) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setRequestProperty("X-Request-Id", id);
    readBody(connection);
  }

  private static byte[] readBody(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    if (status != 200) {
      throw new IOException("status " + status);
    }
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }

  /** The application's own think time between bursts. */
  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
