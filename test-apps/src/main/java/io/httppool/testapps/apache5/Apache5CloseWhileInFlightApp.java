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
 * and closing other clients to the same host; every other one of those throws an {@code Error} from a request
 * interceptor, after which HttpClient closes its connection manager immediately. Neither may break the
 * long-lived client's requests.
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
    int errors = 0;
    while (!workers.isTerminated()) {
      boolean throwError = closed % 2 == 1;
      try (CloseableHttpClient shortLived = throwError
          ? HttpClients.custom().addRequestInterceptorLast((request, entity, context) -> {
            throw new AssertionError("an Error inside the exec chain");
          }).build()
          : HttpClients.createDefault()) {
        shortLived.execute(new HttpGet(base + "/hello"), response -> {
          EntityUtils.consume(response.getEntity());
          return null;
        });
      } catch (AssertionError expected) {
        errors++;
      } catch (Exception e) {
        report.failed(e);
      }
      closed++;
    }
    AppReport.result("errorsThrown", errors);
    AppReport.result("completed", completed.get());
    AppReport.result("closedClients", closed);
    report.finish();
    longLived.close();
    System.exit(0);
  }
}
