package io.httppool.testapps.apache5;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Collections;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient 5 async written as a new user writes it: a client built, started and closed for every request
 * ({@code clients=per-request}), or one client for all ({@code clients=shared}). {@code style=default} builds
 * with {@code HttpAsyncClients.createDefault()}, {@code style=custom} with {@code custom()} and settings of the
 * client's own (default headers, a request interceptor, cookie store, request config, retry and redirect
 * strategies, user agent), {@code style=mixed} alternates. POSTs each request's body to {@code url}; reports the
 * digest of what came back, the JVM's live threads once the closed clients' threads have ended, and the threads
 * the JVM started.
 */
public final class Apache5AsyncPerRequestApp {
  private Apache5AsyncPerRequestApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URI uri = URI.create(args.require("url"));
    int requests = args.getInt("requests", 2000);
    int threads = args.getInt("threads", 8);
    boolean perRequest = "per-request".equals(args.get("clients", "per-request"));
    String style = args.get("style", "mixed");
    CloseableHttpAsyncClient shared = perRequest ? null : newClient(style, 0);
    if (shared != null) {
      shared.start();
    }
    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        CloseableHttpAsyncClient client = shared != null ? shared : newClient(style, index);
        try {
          if (shared == null) {
            client.start();
          }
          SimpleHttpRequest request = new SimpleHttpRequest("POST", uri);
          request.setBody(Workload.body(index), ContentType.APPLICATION_OCTET_STREAM);
          request.setHeader("X-Request-Id", Integer.toString(index));
          SimpleHttpResponse response = client.execute(request, null).get(60, TimeUnit.SECONDS);
          byte[] body = response.getBodyBytes();
          digest.record(index, response.getCode(), body == null ? new byte[0] : body);
        } catch (ExecutionException e) {
          report.failed(e.getCause());
        } catch (Exception e) {
          report.failed(e);
        } finally {
          if (shared == null) {
            closeQuietly(client, report);
          }
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    AppReport.result("digest", digest.hex());
    AppReport.result("live-threads", settledThreadCount());
    AppReport.result("started-threads", ManagementFactory.getThreadMXBean().getTotalStartedThreadCount());
    AppReport.result("threads-by-name", threadsByName());
    report.finish();
    if (shared != null) {
      shared.close();
    }
    System.exit(0);
  }

  private static void closeQuietly(CloseableHttpAsyncClient client, AppReport report) {
    try {
      client.close();
    } catch (Exception e) {
      report.failed(e);
    }
  }

  private static CloseableHttpAsyncClient newClient(String style, int index) {
    boolean custom = "custom".equals(style) || "mixed".equals(style) && index % 2 == 1;
    if (!custom) {
      return HttpAsyncClients.createDefault();
    }
    return HttpAsyncClients.custom()
        .setDefaultHeaders(Collections.singletonList(new BasicHeader("X-Client", "custom-" + index)))
        .addRequestInterceptorFirst((request, entity, context) -> request.addHeader("X-Intercepted", "yes"))
        .setDefaultCookieStore(new BasicCookieStore())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
        .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ofMilliseconds(50)))
        .setRedirectStrategy(DefaultRedirectStrategy.INSTANCE)
        .setUserAgent("per-request-app/1")
        .build();
  }

  /** The live threads, counted by name with the digits left out: what the live thread count is made of. */
  private static String threadsByName() {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      counts.merge(thread.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
    }
    return counts.toString();
  }

  /**
   * The live thread count once it stops falling: a closed client's threads end shortly after {@code close()}
   * returns. Read until two readings 200 ms apart agree, for at most 10 s.
   */
  private static int settledThreadCount() throws InterruptedException {
    int previous = ManagementFactory.getThreadMXBean().getThreadCount();
    for (int i = 0; i < 50; i++) {
      Thread.sleep(200);
      int now = ManagementFactory.getThreadMXBean().getThreadCount();
      if (now == previous) {
        return now;
      }
      previous = now;
    }
    return previous;
  }
}
