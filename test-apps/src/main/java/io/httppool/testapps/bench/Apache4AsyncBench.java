package io.httppool.testapps.bench;

import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;
import org.apache.http.impl.nio.reactor.DefaultConnectingIOReactor;
import org.apache.http.nio.reactor.IOReactorException;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpAsyncClient 4.1.5, two ways: {@code clients=per-request} builds, starts and closes a default client
 * for every call (an I/O reactor, its threads and a connection each); {@code clients=shared} is the hand-tuned app:
 * one started client over a pooling manager, on an I/O reactor of its own, sized to the threads. Each calling
 * thread waits for its response, so the concurrency is the thread count as for the classic clients.
 */
public final class Apache4AsyncBench {
  private Apache4AsyncBench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> BenchDriver.closeableClients(perRequest,
        () -> started(HttpAsyncClients.createDefault()),
        () -> started(HttpAsyncClients.custom().setConnectionManager(manager(threads)).build()),
        (client, body) -> post(client, url, body)));
  }

  /** A pooling manager on an I/O reactor of its own, which the client it is given starts. */
  private static PoolingNHttpClientConnectionManager manager(int threads) throws IOReactorException {
    PoolingNHttpClientConnectionManager manager =
        new PoolingNHttpClientConnectionManager(new DefaultConnectingIOReactor());
    manager.setMaxTotal(threads);
    manager.setDefaultMaxPerRoute(threads);
    return manager;
  }

  private static CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
    client.start();
    return client;
  }

  /** The default response consumer buffers the body: reading the entity reads it from memory, to the end. */
  private static int post(CloseableHttpAsyncClient client, String url, byte[] body) throws Exception {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
    HttpResponse response = client.execute(post, null).get();
    EntityUtils.toByteArray(response.getEntity());
    return response.getStatusLine().getStatusCode();
  }
}
