package io.httppool.testapps.apache4;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * One client sends slow requests ({@code slow-url}) from several threads; while they are in flight, other clients
 * to the same host are created, used once and closed, again and again: at least {@code churn} of them and for at
 * least {@code churn-millis} ms. Then a GET of {@code release-url} tells the server to answer the slow requests.
 * Prints how many slow requests completed.
 */
public final class Apache4CloseWhileBusyApp {
  private Apache4CloseWhileBusyApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String slowUrl = args.require("slow-url");
    String fastUrl = args.require("fast-url");
    String releaseUrl = args.require("release-url");
    int churn = args.getInt("churn", 20);
    int slow = args.getInt("slow", 4);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(slow);
    CountDownLatch started = new CountDownLatch(slow);
    List<Future<Integer>> statuses = new ArrayList<>();
    try (CloseableHttpClient busy = HttpClients.createDefault()) {
      for (int i = 0; i < slow; i++) {
        statuses.add(workers.submit(() -> {
          started.countDown();
          try (CloseableHttpResponse response = busy.execute(new HttpGet(slowUrl))) {
            EntityUtils.consume(response.getEntity());
            return response.getStatusLine().getStatusCode();
          }
        }));
      }
      started.await();
      int closed = 0;
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(args.getInt("churn-millis", 500));
      while (closed < churn || System.nanoTime() < until) {
        try (CloseableHttpClient other = HttpClients.createDefault();
            CloseableHttpResponse response = other.execute(new HttpGet(fastUrl))) {
          EntityUtils.consume(response.getEntity());
        } catch (Exception e) {
          report.failed(e);
        }
        closed++;
      }
      AppReport.result("closedClients", closed);
      try (CloseableHttpClient releaser = HttpClients.createDefault();
          CloseableHttpResponse response = releaser.execute(new HttpGet(releaseUrl))) {
        EntityUtils.consume(response.getEntity());
      }
      int completed = 0;
      for (Future<Integer> status : statuses) {
        try {
          if (status.get(60, TimeUnit.SECONDS) == 200) {
            completed++;
          }
        } catch (Exception e) {
          report.failed(e.getCause() == null ? e : e.getCause());
        }
      }
      AppReport.result("completed", completed);
    }
    workers.shutdown();
    report.finish();
    System.exit(0);
  }
}
