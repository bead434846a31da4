package io.httppool.testapps.apache5;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * An async client whose only I/O thread is kept busy by the application's own callback while the server closes
 * the idle connection: the reactor has not read the close yet, so the pool still takes the connection for open,
 * hands it to the next request, and the reactor finds it closed only when it gets to the request, before writing
 * a byte of it. The library fails that request with {@code RequestNotExecutedException}.
 *
 * <p>It opens two connections (two slow GETs at once); sends a GET whose completion callback (which runs on the I/O thread)
 * blocks the thread for {@code busyMillis}; once that callback runs, waits {@code sendAfterMillis} (past the
 * server's idle timeout) and sends a {@code method} request ({@code POST} by default, which no one retries once
 * it was sent). Prints how that request ended ({@code last}: {@code ok} or the exception's class) and the usual
 * failure report.
 */
public final class Apache5AsyncBusyReactorApp {
  private Apache5AsyncBusyReactorApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    int busyMillis = args.getInt("busyMillis", 1500);
    int sendAfterMillis = args.getInt("sendAfterMillis", 600);
    String method = args.get("method", "POST");
    AppReport report = new AppReport();
    try (CloseableHttpAsyncClient client = HttpAsyncClients.custom()
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build()).build()) {
      client.start();
      // two connections: the callback below holds the I/O thread on one, the request after it reuses the other
      String slow = URI.create(url).resolve("/delay/200").toString();
      Future<SimpleHttpResponse> first = client.execute(request("GET", slow, "first-1"), null);
      Future<SimpleHttpResponse> second = client.execute(request("GET", slow, "first-2"), null);
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);

      CountDownLatch reactorBusy = new CountDownLatch(1);
      client.execute(request("GET", url, "busy"), new FutureCallback<SimpleHttpResponse>() {
        @Override
        public void completed(SimpleHttpResponse response) {
          reactorBusy.countDown();
          try {
            Thread.sleep(busyMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public void failed(Exception error) {
          reactorBusy.countDown();
        }

        @Override
        public void cancelled() {
          reactorBusy.countDown();
        }
      });
      reactorBusy.await(30, TimeUnit.SECONDS);
      Thread.sleep(sendAfterMillis);

      Future<SimpleHttpResponse> last = client.execute(request(method, url, "last"), null);
      try {
        SimpleHttpResponse response = last.get(30, TimeUnit.SECONDS);
        AppReport.result("last", "ok");
        AppReport.result("lastStatus", response.getCode());
      } catch (java.util.concurrent.ExecutionException e) {
        report.failed(e.getCause());
        AppReport.result("last", e.getCause().getClass().getName());
      }
    }
    report.finish();
    System.exit(0);
  }

  private static SimpleHttpRequest request(String method, String url, String id) {
    SimpleHttpRequest request = new SimpleHttpRequest(method, URI.create(url));
    request.setHeader("X-Request-Id", id);
    if (method.equals("POST")) {
      request.setBody(Workload.body(3), ContentType.APPLICATION_OCTET_STREAM);
    }
    return request;
  }
}
