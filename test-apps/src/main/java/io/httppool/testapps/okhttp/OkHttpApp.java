package io.httppool.testapps.okhttp;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An OkHttp application written two ways: {@code clients=per-request} builds a new client for every call (the
 * problem the agent fixes), {@code clients=shared} uses one client as the OkHttp docs advise. POSTs each
 * request's body to {@code url}, with {@code execute()} or {@code enqueue()}, and prints the digest of what it
 * received. {@code pool=no-idle} gives every client a pool the application chose, one that keeps no idle
 * connection; {@code pool=per-client} gives every client a {@code new ConnectionPool()} of its own, as copied advice
 * does. A {@code pause} (ms) after each request lets idle connections age. Compiled against OkHttp 4 and run
 * against 3.x, 4.x and 5.x.
 */
public final class OkHttpApp {
  private static final MediaType OCTETS = MediaType.parse("application/octet-stream");

  private final String url;
  private final boolean perRequest;
  private final boolean async;
  private final OkHttpClient shared = new OkHttpClient();
  private final ConnectionPool applicationPool;
  private final boolean poolPerClient;

  private OkHttpApp(String url, boolean perRequest, boolean async, String pool) {
    this.url = url;
    this.perRequest = perRequest;
    this.async = async;
    // an application that chose, on purpose, a pool that keeps no idle connection
    this.applicationPool = "no-idle".equals(pool) ? new ConnectionPool(0, 1, TimeUnit.SECONDS) : null;
    this.poolPerClient = "per-client".equals(pool);
  }

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    int requests = args.getInt("requests", 100);
    int threads = args.getInt("threads", 8);
    long pauseMillis = args.getInt("pause", 0);
    OkHttpApp app = new OkHttpApp(args.require("url"), "per-request".equals(args.get("clients", "per-request")),
        "async".equals(args.get("mode", "sync")), args.get("pool", "default"));
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          app.send(index, digest);
          Thread.sleep(pauseMillis);
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
    report.finish();
    System.exit(0);
  }

  private OkHttpClient client(int index) {
    if (!perRequest) {
      return shared;
    }
    if (applicationPool != null) {
      return new OkHttpClient.Builder().connectionPool(applicationPool).build();
    }
    if (poolPerClient) {
      return new OkHttpClient.Builder().connectionPool(new ConnectionPool()).build();
    }
    // the two ways users write it
    return index % 2 == 0 ? new OkHttpClient() : new OkHttpClient.Builder().build();
  }

  private void send(int index, Workload.Digest digest) throws Exception {
    Request request = new Request.Builder()
        .url(url)
        .header("X-Request-Id", Integer.toString(index))
        .post(RequestBody.create(OCTETS, Workload.body(index)))
        .build();
    Call call = client(index).newCall(request);
    if (!async) {
      try (Response response = call.execute()) {
        digest.record(index, response.code(), response.body().bytes());
      }
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        done.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call answered, Response response) throws IOException {
        try (response) {
          digest.record(index, response.code(), response.body().bytes());
          done.complete(null);
        } catch (IOException | RuntimeException e) {
          done.completeExceptionally(e);
        }
      }
    });
    try {
      done.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
