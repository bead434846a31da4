package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * JDK 21+: three callers, each with its own {@code HttpClient.newHttpClient()}, with requests in flight to
 * {@code base}/delay. {@code shutdownNow()} of the first and {@code close()} of the third must act on their own
 * requests only: the second caller's request and its later ones succeed. Prints what each caller saw. The JDK 21
 * methods are called by reflection and through {@link AutoCloseable}, since the app is compiled for JDK 17.
 */
public final class JdkHttpLifecycleApp {
  private JdkHttpLifecycleApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    HttpClient aborted = HttpClient.newHttpClient();
    HttpClient bystander = HttpClient.newHttpClient();
    HttpClient closed = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> abortedResponse = get(aborted, base + "/delay/1500");
    CompletableFuture<HttpResponse<String>> bystanderResponse = get(bystander, base + "/delay/1500");
    long closedSentAt = System.nanoTime();
    CompletableFuture<HttpResponse<String>> closedResponse = get(closed, base + "/delay/500");

    HttpClient.class.getMethod("shutdownNow").invoke(aborted);
    ((AutoCloseable) closed).close();
    long closeReturnedAfterMillis = (System.nanoTime() - closedSentAt) / 1_000_000;

    // The server answers /delay/500 no sooner than 500 ms after the request: a close() that returns later waited
    // for it. (Whether the caller's future is already completed when close() returns is a race inside the JDK:
    // the client completes it on its executor after its own exchange ended.)
    AppReport.result("close-waited-for-request", closeReturnedAfterMillis >= 500);
    AppReport.result("closed-request", outcome(closedResponse));
    AppReport.result("aborted-request", outcome(abortedResponse));
    AppReport.result("aborted-terminated", HttpClient.class.getMethod("isTerminated").invoke(aborted));
    AppReport.result("aborted-later-request", outcome(get(aborted, base + "/hello")));
    AppReport.result("bystander-request", outcome(bystanderResponse));
    AppReport.result("bystander-later-request", outcome(get(bystander, base + "/hello")));
    AppReport.result("bystander-terminated", HttpClient.class.getMethod("isTerminated").invoke(bystander));
    new AppReport().finish();
    System.exit(0);
  }

  private static CompletableFuture<HttpResponse<String>> get(HttpClient client, String url) {
    return client.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status, or the exception's type and message. */
  private static String outcome(CompletableFuture<HttpResponse<String>> response) throws InterruptedException {
    try {
      return "status " + response.get().statusCode();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return cause.getClass().getName() + (cause instanceof IOException ? ": " + cause.getMessage() : "");
    }
  }
}
