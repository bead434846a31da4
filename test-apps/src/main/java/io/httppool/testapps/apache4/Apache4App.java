package io.httppool.testapps.apache4;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * An Apache HttpClient 4.x application written the ways users write it. {@code clients=}:
 * {@code per-request} builds a client per request ({@code HttpClients.createDefault()} or
 * {@code HttpClients.custom().build()}) and closes it after; {@code minimal} does the same with
 * {@code HttpClients.createMinimal()}; {@code legacy} with {@code new DefaultHttpClient()}, shut down after;
 * {@code own-manager} uses one client on its own {@code PoolingHttpClientConnectionManager} limited to
 * {@code max-total} connections; {@code app-manager} builds a client per request on a new
 * {@code PoolingHttpClientConnectionManager} of its own (the copy-pasted
 * {@code HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager()).build()}) and closes it. POSTs each request's body to {@code url} (or GETs it with {@code method=get}) and
 * prints the digest of the responses. {@code leak=true} never closes responses nor their clients (a common bug);
 * {@code gap-millis} waits before each request but the first; {@code pause-millis} waits before reporting. Compiled against 4.5 and run against 4.3 and 4.5.
 */
public final class Apache4App {
  private final String url;
  private final String clients;
  private final boolean get;
  private final boolean leak;
  private final int gapMillis;
  private final CloseableHttpClient ownManagerClient;

  private Apache4App(AppArgs args) {
    this.url = args.require("url");
    this.clients = args.get("clients", "per-request");
    this.get = "get".equals(args.get("method", "post"));
    this.leak = Boolean.parseBoolean(args.get("leak", "false"));
    this.gapMillis = args.getInt("gap-millis", 0);
    int maxTotal = args.getInt("max-total", 3);
    if ("own-manager".equals(clients)) {
      PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
      manager.setMaxTotal(maxTotal);
      manager.setDefaultMaxPerRoute(maxTotal);
      ownManagerClient = HttpClients.custom().setConnectionManager(manager).build();
    } else {
      ownManagerClient = null;
    }
  }

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    int requests = args.getInt("requests", 100);
    int threads = args.getInt("threads", 8);
    Apache4App app = new Apache4App(args);
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          app.send(index, digest);
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    Thread.sleep(args.getInt("pause-millis", 0));
    AppReport.result("digest", digest.hex());
    report.finish();
    System.exit(0);
  }

  private void send(int index, Workload.Digest digest) throws Exception {
    if (index > 0) {
      Thread.sleep(gapMillis);
    }
    HttpRequestBase post = get ? new HttpGet(url) : new HttpPost(url);
    post.setHeader("X-Request-Id", Integer.toString(index));
    if (!get) {
      ((HttpPost) post).setEntity(new ByteArrayEntity(Workload.body(index)));
    }
    if (leak) {
      HttpResponse response = newClient(index).execute(post);
      digest.record(index, response.getStatusLine().getStatusCode(), new byte[0]);
      return;
    }
    switch (clients) {
      case "own-manager":
        try (CloseableHttpResponse response = ownManagerClient.execute(post)) {
          record(index, response, digest);
        }
        return;
      case "legacy":
        sendLegacy(index, post, digest);
        return;
      default:
        try (CloseableHttpClient client = newClient(index);
            CloseableHttpResponse response = client.execute(post)) {
          record(index, response, digest);
        }
    }
  }

  private CloseableHttpClient newClient(int index) {
    if ("minimal".equals(clients)) {
      return HttpClients.createMinimal();
    }
    if ("app-manager".equals(clients)) {
      return HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager()).build();
    }
    return index % 2 == 0 ? HttpClients.createDefault() : HttpClients.custom().build();
  }

  @SuppressWarnings("deprecation")
  private static void sendLegacy(int index, HttpRequestBase post, Workload.Digest digest) throws Exception {
    HttpClient client = new DefaultHttpClient();
    try {
      record(index, client.execute(post), digest);
    } finally {
      client.getConnectionManager().shutdown();
    }
  }

  private static void record(int index, HttpResponse response, Workload.Digest digest) throws Exception {
    digest.record(index, response.getStatusLine().getStatusCode(), EntityUtils.toByteArray(response.getEntity()));
  }
}
