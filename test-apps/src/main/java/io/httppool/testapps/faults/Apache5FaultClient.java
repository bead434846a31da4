package io.httppool.testapps.faults;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/** Apache HttpClient 5.x classic with library defaults but for the timeouts. */
public final class Apache5FaultClient implements FaultClient {
  private final CloseableHttpClient client;

  public Apache5FaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    client = HttpClients.custom().useSystemProperties().setDefaultRequestConfig(RequestConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMillis))
        .setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMillis)).build()).build();
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    HttpUriRequestBase request;
    if ("POST".equals(method)) {
      HttpPost post = new HttpPost(url);
      post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
      request = post;
    } else {
      request = new HttpGet(url);
    }
    request.setHeader("X-Request-Id", requestId);
    client.execute(request, response -> {
      EntityUtils.consume(response.getEntity());
      return null;
    });
  }
}
