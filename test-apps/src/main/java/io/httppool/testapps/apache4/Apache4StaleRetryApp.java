package io.httppool.testapps.apache4;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * One HttpClient 4.x client sending {@code requests} requests of one {@code method} (get, put, post) one after
 * another, {@code gap-millis} apart, each with an X-Request-Id. {@code retries=}: {@code disabled}
 * ({@code disableAutomaticRetries()}), {@code default} (the library's default handler) or {@code none-handler}
 * (the application's own handler, which retries nothing). {@code stale-check=true} turns on the per-request
 * stale check (4.3's default).
 */
public final class Apache4StaleRetryApp {
  private Apache4StaleRetryApp() {}

  @SuppressWarnings("deprecation")
  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    String method = args.get("method", "get");
    int requests = args.getInt("requests", 5);
    int gapMillis = args.getInt("gap-millis", 50);
    HttpClientBuilder builder = HttpClients.custom().setDefaultRequestConfig(RequestConfig.custom()
        .setStaleConnectionCheckEnabled(Boolean.parseBoolean(args.get("stale-check", "false"))).build());
    switch (args.get("retries", "disabled")) {
      case "disabled" -> builder.disableAutomaticRetries();
      case "none-handler" -> builder.setRetryHandler(new DefaultHttpRequestRetryHandler(0, false));
      case "default" -> { }
      default -> throw new IllegalArgumentException("retries=" + args.get("retries", ""));
    }
    AppReport report = new AppReport();
    try (CloseableHttpClient client = builder.build()) {
      for (int i = 0; i < requests; i++) {
        if (i > 0) {
          Thread.sleep(gapMillis);
        }
        HttpRequestBase request = switch (method) {
          case "get" -> new HttpGet(url);
          case "put" -> withBody(new HttpPut(url), i);
          case "post" -> withBody(new HttpPost(url), i);
          default -> throw new IllegalArgumentException("method=" + method);
        };
        request.setHeader("X-Request-Id", method + "-" + i);
        try (CloseableHttpResponse response = client.execute(request)) {
          EntityUtils.consume(response.getEntity());
        } catch (Exception e) {
          report.failed(e);
        }
      }
    }
    report.finish();
    System.exit(0);
  }

  private static HttpRequestBase withBody(org.apache.http.client.methods.HttpEntityEnclosingRequestBase request,
      int index) {
    request.setEntity(new ByteArrayEntity(Workload.body(index)));
    return request;
  }
}
