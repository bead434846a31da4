package io.httppool.testapps.observe;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp application that keeps working while someone watches it (a Prometheus server, a JMX client), until
 * the watcher creates the {@code release} file or {@code maxSeconds} pass. It builds a new client per request,
 * the way the agent's users write it: {@code threads} workers GET {@code url} without pause but a short park;
 * first it sends {@code sideRequests} to {@code side} (a destination then left idle), and one worker calls
 * {@code refused} (where nothing listens) every {@code refusedEvery} requests.
 */
public final class ObservedApp {
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong refusedCalls = new AtomicLong();
  private final AppReport report = new AppReport();

  public static void main(String[] arguments) throws Exception {
    new ObservedApp().run(new AppArgs(arguments));
    System.exit(0);
  }

  private void run(AppArgs args) throws Exception {
    String url = args.require("url");
    Path release = Path.of(args.require("release"));
    String side = args.get("side", null);
    String refused = args.get("refused", null);
    int refusedEvery = args.getInt("refusedEvery", 20);
    int threads = args.getInt("threads", 4);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.getInt("maxSeconds", 90));

    if (side != null) {
      for (int i = 0; i < args.getInt("sideRequests", 10); i++) {
        get(side);
      }
    }
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      boolean callsRefused = t == 0 && refused != null;
      Thread worker = new Thread(() -> work(url, callsRefused ? refused : null, refusedEvery), "worker-" + t);
      worker.start();
      workers.add(worker);
    }
    AppReport.result("started", "true");
    System.out.flush();
    while (!Files.exists(release) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    released.set(true);
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(30));
    }
    AppReport.result("released", Files.exists(release));
    AppReport.result("requests", requests.get());
    AppReport.result("refusedCalls", refusedCalls.get());
    report.finish();
  }

  private void work(String url, String refused, int refusedEvery) {
    long sent = 0;
    while (!released.get()) {
      try {
        if (refused != null && ++sent % refusedEvery == 0) {
          refusedCalls.incrementAndGet();
          try {
            get(refused);
          } catch (IOException expected) {
            // nothing listens there: the failure is what this call is for
          }
        } else {
          get(url);
          requests.incrementAndGet();
        }
      } catch (Exception e) {
        report.failed(e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  private static void get(String url) throws IOException {
    OkHttpClient client = new OkHttpClient();
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      if (response.code() != 200) {
        throw new IOException("HTTP " + response.code() + " from " + url);
      }
      response.body().bytes();
    }
  }
}
