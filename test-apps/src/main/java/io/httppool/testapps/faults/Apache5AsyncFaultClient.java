package io.httppool.testapps.faults;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5.x async with library defaults but for the timeouts; {@code send} blocks on the response
 * the way most callers of an async client in otherwise synchronous code do.
 */
public final class Apache5AsyncFaultClient implements FaultClient {
  /** The app's own bound on one exchange, far above any timeout a scenario sets, so the library's fire first. */
  private static final long EXCHANGE_BOUND_SECONDS = 60;

  private final CloseableHttpAsyncClient client;

  @SuppressWarnings("deprecation") // the connect timeout in RequestConfig is what most applications still set
  public Apache5AsyncFaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    client = HttpAsyncClients.custom().useSystemProperties().setDefaultRequestConfig(RequestConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMillis))
        .setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMillis)).build()).build();
    client.start();
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    SimpleHttpRequest request = new SimpleHttpRequest(method, URI.create(url));
    request.setHeader("X-Request-Id", requestId);
    if ("POST".equals(method)) {
      request.setBody(body, ContentType.APPLICATION_OCTET_STREAM);
    }
    Future<SimpleHttpResponse> exchange = client.execute(request, null);
    try {
      exchange.get(EXCHANGE_BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw e;
    }
  }
}
