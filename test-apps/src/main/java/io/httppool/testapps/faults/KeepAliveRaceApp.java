package io.httppool.testapps.faults;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-written app (one client of the family named by {@code client}, shared by every thread, library
 * defaults) whose traffic comes in bursts separated by idle gaps about as long as the server's keep-alive
 * timeout: each of {@code threads} threads sends a POST to /echo and a GET to /hello, then pauses {@code gap} ms
 * plus or minus {@code jitter} ms, {@code cycles} times. Every request carries an X-Request-Id
 * ({@code post-<thread>-<cycle>}, {@code get-<thread>-<cycle>}) so the server can tell whether one arrived twice.
 */
public final class KeepAliveRaceApp {
  private KeepAliveRaceApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int threads = args.getInt("threads", 8);
    int cycles = args.getInt("cycles", 30);
    int gap = args.getInt("gap", 1000);
    int jitter = args.getInt("jitter", 60);
    FaultClient client = FaultApp.client(args.require("client"), args.getInt("connectTimeout", 10_000),
        args.getInt("readTimeout", 10_000));
    AppReport report = new AppReport();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failedPosts = new AtomicInteger();
    AtomicInteger failedGets = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.execute(() -> {
        Random random = new Random(thread);
        for (int cycle = 0; cycle < cycles; cycle++) {
          String id = thread + "-" + cycle;
          send(client, "POST", base + "/echo", Workload.body(cycle), "post-" + id, report, sent, failedPosts);
          send(client, "GET", base + "/hello", null, "get-" + id, report, sent, failedGets);
          pause(gap - jitter + random.nextInt(2 * jitter + 1));
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the race did not finish");
    }
    AppReport.result("sent", sent.get());
    AppReport.result("failedPosts", failedPosts.get());
    AppReport.result("failedGets", failedGets.get());
    report.finish();
    System.exit(0);
  }

  private static void send(FaultClient client, String method, String url, byte[] body, String requestId,
      AppReport report, AtomicInteger sent, AtomicInteger failed) {
    sent.incrementAndGet();
    try {
      client.send(method, url, body, requestId);
    } catch (Exception e) {
      failed.incrementAndGet();
      report.failed(e);
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
