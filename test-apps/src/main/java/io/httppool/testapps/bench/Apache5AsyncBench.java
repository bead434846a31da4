package io.httppool.testapps.bench;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * Apache HttpClient 5.5 async ({@code HttpAsyncClients}), two ways: {@code clients=per-request} builds, starts and
 * closes a default client for every call (an I/O reactor, its threads and a connection each); {@code
 * clients=shared} is the hand-tuned app: one started client over a pooling async manager sized to the threads.
 * Each calling thread waits for its response, so the concurrency is the thread count as for the classic clients.
 */
public final class Apache5AsyncBench {
  private Apache5AsyncBench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> BenchDriver.closeableClients(perRequest,
        () -> started(HttpAsyncClients.createDefault()),
        () -> started(HttpAsyncClients.custom().setConnectionManager(PoolingAsyncClientConnectionManagerBuilder
            .create()
            .setMaxConnTotal(threads)
            .setMaxConnPerRoute(threads)
            .build()).build()),
        (client, body) -> post(client, url, body)));
  }

  private static CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
    client.start();
    return client;
  }

  /** The simple request and response types buffer both bodies: the response is read to the end when it is done. */
  private static int post(CloseableHttpAsyncClient client, String url, byte[] body) throws Exception {
    SimpleHttpResponse response = client.execute(
        SimpleRequestBuilder.post(url).setBody(body, ContentType.APPLICATION_OCTET_STREAM).build(), null).get();
    return response.getCode();
  }
}
