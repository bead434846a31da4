package io.httppool.testapps.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * {@code java.net.http.HttpClient} with library defaults but for the timeouts: the JDK's client has no read
 * timeout, so the read timeout is each request's timeout (the JDK's {@code HttpTimeoutException} when no complete
 * response arrived in time).
 */
public final class JdkHttpFaultClient implements FaultClient {
  private final HttpClient client;
  private final Duration requestTimeout;

  public JdkHttpFaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMillis)).build();
    requestTimeout = Duration.ofMillis(readTimeoutMillis);
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
        .header("X-Request-Id", requestId)
        .method(method, "POST".equals(method) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody())
        .build();
    client.send(request, BodyHandlers.ofByteArray());
  }
}
