package io.httppool.testapps.bench;

import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpClient 4.5, two ways: {@code clients=per-request} creates (and closes) a default client for every
 * call; {@code clients=shared} is the hand-tuned app: one client over a pooling manager sized to the threads.
 */
public final class Apache4Bench {
  private Apache4Bench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> BenchDriver.closeableClients(perRequest,
        HttpClients::createDefault,
        () -> HttpClients.custom().setConnectionManager(manager(threads)).build(),
        (client, body) -> post(client, url, body)));
  }

  private static PoolingHttpClientConnectionManager manager(int threads) {
    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
    manager.setMaxTotal(threads);
    manager.setDefaultMaxPerRoute(threads);
    return manager;
  }

  private static int post(CloseableHttpClient client, String url, byte[] body) throws Exception {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
    try (CloseableHttpResponse response = client.execute(post)) {
      EntityUtils.toByteArray(response.getEntity());
      return response.getStatusLine().getStatusCode();
    }
  }
}
