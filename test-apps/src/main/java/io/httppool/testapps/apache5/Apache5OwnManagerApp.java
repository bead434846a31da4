package io.httppool.testapps.apache5;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An application that builds its own pooling manager ({@code maxTotal} connections) and a client per request on
 * it, marked shared as the HttpClient docs advise. The agent must keep that manager and its limit.
 * {@code pause-millis} waits before reporting.
 */
public final class Apache5OwnManagerApp {
  private Apache5OwnManagerApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    int requests = args.getInt("requests", 500);
    int threads = args.getInt("threads", 8);
    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
    manager.setMaxTotal(args.getInt("maxTotal", 3));
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(Workload.body(index), ContentType.APPLICATION_OCTET_STREAM));
        try (CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(manager).setConnectionManagerShared(true).build()) {
          client.execute(post, response -> {
            digest.record(index, response.getCode(), EntityUtils.toByteArray(response.getEntity()));
            return null;
          });
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
    manager.close();
    System.exit(0);
  }
}
