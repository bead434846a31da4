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
 *
 * <p>Two phases, for what an agent can and cannot promise. The first {@code cycles} bursts race from the very first
 * request, before anything can know the server's timeout. Then, with {@code teach} > 0, one pause of {@code teach}
 * ms, past the server's timeout, and one more burst, whose lease meets a connection the server has closed (unless
 * the race already taught the agent not to reuse it). Then {@code learnedCycles} more bursts of the same race:
 * by then an agent has seen the server close idle connections. Failures are reported per phase
 * ({@code learningFailures}, {@code learnedFailures}).
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
    int teach = args.getInt("teach", 0);
    int learnedCycles = args.getInt("learnedCycles", 0);
    int learningBursts = cycles + (teach > 0 ? 1 : 0);
    FaultClient client = FaultApp.client(args.require("client"), args.getInt("connectTimeout", 10_000),
        args.getInt("readTimeout", 10_000));
    AppReport report = new AppReport();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failedPosts = new AtomicInteger();
    AtomicInteger failedGets = new AtomicInteger();
    AppReport[] phaseReports = {new AppReport(), new AppReport()};
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.execute(() -> {
        Random random = new Random(thread);
        for (int cycle = 0; cycle < learningBursts + learnedCycles; cycle++) {
          String id = thread + "-" + cycle;
          int phase = cycle < learningBursts ? 0 : 1;
          send(client, "POST", base + "/echo", Workload.body(cycle), "post-" + id, report, sent, failedPosts,
              phaseReports[phase]);
          send(client, "GET", base + "/hello", null, "get-" + id, report, sent, failedGets, phaseReports[phase]);
          pause(teach > 0 && cycle == cycles - 1 ? teach : gap - jitter + random.nextInt(2 * jitter + 1));
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
    AppReport.result("learningFailures", phaseReports[0].failures());
    AppReport.result("learnedFailures", phaseReports[1].failures());
    report.finish();
    System.exit(0);
  }

  private static void send(FaultClient client, String method, String url, byte[] body, String requestId,
      AppReport report, AtomicInteger sent, AtomicInteger failed, AppReport phaseReport) {
    sent.incrementAndGet();
    try {
      client.send(method, url, body, requestId);
    } catch (Exception e) {
      failed.incrementAndGet();
      report.failed(e);
      phaseReport.failed(e);
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
