package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@code java.net.http} application: {@code clients=per-request} calls {@code HttpClient.newHttpClient()} for
 * every request (the pattern behind thousands of {@code HttpClient-N-SelectorManager} threads), {@code
 * clients=shared} uses one client as the JDK's javadoc advises. POSTs each request's body to {@code url} with
 * {@code send} ({@code mode=sync}) or {@code sendAsync} ({@code mode=async}) and prints the digest of what came
 * back, how many responses came over HTTP/2, then the selector threads and all threads alive at the end. {@code await-idle-ms} (with clients built per request,
 * none of which the app still refers to) then collects garbage and waits up to that long for the selector threads to end (the JDK ends a client's when the
 * client is no longer referenced; the agent holds its shared clients until they have been idle).
 */
public final class JdkHttpApp {
  private JdkHttpApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URI url = URI.create(args.require("url"));
    int requests = args.getInt("requests", 100);
    boolean perRequest = "per-request".equals(args.get("clients", "per-request"));
    boolean async = "async".equals(args.get("mode", "sync"));
    HttpClient shared = perRequest ? null : HttpClient.newHttpClient();
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    LongAdder http2Responses = new LongAdder();
    ExecutorService workers = Executors.newFixedThreadPool(args.getInt("threads", 8));
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          HttpClient client = perRequest ? HttpClient.newHttpClient() : shared;
          HttpRequest request = HttpRequest.newBuilder(url)
              .POST(HttpRequest.BodyPublishers.ofByteArray(Workload.body(index))).build();
          HttpResponse<byte[]> response = async
              ? client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get()
              : client.send(request, HttpResponse.BodyHandlers.ofByteArray());
          digest.record(index, response.statusCode(), response.body());
          if (response.version() == HttpClient.Version.HTTP_2) {
            http2Responses.increment();
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
    AppReport.result("http2-responses", http2Responses.sum());
    AppReport.result("selector-threads", selectorThreads());
    AppReport.result("live-threads", ManagementFactory.getThreadMXBean().getThreadCount());
    int awaitIdleMillis = args.getInt("await-idle-ms", 0);
    if (awaitIdleMillis > 0) {
      AppReport.result("selector-threads-after-idle", selectorThreadsAfter(awaitIdleMillis));
    }
    report.finish();
    System.exit(0);
  }

  private static long selectorThreadsAfter(int millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long running;
    while ((running = selectorThreads()) > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(100);
    }
    return running;
  }

  /** Threads named {@code HttpClient-N-SelectorManager}: one per JDK client still running. */
  static long selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().matches("HttpClient-\\d+-SelectorManager")).count();
  }
}
