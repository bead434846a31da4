package io.httppool.testapps.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/**
 * {@code java.net.http.HttpClient}, two ways: {@code clients=per-request} calls {@code HttpClient.newHttpClient()}
 * for every call (a selector thread, an executor and a connection each, until the client is collected; before
 * JDK 21 it cannot even be closed); {@code clients=shared} is the hand-tuned app: one client for every thread, as
 * the JDK's javadoc advises (its pool has no size to tune).
 */
public final class JdkHttpBench {
  private JdkHttpBench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> {
      URI target = URI.create(url);
      HttpClient shared = perRequest ? null : HttpClient.newHttpClient();
      return (index, body) -> {
        HttpClient client = perRequest ? HttpClient.newHttpClient() : shared;
        HttpRequest request = HttpRequest.newBuilder(target).header("Content-Type", "application/octet-stream")
            .POST(BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response = client.send(request, BodyHandlers.ofByteArray());
        return response.statusCode();
      };
    });
  }
}
