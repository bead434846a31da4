package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;

/**
 * What each caller of HttpClient 5 async sees of its own client's lifecycle, while other callers' requests are in
 * flight: {@code getStatus()} before and after {@code start()}, a request before {@code start()}, a request in
 * flight when its client is closed ({@code close()}, {@code close(IMMEDIATE)}), requests after close and after
 * {@code initiateShutdown()}, and a bystander client's requests in flight meanwhile. Every client is
 * {@code createDefault()} against {@code base} ({@code /delay/1500}, {@code /hello}). A request that has not
 * completed 10 s after it was sent is reported as timed out (the 5.6 library's immediate close never completes
 * the requests in flight).
 */
public final class Apache5AsyncLifecycleApp {
  private Apache5AsyncLifecycleApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    TreeMap<String, Object> results = new TreeMap<>();

    CloseableHttpAsyncClient notStarted = HttpAsyncClients.createDefault();
    results.put("not-started-status", notStarted.getStatus());
    results.put("not-started-request", outcome(send(notStarted, base + "/hello")));
    notStarted.close();
    results.put("not-started-status-after-close", notStarted.getStatus());

    CloseableHttpAsyncClient bystander = started();
    // warm: an idle connection in the pool the next clients could be handed
    results.put("bystander-warm-request", outcome(send(bystander, base + "/hello")));
    // start() is asynchronous: read once a request went through
    results.put("started-status", bystander.getStatus());
    List<Future<SimpleHttpResponse>> bystanderRequests = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bystanderRequests.add(send(bystander, base + "/delay/1500"));
    }
    CloseableHttpAsyncClient graceful = started();
    CloseableHttpAsyncClient immediate = started();
    Future<SimpleHttpResponse> gracefulRequest = send(graceful, base + "/delay/1500");
    Future<SimpleHttpResponse> immediateRequest = send(immediate, base + "/delay/1500");
    Thread.sleep(500);

    immediate.close(CloseMode.IMMEDIATE);
    results.put("immediate-request", outcome(immediateRequest));
    results.put("immediate-status-after-close", immediate.getStatus());
    results.put("immediate-later-request", outcome(send(immediate, base + "/hello")));

    graceful.close();
    results.put("graceful-request", outcome(gracefulRequest));
    results.put("graceful-status-after-close", graceful.getStatus());
    results.put("graceful-later-request", outcome(send(graceful, base + "/hello")));

    CloseableHttpAsyncClient initiated = started();
    results.put("initiated-first-request", outcome(send(initiated, base + "/hello")));
    initiated.initiateShutdown();
    initiated.awaitShutdown(TimeValue.ofSeconds(5));
    results.put("initiated-status", initiated.getStatus());
    results.put("initiated-later-request", outcome(send(initiated, base + "/hello")));
    initiated.close();

    for (int i = 0; i < bystanderRequests.size(); i++) {
      results.put("bystander-request-" + i, outcome(bystanderRequests.get(i)));
    }
    results.put("bystander-later-request", outcome(send(bystander, base + "/hello")));
    results.put("bystander-status", bystander.getStatus());
    bystander.close();
    results.put("bystander-status-after-close", bystander.getStatus());

    results.forEach(AppReport::result);
    new AppReport().finish();
    System.exit(0);
  }

  private static CloseableHttpAsyncClient started() {
    CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
    client.start();
    return client;
  }

  private static Future<SimpleHttpResponse> send(CloseableHttpAsyncClient client, String url) {
    return client.execute(new SimpleHttpRequest("GET", URI.create(url)), null);
  }

  /** {@code status N}, or the failure's class and message. */
  private static String outcome(Future<SimpleHttpResponse> future) throws InterruptedException {
    try {
      return "status " + future.get(10, TimeUnit.SECONDS).getCode();
    } catch (ExecutionException e) {
      return e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
