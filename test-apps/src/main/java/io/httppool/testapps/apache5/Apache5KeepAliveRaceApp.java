package io.httppool.testapps.apache5;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * A well-written app (one shared client from {@code HttpClients.createDefault()}, or with {@code mode=async} from
 * {@code HttpAsyncClients.createDefault()}) whose traffic comes in bursts separated by idle gaps about as long as
 * the server's keep-alive timeout: each thread sends a POST and a GET, then pauses for {@code gap} ms plus or
 * minus {@code jitter} ms. Every request carries an X-Request-Id so the server can tell whether a POST arrived
 * twice.
 */
public final class Apache5KeepAliveRaceApp {
  private Apache5KeepAliveRaceApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int threads = args.getInt("threads", 8);
    int cycles = args.getInt("cycles", 30);
    int gap = args.getInt("gap", 1000);
    int jitter = args.getInt("jitter", 60);
    boolean async = "async".equals(args.get("mode", "classic"));
    AppReport report = new AppReport();
    AtomicInteger sent = new AtomicInteger();
    try (CloseableHttpClient classic = async ? null : HttpClients.createDefault();
        CloseableHttpAsyncClient asyncClient = async ? HttpAsyncClients.createDefault() : null) {
      if (asyncClient != null) {
        asyncClient.start();
      }
      ExecutorService workers = Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.execute(() -> {
          Random random = new Random(thread);
          for (int cycle = 0; cycle < cycles; cycle++) {
            String id = thread + "-" + cycle;
            try {
              sent.incrementAndGet();
              if (async) {
                postAsync(asyncClient, base, id, cycle);
              } else {
                postClassic(classic, base, id, cycle);
              }
            } catch (Exception e) {
              report.failed(e);
            }
            try {
              sent.incrementAndGet();
              if (async) {
                getAsync(asyncClient, base, id);
              } else {
                getClassic(classic, base, id);
              }
            } catch (Exception e) {
              report.failed(e);
            }
            pause(gap - jitter + random.nextInt(2 * jitter + 1));
          }
        });
      }
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.MINUTES);
    }
    AppReport.result("sent", sent.get());
    report.finish();
    System.exit(0);
  }

  private static void postClassic(CloseableHttpClient client, String base, String id, int cycle) throws Exception {
    HttpPost post = new HttpPost(base + "/echo");
    post.setHeader("X-Request-Id", "post-" + id);
    post.setEntity(new ByteArrayEntity(Workload.body(cycle), ContentType.APPLICATION_OCTET_STREAM));
    send(client, post);
  }

  private static void getClassic(CloseableHttpClient client, String base, String id) throws Exception {
    HttpGet get = new HttpGet(base + "/hello");
    get.setHeader("X-Request-Id", "get-" + id);
    send(client, get);
  }

  private static void send(CloseableHttpClient client, HttpUriRequestBase request) throws Exception {
    client.execute(request, response -> {
      EntityUtils.consume(response.getEntity());
      return null;
    });
  }

  private static void postAsync(CloseableHttpAsyncClient client, String base, String id, int cycle)
      throws Exception {
    SimpleHttpRequest post = new SimpleHttpRequest("POST", java.net.URI.create(base + "/echo"));
    post.setHeader("X-Request-Id", "post-" + id);
    post.setBody(Workload.body(cycle), ContentType.APPLICATION_OCTET_STREAM);
    sendAsync(client, post);
  }

  private static void getAsync(CloseableHttpAsyncClient client, String base, String id) throws Exception {
    SimpleHttpRequest get = new SimpleHttpRequest("GET", java.net.URI.create(base + "/hello"));
    get.setHeader("X-Request-Id", "get-" + id);
    sendAsync(client, get);
  }

  private static void sendAsync(CloseableHttpAsyncClient client, SimpleHttpRequest request) throws Exception {
    try {
      client.execute(request, null).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
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
