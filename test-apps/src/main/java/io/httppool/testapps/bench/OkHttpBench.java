package io.httppool.testapps.bench;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OkHttp, two ways: {@code clients=per-request} builds a new {@code OkHttpClient} for every call (the problem);
 * {@code clients=shared} is the hand-tuned app: one client whose pool keeps as many idle connections as there
 * are threads.
 */
public final class OkHttpBench {
  private static final MediaType OCTETS = MediaType.parse("application/octet-stream");

  private OkHttpBench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> {
      OkHttpClient shared = perRequest ? null : new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(threads, 5, TimeUnit.MINUTES))
          .build();
      return (index, body) -> {
        OkHttpClient client = perRequest ? new OkHttpClient() : shared;
        Request request = new Request.Builder().url(url).post(RequestBody.create(OCTETS, body)).build();
        try (Response response = client.newCall(request).execute()) {
          response.body().bytes();
          return response.code();
        }
      };
    });
  }
}
