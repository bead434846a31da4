package io.httppool.testapps.apache4;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * A well-written HttpClient 4.x app (one shared client from {@code HttpClients.createDefault()}) whose traffic
 * comes in bursts separated by idle gaps about as long as the server's keep-alive timeout: each thread sends a POST
 * and a GET, then pauses for {@code gap} ms plus or minus {@code jitter} ms. Every request carries an X-Request-Id
 * so the server can tell whether a POST arrived twice.
 */
public final class Apache4KeepAliveRaceApp {
  private Apache4KeepAliveRaceApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int threads = args.getInt("threads", 8);
    int cycles = args.getInt("cycles", 30);
    int gap = args.getInt("gap", 1000);
    int jitter = args.getInt("jitter", 60);
    CloseableHttpClient client = HttpClients.createDefault();
    AppReport report = new AppReport();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.execute(() -> {
        Random random = new Random(thread);
        for (int cycle = 0; cycle < cycles; cycle++) {
          String id = thread + "-" + cycle;
          HttpPost post = new HttpPost(base + "/echo");
          post.setEntity(new ByteArrayEntity(Workload.body(cycle)));
          send(client, post, "post-" + id, report, sent);
          send(client, new HttpGet(base + "/hello"), "get-" + id, report, sent);
          pause(gap - jitter + random.nextInt(2 * jitter + 1));
        }
      });
    }
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.MINUTES);
    client.close();
    AppReport.result("sent", sent.get());
    report.finish();
    System.exit(0);
  }

  private static void send(CloseableHttpClient client, HttpRequestBase request, String id, AppReport report,
      AtomicInteger sent) {
    sent.incrementAndGet();
    request.setHeader("X-Request-Id", id);
    try (CloseableHttpResponse response = client.execute(request)) {
      EntityUtils.consume(response.getEntity());
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
