package io.httppool.testapps.apache5;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An HttpClient 5 application written the way users write it: {@code clients=per-request} creates (and closes)
 * a client for every request, rotating through {@code createDefault()}, {@code custom().build()},
 * {@code createSystem()} and {@code createMinimal()} (or those {@code style} lists; {@code app-manager} is the
 * copy-pasted {@code HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager()).build()});
 * {@code clients=shared}
 * uses one. {@code mode=async} does the same with {@code HttpAsyncClients}. POSTs each request's body to
 * {@code url} and prints the digest of what it received, or GETs {@code url} with {@code method=GET};
 * {@code pause-millis} waits before reporting.
 */
public final class Apache5App {
  private static final String[] STYLES = {"default", "custom", "system", "minimal"};

  private final URI uri;
  private final boolean perRequest;
  private final String style;
  private final boolean post;
  private CloseableHttpClient sharedClassic;
  private CloseableHttpAsyncClient sharedAsync;

  private Apache5App(AppArgs args) {
    uri = URI.create(args.require("url"));
    perRequest = "per-request".equals(args.get("clients", "per-request"));
    style = args.get("style", "mixed");
    post = "POST".equals(args.get("method", "POST"));
  }

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    int requests = args.getInt("requests", 100);
    int threads = args.getInt("threads", 8);
    boolean async = "async".equals(args.get("mode", "classic"));
    Apache5App app = new Apache5App(args);
    if (!app.perRequest) {
      app.sharedClassic = HttpClients.createDefault();
      app.sharedAsync = HttpAsyncClients.createDefault();
      app.sharedAsync.start();
    }
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          if (async) {
            app.sendAsync(index, digest);
          } else {
            app.send(index, digest);
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
    Thread.sleep(args.getInt("pause-millis", 0));
    AppReport.result("digest", digest.hex());
    report.finish();
    if (!app.perRequest) {
      app.sharedClassic.close();
      app.sharedAsync.close();
    }
    System.exit(0);
  }

  private CloseableHttpClient newClient(int index) {
    String[] styles = "mixed".equals(style) ? STYLES : style.split(",");
    String chosen = styles[index % styles.length];
    switch (chosen) {
      case "custom":
        return HttpClients.custom().build();
      case "system":
        return HttpClients.createSystem();
      case "minimal":
        return HttpClients.createMinimal();
      case "app-manager":
        return HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager()).build();
      default:
        return HttpClients.createDefault();
    }
  }

  private void send(int index, Workload.Digest digest) throws Exception {
    HttpUriRequestBase request;
    if (post) {
      request = new HttpPost(uri);
      request.setEntity(new ByteArrayEntity(Workload.body(index), ContentType.APPLICATION_OCTET_STREAM));
    } else {
      request = new HttpGet(uri);
    }
    request.setHeader("X-Request-Id", Integer.toString(index));
    CloseableHttpClient client = perRequest ? newClient(index) : sharedClassic;
    try {
      client.execute(request, response -> {
        digest.record(index, response.getCode(), EntityUtils.toByteArray(response.getEntity()));
        return null;
      });
    } finally {
      if (perRequest) {
        client.close();
      }
    }
  }

  private void sendAsync(int index, Workload.Digest digest) throws Exception {
    SimpleHttpRequest request = new SimpleHttpRequest(post ? "POST" : "GET", uri);
    if (post) {
      request.setBody(Workload.body(index), ContentType.APPLICATION_OCTET_STREAM);
    }
    request.setHeader("X-Request-Id", Integer.toString(index));
    CloseableHttpAsyncClient client = sharedAsync;
    if (perRequest) {
      client = index % 2 == 0 ? HttpAsyncClients.createDefault() : HttpAsyncClients.custom().build();
      client.start();
    }
    try {
      Future<SimpleHttpResponse> future = client.execute(request, null);
      SimpleHttpResponse response = future.get(60, TimeUnit.SECONDS);
      byte[] body = response.getBodyBytes();
      digest.record(index, response.getCode(), body == null ? new byte[0] : body);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    } finally {
      if (perRequest) {
        client.close();
      }
    }
  }
}
