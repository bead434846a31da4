package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Every call an application makes on its own classic {@code PoolingHttpClientConnectionManager}, in order,
 * printing what each one shows: stats while a response is open and after, the limit setters, {@code setMaxTotal(1)}
 * under 4 threads (against {@code limit-url}, whose server counts the requests in flight at once),
 * {@code closeIdle}, {@code closeExpired}, {@code close()} of one client's manager while another client's request
 * is in flight, and what a closed manager does on the next request and lease. Compiled against 5.5, uses only
 * what 5.0 has. Run without and with the agent, every {@code RESULT} line must read the same.
 */
public final class Apache5ManagerHandleApp {
  private Apache5ManagerHandleApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("url");
    String limitUrl = args.require("limit-url");
    AppReport report = new AppReport();
    URI uri = URI.create(base);
    HttpRoute route = new HttpRoute(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()));

    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
    manager.setMaxTotal(5);
    manager.setDefaultMaxPerRoute(3);
    CloseableHttpClient client = HttpClients.custom().setConnectionManager(manager).build();
    client.execute(new HttpGet(base + "/hello"), response -> {
      stats("open.total", manager.getTotalStats());
      stats("open.route", manager.getStats(route));
      EntityUtils.consume(response.getEntity());
      return null;
    });
    stats("closed.total", manager.getTotalStats());
    AppReport.result("closed.available.positive", manager.getTotalStats().getAvailable() > 0);
    AppReport.result("max.route", manager.getMaxPerRoute(route));
    manager.setMaxPerRoute(route, 4);
    AppReport.result("setMaxPerRoute.route.max", manager.getStats(route).getMax());
    manager.setDefaultMaxPerRoute(2);
    AppReport.result("setDefaultMaxPerRoute.total.max", manager.getTotalStats().getMax());

    manager.closeIdle(TimeValue.ZERO_MILLISECONDS);
    AppReport.result("closeIdle.available", manager.getTotalStats().getAvailable());
    manager.closeExpired();
    AppReport.result("closeExpired.available", manager.getTotalStats().getAvailable());

    PoolingHttpClientConnectionManager limited = new PoolingHttpClientConnectionManager();
    limited.setMaxTotal(1);
    CloseableHttpClient limitedClient = HttpClients.custom().setConnectionManager(limited).build();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(workers.submit(() -> get(limitedClient, limitUrl)));
    }
    int ok = 0;
    for (Future<Integer> status : statuses) {
      ok += status.get() == 200 ? 1 : 0;
    }
    AppReport.result("limit.ok", ok);

    CloseableHttpClient busy = HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager())
        .build();
    Future<Integer> inFlight = workers.submit(() -> get(busy, base + "/delay/500"));
    PoolingHttpClientConnectionManager closing = new PoolingHttpClientConnectionManager();
    CloseableHttpClient closingClient = HttpClients.custom().setConnectionManager(closing).build();
    AppReport.result("beforeClose.status", get(closingClient, base + "/hello"));
    closing.close();
    AppReport.result("otherClientInFlight.status", inFlight.get());
    try {
      get(closingClient, base + "/hello");
      AppReport.result("afterClose", "no exception");
    } catch (Exception e) {
      AppReport.result("afterClose", e.getClass().getName() + ": " + e.getMessage());
    }
    try {
      closing.lease("after-close", route, Timeout.ofSeconds(5), null);
      AppReport.result("afterClose.lease", "no exception");
    } catch (Exception e) {
      AppReport.result("afterClose.lease", e.getClass().getName() + ": " + e.getMessage());
    }
    client.close();
    AppReport.result("afterClientClose.totalLeased", manager.getTotalStats().getLeased());
    workers.shutdown();
    report.finish();
    System.exit(0);
  }

  private static int get(CloseableHttpClient client, String url) throws Exception {
    return client.execute(new HttpGet(url), response -> {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    });
  }

  private static void stats(String name, PoolStats stats) {
    AppReport.result(name + ".leased", stats.getLeased());
    AppReport.result(name + ".pending", stats.getPending());
    AppReport.result(name + ".max", stats.getMax());
  }
}
