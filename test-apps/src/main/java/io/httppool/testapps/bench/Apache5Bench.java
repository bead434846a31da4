package io.httppool.testapps.bench;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Apache HttpClient 5.5 classic, two ways: {@code clients=per-request} creates (and closes) a default client for
 * every call; {@code clients=shared} is the hand-tuned app: one client over a pooling manager sized to the
 * threads.
 */
public final class Apache5Bench {
  private Apache5Bench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> BenchDriver.closeableClients(perRequest,
        HttpClients::createDefault,
        () -> HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(threads)
            .setMaxConnPerRoute(threads)
            .build()).build(),
        (client, body) -> post(client, url, body)));
  }

  private static int post(CloseableHttpClient client, String url, byte[] body) throws Exception {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
    return client.execute(post, response -> {
      EntityUtils.toByteArray(response.getEntity());
      return response.getCode();
    });
  }
}
