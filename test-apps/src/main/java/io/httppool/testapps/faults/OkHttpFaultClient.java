package io.httppool.testapps.faults;

import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** OkHttp with library defaults but for the timeouts. */
public final class OkHttpFaultClient implements FaultClient {
  private static final MediaType OCTETS = MediaType.parse("application/octet-stream");
  private final OkHttpClient client;

  public OkHttpFaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    client = new OkHttpClient.Builder()
        .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    Request.Builder request = new Request.Builder().url(url).header("X-Request-Id", requestId);
    request.method(method, "POST".equals(method) ? RequestBody.create(OCTETS, body) : null);
    try (Response response = client.newCall(request.build()).execute()) {
      response.body().bytes();
    }
  }
}
