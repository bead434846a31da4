package io.httppool.testapps.apache5;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Reuses a connection the server has already closed, on purpose: against a server that drops connections idle
 * longer than it waits, it sends a request, waits {@code idleMillis}, and sends another on the same (pooled,
 * now stale) connection. {@code get=<base>} does it with GETs, {@code post=<base>} with POSTs, each against its
 * own server. One client, built with {@code disableAutomaticRetries()} ({@code retries=disabled}, the default) or
 * with the library's default retry strategy ({@code retries=default}). Prints how the second request of each
 * ended: {@code ok} or the exception's class, and its message.
 */
public final class Apache5StaleRetryApp {
  private Apache5StaleRetryApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    int idleMillis = args.getInt("idleMillis", 600);
    HttpClientBuilder builder = HttpClients.custom();
    if (!"default".equals(args.get("retries", "disabled"))) {
      builder.disableAutomaticRetries();
    }
    AppReport report = new AppReport();
    try (CloseableHttpClient client = builder.build()) {
      String getBase = args.get("get", null);
      if (getBase != null) {
        reuseAfterIdle(client, "get", idleMillis, id -> {
          HttpGet get = new HttpGet(getBase + "/hello");
          get.setHeader("X-Request-Id", id);
          return get;
        });
      }
      String postBase = args.get("post", null);
      if (postBase != null) {
        reuseAfterIdle(client, "post", idleMillis, id -> {
          HttpPost post = new HttpPost(postBase + "/echo");
          post.setHeader("X-Request-Id", id);
          post.setEntity(new ByteArrayEntity(Workload.body(1), ContentType.APPLICATION_OCTET_STREAM));
          return post;
        });
      }
    }
    report.finish();
    System.exit(0);
  }

  private interface RequestFactory {
    HttpUriRequestBase create(String id);
  }

  private static void reuseAfterIdle(CloseableHttpClient client, String name, int idleMillis,
      RequestFactory requests) throws Exception {
    send(client, requests.create(name + "-1"));
    Thread.sleep(idleMillis);
    try {
      send(client, requests.create(name + "-2"));
      AppReport.result(name, "ok");
    } catch (Exception e) {
      AppReport.result(name, e.getClass().getName());
      AppReport.result(name + ".message", e.getMessage());
    }
  }

  private static void send(CloseableHttpClient client, HttpUriRequestBase request) throws Exception {
    client.execute(request, response -> {
      EntityUtils.consume(response.getEntity());
      return null;
    });
  }
}
