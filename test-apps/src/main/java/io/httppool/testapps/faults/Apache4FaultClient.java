package io.httppool.testapps.faults;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/** Apache HttpClient 4.x with library defaults but for the timeouts. */
public final class Apache4FaultClient implements FaultClient {
  private final CloseableHttpClient client;

  public Apache4FaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    client = HttpClients.custom().useSystemProperties().setDefaultRequestConfig(RequestConfig.custom()
        .setConnectTimeout(connectTimeoutMillis).setSocketTimeout(readTimeoutMillis).build()).build();
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    HttpRequestBase request;
    if ("POST".equals(method)) {
      HttpPost post = new HttpPost(url);
      post.setEntity(new ByteArrayEntity(body));
      request = post;
    } else {
      request = new HttpGet(url);
    }
    request.setHeader("X-Request-Id", requestId);
    try (CloseableHttpResponse response = client.execute(request)) {
      EntityUtils.consume(response.getEntity());
    }
  }
}
