package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.Collections;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * Async clients with settings of their own, side by side: each has its own default header, request interceptor,
 * exec interceptor, user agent, cookie store and request config (the long-lived {@code a}: 1 s response timeout,
 * {@code b}: 10 s). Two long-lived ones check cookies and timeouts; then {@code requests} clients built per request on
 * {@code threads} threads, alternately {@code a} and {@code b}, check that each request carried its own client's
 * settings. {@code base} serves {@code /inspect} (the request's X-Client, X-Intercepted, X-Exec, User-Agent and
 * Cookie headers; {@code ?set=NAME} also sets the cookie {@code who=NAME}) and {@code /delay/3000}. Two default
 * clients, one after the other, report what they sent ({@code default-inspect-0/1}: the library's user agent).
 */
public final class Apache5AsyncSettingsApp {
  private Apache5AsyncSettingsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    int requests = args.getInt("requests", 200);
    int threads = args.getInt("threads", 8);
    try (CloseableHttpAsyncClient a = client("a", 1000); CloseableHttpAsyncClient b = client("b", 10_000)) {
      a.start();
      b.start();
      get(a, base + "/inspect?set=a");
      get(b, base + "/inspect?set=b");
      AppReport.result("a-inspect", get(a, base + "/inspect"));
      AppReport.result("b-inspect", get(b, base + "/inspect"));
      AppReport.result("a-slow", get(a, base + "/delay/3000"));
      AppReport.result("b-slow", get(b, base + "/delay/3000"));
    }
    for (int i = 0; i < 2; i++) {
      try (CloseableHttpAsyncClient plain = HttpAsyncClients.createDefault()) {
        plain.start();
        AppReport.result("default-inspect-" + i, get(plain, base + "/inspect"));
      }
    }
    AtomicInteger mismatches = new AtomicInteger();
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      String name = i % 2 == 0 ? "a" : "b";
      workers.execute(() -> {
        try (CloseableHttpAsyncClient client = client(name, 10_000)) {
          client.start();
          String seen = get(client, base + "/inspect");
          if (!seen.equals(expectedInspect(name, null))) {
            mismatches.incrementAndGet();
            System.out.println("mismatch for " + name + ": " + seen);
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
    AppReport.result("mismatches", mismatches.get());
    report.finish();
    System.exit(0);
  }

  /** What {@code /inspect} answers to a request of client {@code name} holding the cookie {@code cookie}. */
  public static String expectedInspect(String name, String cookie) {
    return "X-Client=" + name + ";X-Intercepted=" + name + ";X-Exec=" + name + ";User-Agent=agent-" + name
        + ";Cookie=" + (cookie == null ? "-" : cookie);
  }

  private static CloseableHttpAsyncClient client(String name, int responseTimeoutMillis) {
    return HttpAsyncClients.custom()
        .setDefaultHeaders(Collections.singletonList(new BasicHeader("X-Client", name)))
        .addRequestInterceptorFirst((request, entity, context) -> request.addHeader("X-Intercepted", name))
        .addExecInterceptorFirst("tag-" + name, (request, entityProducer, scope, chain, callback) -> {
          request.addHeader("X-Exec", name);
          chain.proceed(request, entityProducer, scope, callback);
        })
        .setUserAgent("agent-" + name)
        .setDefaultCookieStore(new BasicCookieStore())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setResponseTimeout(Timeout.ofMilliseconds(responseTimeoutMillis)).build())
        .build();
  }

  /** The body and status, or the exception's class. */
  private static String get(CloseableHttpAsyncClient client, String url) throws Exception {
    try {
      SimpleHttpResponse response = client.execute(new SimpleHttpRequest("GET", java.net.URI.create(url)), null)
          .get(30, TimeUnit.SECONDS);
      return response.getCode() == 200 && url.contains("/inspect") ? response.getBodyText()
          : "status " + response.getCode();
    } catch (ExecutionException e) {
      return e.getCause().getClass().getName();
    }
  }
}
