package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java.net.http} application that builds a client per request and keeps requests in flight, for the
 * per-host limit's tests; {@code base} is the server, {@code version} the clients' HTTP version. {@code
 * scenario=} one of:
 * <ul>
 *   <li>{@code load}: {@code requests} GETs of {@code /delay/{delay-ms}} from {@code threads} threads, half with
 *       {@code send}, half with {@code sendAsync}; every fourth reads its body as a stream and closes it</li>
 *   <li>{@code wait}: one request holds a streamed response for {@code hold-ms}, then closes it; meanwhile another
 *       thread's {@code send} and {@code sendAsync} each go to the same server: how long each took, and how it
 *       ended</li>
 *   <li>{@code same-thread}: one thread holds a streamed response and sends another request before closing it</li>
 *   <li>{@code cancel}: while one request holds a streamed response, another thread's {@code sendAsync} is
 *       cancelled; once the stream is closed, a third request: how each ended</li>
 * </ul>
 */
public final class JdkHttpLimitApp {
  private JdkHttpLimitApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    HttpClient.Version version = HttpClient.Version.valueOf(args.get("version", "HTTP_1_1"));
    AppReport report = new AppReport();
    switch (args.require("scenario")) {
      case "load" -> load(base, version, args, report);
      case "wait" -> waitBehindAHeldStream(base, version, args.getInt("hold-ms", 1000));
      case "same-thread" -> sameThread(base, version);
      case "cancel" -> cancelWhileWaiting(base, version);
      default -> throw new IllegalArgumentException("unknown scenario");
    }
    report.finish();
    System.exit(0);
  }

  private static void load(String base, HttpClient.Version version, AppArgs args, AppReport report)
      throws InterruptedException {
    int requests = args.getInt("requests", 200);
    URI delay = URI.create(base + "/delay/" + args.getInt("delay-ms", 20));
    ExecutorService workers = Executors.newFixedThreadPool(args.getInt("threads", 8));
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          HttpClient client = HttpClient.newBuilder().version(version).build();
          HttpRequest request = HttpRequest.newBuilder(delay).build();
          if (index % 4 == 0) {
            HttpResponse<InputStream> response = index % 8 == 0
                ? client.send(request, HttpResponse.BodyHandlers.ofInputStream())
                : client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get();
            try (InputStream body = response.body()) {
              check(response.statusCode(), new String(body.readAllBytes()));
            }
          } else {
            HttpResponse<String> response = index % 2 == 0
                ? client.send(request, HttpResponse.BodyHandlers.ofString())
                : client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get();
            check(response.statusCode(), response.body());
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
  }

  private static void check(int status, String body) {
    if (status != 200 || !body.startsWith("delayed")) {
      throw new IllegalStateException("unexpected answer " + status + " " + body);
    }
  }

  /** Holds a streamed response of the server for {@code holdMillis}, unread, while others send to it. */
  private static void waitBehindAHeldStream(String base, HttpClient.Version version, int holdMillis)
      throws Exception {
    HttpRequest hello = HttpRequest.newBuilder(URI.create(base + "/bytes/100000")).build();
    HttpResponse<InputStream> held = HttpClient.newBuilder().version(version).build()
        .send(hello, HttpResponse.BodyHandlers.ofInputStream());
    long start = System.nanoTime();
    CompletableFuture<String> sync = CompletableFuture.supplyAsync(() -> {
      try {
        return outcome(HttpClient.newBuilder().version(version).build()
            .send(hello, HttpResponse.BodyHandlers.ofString()), start);
      } catch (Exception e) {
        return outcome(e, start);
      }
    });
    // sent from another thread too: this one holds the streamed response
    CompletableFuture<String> async = CompletableFuture.supplyAsync(() -> HttpClient.newBuilder().version(version)
            .build().sendAsync(hello, HttpResponse.BodyHandlers.ofString()))
        .thenCompose(response -> response)
        .handle((response, error) -> error == null ? outcome(response, start)
            : outcome(unwrapped(error), start));
    Thread.sleep(holdMillis);
    held.body().close();
    AppReport.result("held-closed-after-ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    AppReport.result("sync", sync.get(1, TimeUnit.MINUTES));
    AppReport.result("async", async.get(1, TimeUnit.MINUTES));
  }

  /** A thread that holds a streamed response sends again before it closes it. */
  private static void sameThread(String base, HttpClient.Version version) throws Exception {
    HttpRequest bytes = HttpRequest.newBuilder(URI.create(base + "/bytes/100000")).build();
    HttpResponse<InputStream> held = HttpClient.newBuilder().version(version).build()
        .send(bytes, HttpResponse.BodyHandlers.ofInputStream());
    long start = System.nanoTime();
    try {
      AppReport.result("second", outcome(HttpClient.newBuilder().version(version).build()
          .send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(), HttpResponse.BodyHandlers.ofString()),
          start));
    } catch (Exception e) {
      AppReport.result("second", outcome(e, start));
    }
    try (InputStream body = held.body()) {
      AppReport.result("held-bytes", body.readAllBytes().length);
    }
  }

  private static void cancelWhileWaiting(String base, HttpClient.Version version) throws Exception {
    HttpRequest bytes = HttpRequest.newBuilder(URI.create(base + "/bytes/100000")).build();
    HttpResponse<InputStream> held = HttpClient.newBuilder().version(version).build()
        .send(bytes, HttpResponse.BodyHandlers.ofInputStream());
    CompletableFuture<HttpResponse<String>> cancelled = CompletableFuture.supplyAsync(() -> HttpClient.newBuilder()
        .version(version).build().sendAsync(bytes, HttpResponse.BodyHandlers.ofString())).get();
    Thread.sleep(200);
    AppReport.result("cancelled", cancelled.cancel(true));
    try {
      cancelled.get();
      AppReport.result("cancelled-outcome", "completed");
    } catch (Exception e) {
      AppReport.result("cancelled-outcome", e.getClass().getName());
    }
    held.body().close();
    long start = System.nanoTime();
    AppReport.result("after", outcome(CompletableFuture.supplyAsync(() -> {
      try {
        return HttpClient.newBuilder().version(version).build().send(bytes, HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }).get(1, TimeUnit.MINUTES), start));
  }

  private static String outcome(HttpResponse<String> response, long startNanos) {
    return "status " + response.statusCode() + " after-ms " + millisSince(startNanos);
  }

  private static String outcome(Throwable error, long startNanos) {
    Throwable cause = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
    return cause.getClass().getName() + " after-ms " + millisSince(startNanos);
  }

  private static Throwable unwrapped(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
