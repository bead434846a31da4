package io.httppool.testapps.apache4;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.PoolStats;
import org.apache.http.util.EntityUtils;

/**
 * Every call an application makes on its own {@code PoolingHttpClientConnectionManager}, in order, printing what
 * each one shows: stats while a response is open and after, {@code setMaxTotal(1)} under 4 threads (against
 * {@code limit-url}, whose server counts the connections open at once), {@code closeIdleConnections},
 * {@code closeExpiredConnections} on a manager with a 100 ms time to live, {@code shutdown()} of one client's
 * manager while another client's request is in flight, and what a shut-down manager does on the next request.
 * Run without and with the agent, every {@code RESULT} line must read the same.
 */
public final class Apache4ManagerHandleApp {
  private Apache4ManagerHandleApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("url");
    String limitUrl = args.require("limit-url");
    AppReport report = new AppReport();
    URI uri = URI.create(base);
    HttpRoute route = new HttpRoute(new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()));

    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
    manager.setMaxTotal(5);
    manager.setDefaultMaxPerRoute(3);
    CloseableHttpClient client = HttpClients.custom().setConnectionManager(manager).build();
    try (CloseableHttpResponse open = client.execute(new HttpGet(base + "/hello"))) {
      stats("open.total", manager.getTotalStats());
      stats("open.route", manager.getStats(route));
      EntityUtils.consume(open.getEntity());
    }
    stats("closed.total", manager.getTotalStats());
    AppReport.result("closed.available.positive", manager.getTotalStats().getAvailable() > 0);
    AppReport.result("max.route", manager.getMaxPerRoute(route));
    manager.setMaxPerRoute(route, 4);
    AppReport.result("setMaxPerRoute.route.max", manager.getStats(route).getMax());
    manager.setDefaultMaxPerRoute(2);
    AppReport.result("setDefaultMaxPerRoute.total.max", manager.getTotalStats().getMax());

    manager.closeIdleConnections(0, TimeUnit.MILLISECONDS);
    AppReport.result("closeIdle.available", manager.getTotalStats().getAvailable());

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

    PoolingHttpClientConnectionManager expiring = new PoolingHttpClientConnectionManager(100, TimeUnit.MILLISECONDS);
    CloseableHttpClient expiringClient = HttpClients.custom().setConnectionManager(expiring).build();
    get(expiringClient, base + "/hello");
    Thread.sleep(300);
    expiring.closeExpiredConnections();
    AppReport.result("closeExpired.available", expiring.getTotalStats().getAvailable());

    CloseableHttpClient busy = HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager())
        .build();
    Future<Integer> inFlight = workers.submit(() -> get(busy, base + "/delay/500"));
    PoolingHttpClientConnectionManager closing = new PoolingHttpClientConnectionManager();
    CloseableHttpClient closingClient = HttpClients.custom().setConnectionManager(closing).build();
    AppReport.result("beforeShutdown.status", get(closingClient, base + "/hello"));
    closing.shutdown();
    AppReport.result("otherClientInFlight.status", inFlight.get());
    try {
      get(closingClient, base + "/hello");
      AppReport.result("afterShutdown", "no exception");
    } catch (Exception e) {
      AppReport.result("afterShutdown", e.getClass().getName() + ": " + e.getMessage());
    }
    try {
      closing.requestConnection(route, null);
      AppReport.result("afterShutdown.requestConnection", "no exception");
    } catch (Exception e) {
      AppReport.result("afterShutdown.requestConnection", e.getClass().getName() + ": " + e.getMessage());
    }
    client.close();
    AppReport.result("afterClose.totalLeased", manager.getTotalStats().getLeased());
    workers.shutdown();
    report.finish();
    System.exit(0);
  }

  private static int get(CloseableHttpClient client, String url) throws Exception {
    try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
      EntityUtils.consume(response.getEntity());
      return response.getStatusLine().getStatusCode();
    }
  }

  private static void stats(String name, PoolStats stats) {
    AppReport.result(name + ".leased", stats.getLeased());
    AppReport.result(name + ".pending", stats.getPending());
    AppReport.result(name + ".max", stats.getMax());
  }
}
