package io.httppool.testapps.apppools;

import io.httppool.testapps.Workload;
import io.httppool.testapps.server.BuiltInRoutes;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import kong.unirest.HttpResponse;
import kong.unirest.Unirest;
import kong.unirest.UnirestInstance;

/**
 * Unirest 3 used per call: {@code Unirest.spawnInstance()}, which builds its own Apache 4 connection manager, a
 * GET of {@code /hello} and a POST of {@link Workload#body} to {@code /echo} on it, then {@code shutDown()}.
 * Prints the digest of every response, GETs at even indexes and POSTs at odd ones.
 */
public final class UnirestPerCallApp {
  private UnirestPerCallApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int calls = args.getInt("calls", 2000);
    int threads = args.getInt("threads", 8);
    Workload.Digest digest = new Workload.Digest(2 * calls);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < calls; i++) {
      int index = i;
      workers.execute(() -> {
        UnirestInstance unirest = Unirest.spawnInstance();
        try {
          HttpResponse<byte[]> hello = unirest.get(base + "/hello").asBytes();
          digest.record(2 * index, hello.getStatus(), hello.getBody());
          HttpResponse<byte[]> echo = unirest.post(base + "/echo").body(Workload.body(index)).asBytes();
          digest.record(2 * index + 1, echo.getStatus(), echo.getBody());
        } catch (Exception e) {
          report.failed(e);
        } finally {
          unirest.shutDown();
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls did not finish");
    }
    AppReport.result("calls", calls);
    AppReport.result("digest", digest.hex());
    report.finish();
    System.exit(0);
  }

  /** The digest a run of {@code calls} calls prints when it saw what the local server's built-in routes sent. */
  public static String expectedDigest(int calls) {
    Workload.Digest digest = new Workload.Digest(2 * calls);
    for (int i = 0; i < calls; i++) {
      digest.record(2 * i, 200, BuiltInRoutes.HELLO.getBytes(StandardCharsets.UTF_8));
      digest.record(2 * i + 1, 200, Workload.body(i));
    }
    return digest.hex();
  }
}
