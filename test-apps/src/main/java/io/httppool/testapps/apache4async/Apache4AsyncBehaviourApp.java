package io.httppool.testapps.apache4async;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.BasicCookieStore;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.message.BasicHeader;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;

/**
 * What an HttpAsyncClient 4.1 application sees of each client's own settings and lifecycle, every client built
 * from the library's defaults but for one setting, several alive at once: default headers and user agent, an
 * interceptor, redirects turned off, a socket timeout, a cookie store of its own; one client's {@code close()}
 * while another's request is in flight; requests on a closed and on a never-started client. Prints one line per
 * case, the same without and with the agent. Needs the test's routes {@code /hdr}, {@code /redirect},
 * {@code /set-cookie}, {@code /cookie} and the built-in {@code /delay/*}.
 */
public final class Apache4AsyncBehaviourApp {
  private final String base;

  private Apache4AsyncBehaviourApp(String base) {
    this.base = base;
  }

  public static void main(String[] arguments) throws Exception {
    Apache4AsyncBehaviourApp app = new Apache4AsyncBehaviourApp(new AppArgs(arguments).require("base"));
    CloseableHttpAsyncClient a = started(HttpAsyncClients.custom().setUserAgent("ua-a")
        .setDefaultHeaders(List.of(new BasicHeader("X-Client", "a"))).build());
    CloseableHttpAsyncClient b = started(HttpAsyncClients.custom().setUserAgent("ua-b")
        .setDefaultHeaders(List.of(new BasicHeader("X-Client", "b"))).build());
    CloseableHttpAsyncClient intercepting = started(HttpAsyncClients.custom()
        .addInterceptorFirst((HttpRequest request, HttpContext context) -> request.addHeader("X-Client", "seen"))
        .build());
    CloseableHttpAsyncClient noRedirects = started(HttpAsyncClients.custom().setRedirectStrategy(
        new org.apache.http.impl.client.DefaultRedirectStrategy() {
          @Override
          public boolean isRedirected(HttpRequest request, HttpResponse response, HttpContext context) {
            return false;
          }
        }).build());
    CloseableHttpAsyncClient impatient = started(HttpAsyncClients.custom()
        .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(300).build()).build());
    CloseableHttpAsyncClient withCookies = started(HttpAsyncClients.custom()
        .setDefaultCookieStore(new BasicCookieStore()).build());
    CloseableHttpAsyncClient plain = started(HttpAsyncClients.createDefault());

    AppReport.result("headers-a", app.get(a, "/hdr"));
    AppReport.result("headers-b", app.get(b, "/hdr"));
    AppReport.result("headers-intercepted", app.get(intercepting, "/hdr"));
    AppReport.result("redirect-followed", app.get(plain, "/redirect"));
    AppReport.result("redirect-off", app.get(noRedirects, "/redirect"));
    AppReport.result("socket-timeout", app.get(impatient, "/delay/1500"));
    AppReport.result("socket-timeout-other-client", app.get(plain, "/delay/500"));
    app.get(withCookies, "/set-cookie");
    AppReport.result("cookie-own-store", app.get(withCookies, "/cookie"));
    AppReport.result("cookie-other-client", app.get(plain, "/cookie"));

    // one client closes while another's request is in flight; a request on the closed client after that
    CloseableHttpAsyncClient bystander = started(HttpAsyncClients.createDefault());
    CloseableHttpAsyncClient closing = started(HttpAsyncClients.createDefault());
    app.get(closing, "/hdr");
    Future<HttpResponse> inFlight = bystander.execute(new HttpGet(app.base + "/delay/800"), null);
    Thread.sleep(200);
    closing.close();
    AppReport.result("bystander-in-flight", describe(inFlight));
    AppReport.result("bystander-after-close", app.get(bystander, "/hdr"));
    AppReport.result("closed-client", app.get(closing, "/hdr"));
    AppReport.result("closed-client-running", closing.isRunning());
    CloseableHttpAsyncClient neverStarted = HttpAsyncClients.createDefault();
    AppReport.result("never-started-client", app.get(neverStarted, "/hdr"));
    for (CloseableHttpAsyncClient client : List.of(a, b, intercepting, noRedirects, impatient, withCookies, plain,
        bystander, neverStarted)) {
      client.close();
    }
    new AppReport().finish();
    System.exit(0);
  }

  private static CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
    client.start();
    return client;
  }

  private String get(CloseableHttpAsyncClient client, String path) {
    try {
      return describe(client.execute(new HttpGet(base + path), null));
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String describe(Future<HttpResponse> future) {
    try {
      HttpResponse response = future.get(30, TimeUnit.SECONDS);
      return "status " + response.getStatusLine().getStatusCode() + " " + EntityUtils.toString(response.getEntity());
    } catch (ExecutionException e) {
      return e.getCause().getClass().getName();
    } catch (Exception e) {
      return e.getClass().getName();
    }
  }
}
