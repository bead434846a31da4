package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One long-lived client sends slow requests from several threads while the main thread keeps creating, using
 * and closing other clients to the same host. Closing those must not break the long-lived client's requests.
 */
public final class Apache5CloseWhileInFlightApp {
  private Apache5CloseWhileInFlightApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int requests = args.getInt("requests", 40);
    int threads = args.getInt("threads", 4);
    AppReport report = new AppReport();
    AtomicInteger completed = new AtomicInteger();
    CloseableHttpClient longLived = HttpClients.createDefault();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      workers.execute(() -> {
        try {
          int status = longLived.execute(new HttpGet(base + "/delay/200"), response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
          });
          if (status == 200) {
            completed.incrementAndGet();
          }
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    int closed = 0;
    while (!workers.isTerminated()) {
      try (CloseableHttpClient shortLived = HttpClients.createDefault()) {
        shortLived.execute(new HttpGet(base + "/hello"), response -> {
          EntityUtils.consume(response.getEntity());
          return null;
        });
      } catch (Exception e) {
        report.failed(e);
      }
      closed++;
    }
    AppReport.result("completed", completed.get());
    AppReport.result("closedClients", closed);
    report.finish();
    longLived.close();
    System.exit(0);
  }
}
