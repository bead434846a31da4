package io.httppool.testapps.okhttp;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A well-written app (one shared client, library defaults) whose traffic comes in bursts separated by idle gaps
 * about as long as the server's keep-alive timeout: each thread sends a POST and a GET, then pauses for
 * {@code gap} ms plus or minus {@code jitter} ms. Every request carries an X-Request-Id so the server can tell
 * whether a POST arrived twice.
 */
public final class OkHttpKeepAliveRaceApp {
  private static final MediaType OCTETS = MediaType.parse("application/octet-stream");

  private OkHttpKeepAliveRaceApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int threads = args.getInt("threads", 8);
    int cycles = args.getInt("cycles", 30);
    int gap = args.getInt("gap", 1000);
    int jitter = args.getInt("jitter", 60);
    OkHttpClient client = new OkHttpClient();
    AppReport report = new AppReport();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.execute(() -> {
        Random random = new Random(thread);
        for (int cycle = 0; cycle < cycles; cycle++) {
          String id = thread + "-" + cycle;
          send(client, new Request.Builder().url(base + "/echo").header("X-Request-Id", "post-" + id)
              .post(RequestBody.create(OCTETS, Workload.body(cycle))).build(), report, sent);
          send(client, new Request.Builder().url(base + "/hello").header("X-Request-Id", "get-" + id).build(),
              report, sent);
          pause(gap - jitter + random.nextInt(2 * jitter + 1));
        }
      });
    }
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.MINUTES);
    AppReport.result("sent", sent.get());
    report.finish();
    System.exit(0);
  }

  private static void send(OkHttpClient client, Request request, AppReport report, AtomicInteger sent) {
    sent.incrementAndGet();
    try (Response response = client.newCall(request).execute()) {
      response.body().bytes();
    } catch (Exception e) {
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
