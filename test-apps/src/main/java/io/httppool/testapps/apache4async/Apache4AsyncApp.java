package io.httppool.testapps.apache4async;

import io.httppool.testapps.Workload;
import io.httppool.testapps.frameworks.FrameworkRoutes;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;
import org.apache.http.impl.nio.reactor.DefaultConnectingIOReactor;
import org.apache.http.impl.nio.reactor.IOReactorConfig;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * An HttpAsyncClient 4.1 application written the way users write it: {@code clients=per-request} builds, starts
 * and closes a client for every request, {@code clients=shared} uses one. {@code style=direct} is
 * {@code HttpAsyncClients.createDefault()} POSTing each request's body to {@code /echo}; {@code style=elasticsearch}
 * (or GETting the path {@code get} names; {@code style=own-manager} builds each client on a
 * {@code PoolingNHttpClientConnectionManager} of its own); {@code style=elasticsearch} is the Elasticsearch low-level {@code RestClient.builder(host).build()} GETting the JSON of {@code /fw/{index}}
 * (a 404 or 500 is an answer too: Elasticsearch throws it as a {@code ResponseException} that carries it). Prints
 * the digest of every status and body, and the threads alive at the end and started in all.
 */
public final class Apache4AsyncApp {
  private final String base;
  private final boolean perRequest;
  private final boolean elasticsearch;
  /** {@code style=own-manager}: each client is built with a pooling manager of the app's own, as Unirest 3 does. */
  private final boolean ownManager;
  /** With {@code style=direct}: GET this path instead of POSTing to {@code /echo}. */
  private final String getPath;
  private CloseableHttpAsyncClient sharedClient;
  private Elasticsearch sharedRest;

  private Apache4AsyncApp(AppArgs args) {
    base = args.require("base");
    perRequest = "per-request".equals(args.get("clients", "per-request"));
    elasticsearch = "elasticsearch".equals(args.get("style", "direct"));
    ownManager = "own-manager".equals(args.get("style", "direct"));
    getPath = args.get("get", null);
  }

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    int requests = args.getInt("requests", 100);
    Apache4AsyncApp app = new Apache4AsyncApp(args);
    if (!app.perRequest && app.elasticsearch) {
      app.sharedRest = new Elasticsearch(app.base);
    } else if (!app.perRequest) {
      app.sharedClient = HttpAsyncClients.createDefault();
      app.sharedClient.start();
    }
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(args.getInt("threads", 8));
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          if (app.elasticsearch) {
            Elasticsearch.send(app.perRequest ? null : app.sharedRest, app.base, index, digest);
          } else {
            app.sendDirect(index, digest);
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
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AppReport.result("live-threads", threads.getThreadCount());
    AppReport.result("started-threads", threads.getTotalStartedThreadCount());
    report.finish();
    System.exit(0);
  }

  private void sendDirect(int index, Workload.Digest digest) throws Exception {
    HttpUriRequest request;
    if (getPath != null) {
      request = new HttpGet(base + getPath);
    } else {
      HttpPost post = new HttpPost(base + "/echo");
      post.setEntity(new ByteArrayEntity(Workload.body(index), ContentType.APPLICATION_OCTET_STREAM));
      request = post;
    }
    CloseableHttpAsyncClient client = sharedClient;
    if (perRequest) {
      client = ownManager ? HttpAsyncClients.custom().setConnectionManager(
          new PoolingNHttpClientConnectionManager(new DefaultConnectingIOReactor(IOReactorConfig.DEFAULT))).build()
          : HttpAsyncClients.createDefault();
      client.start();
    }
    try {
      HttpResponse response = client.execute(request, null).get(60, TimeUnit.SECONDS);
      digest.record(index, response.getStatusLine().getStatusCode(), EntityUtils.toByteArray(response.getEntity()));
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    } finally {
      if (perRequest) {
        client.close();
      }
    }
  }

  /** The digest of a {@code style=elasticsearch} run that saw what {@link FrameworkRoutes} sent. */
  public static String expectedElasticsearchDigest(int requests) {
    Workload.Digest digest = new Workload.Digest(requests);
    for (int i = 0; i < requests; i++) {
      digest.record(i, FrameworkRoutes.status(i), FrameworkRoutes.body(i).getBytes(StandardCharsets.UTF_8));
    }
    return digest.hex();
  }

  /** Kept apart so that a {@code style=direct} run never loads an Elasticsearch class. */
  private static final class Elasticsearch {
    private final RestClient rest;

    Elasticsearch(String base) {
      rest = RestClient.builder(HttpHost.create(base)).build();
    }

    /** Through {@code shared}, or through a client built for this call and closed after it when null. */
    static void send(Elasticsearch shared, String base, int index, Workload.Digest digest) throws Exception {
      RestClient rest = shared != null ? shared.rest : RestClient.builder(HttpHost.create(base)).build();
      try {
        Response response;
        try {
          response = rest.performRequest(new Request("GET", FrameworkRoutes.PATH_PREFIX + index));
        } catch (ResponseException e) {
          response = e.getResponse();
        }
        digest.record(index, response.getStatusLine().getStatusCode(),
            EntityUtils.toByteArray(response.getEntity()));
      } finally {
        if (shared == null) {
          rest.close();
        }
      }
    }
  }
}
