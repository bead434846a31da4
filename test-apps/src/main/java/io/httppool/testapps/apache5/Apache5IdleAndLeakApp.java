package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Opens {@code parallel} connections with concurrent slow requests, then leaves them idle, and forgets to close
 * one response (a leaked lease), then idles for {@code idleMillis} so the agent's eviction and leak detection
 * can act before the metrics are scraped.
 */
public final class Apache5IdleAndLeakApp {
  private Apache5IdleAndLeakApp() {}

  @SuppressWarnings("deprecation")
  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int parallel = args.getInt("parallel", 4);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(parallel);
    CountDownLatch done = new CountDownLatch(parallel);
    for (int i = 0; i < parallel; i++) {
      workers.execute(() -> {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
          client.execute(new HttpGet(base + "/delay/300"), response -> {
            EntityUtils.consume(response.getEntity());
            return null;
          });
        } catch (Exception e) {
          report.failed(e);
        } finally {
          done.countDown();
        }
      });
    }
    done.await(30, TimeUnit.SECONDS);
    workers.shutdown();
    // the classic mistake: a response never read nor closed keeps its connection leased
    CloseableHttpResponse leaked = HttpClients.createDefault().execute(new HttpGet(base + "/hello"));
    AppReport.result("leakedStatus", leaked.getCode());
    Thread.sleep(args.getInt("idleMillis", 3000));
    report.finish();
    System.exit(0);
  }
}
