package io.httppool.testapps.faults;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpAsyncClient 4.1 with library defaults but for the timeouts; {@code send} blocks on the response the
 * way most callers of an async client in otherwise synchronous code do.
 */
public final class Apache4AsyncFaultClient implements FaultClient {
  /** The app's own bound on one exchange, far above any timeout a scenario sets, so the library's fire first. */
  private static final long EXCHANGE_BOUND_SECONDS = 60;

  private final CloseableHttpAsyncClient client;

  public Apache4AsyncFaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    client = HttpAsyncClients.custom().useSystemProperties().setDefaultRequestConfig(RequestConfig.custom()
        .setConnectTimeout(connectTimeoutMillis).setSocketTimeout(readTimeoutMillis).build()).build();
    client.start();
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    HttpUriRequest request;
    if ("POST".equals(method)) {
      HttpPost post = new HttpPost(url);
      post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
      request = post;
    } else {
      request = new HttpGet(url);
    }
    request.setHeader("X-Request-Id", requestId);
    Future<HttpResponse> exchange = client.execute(request, null);
    try {
      EntityUtils.toByteArray(exchange.get(EXCHANGE_BOUND_SECONDS, TimeUnit.SECONDS).getEntity());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw e;
    }
  }
}
