package io.httppool.testapps.transparency;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * OkHttp the ways applications call it, a new {@code OkHttpClient} per request. Compiled against OkHttp 4 and run
 * against 3.x, 4.x and 5.x: it only uses calls all three share.
 */
final class OkHttpDriver implements FamilyDriver {
  private static final int TIMEOUT_SECONDS = 30;
  private static final MediaType OCTETS = MediaType.parse("application/octet-stream");

  @Override
  public List<String> patterns() {
    return List.of("string", "byte-stream", "close-unread", "never-closed", "headers-only", "partial-read",
        "enqueue", "streaming-post", "head", "no-redirects");
  }

  @Override
  public void call(String pattern, String url, Observation seen) throws Exception {
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .connectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .readTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (pattern.equals("no-redirects")) {
      builder.followRedirects(false);
    }
    OkHttpClient client = builder.build();
    Request.Builder request = new Request.Builder().url(url);
    switch (pattern) {
      case "string", "no-redirects" -> {
        try (Response response = client.newCall(request.build()).execute()) {
          head(response, seen);
          seen.body(response.body().string().getBytes(StandardCharsets.UTF_8));
        }
      }
      case "byte-stream" -> {
        Response response = client.newCall(request.build()).execute();
        head(response, seen);
        try (InputStream in = response.body().byteStream()) {
          seen.body(in, -1);
        }
      }
      case "close-unread" -> {
        Response response = client.newCall(request.build()).execute();
        seen.status(response.code());
        response.close();
      }
      case "never-closed" -> head(client.newCall(request.build()).execute(), seen);
      case "headers-only" -> {
        try (Response response = client.newCall(request.build()).execute()) {
          seen.headers(response.headers().toMultimap());
        }
      }
      case "partial-read" -> {
        try (Response response = client.newCall(request.build()).execute()) {
          seen.status(response.code());
          seen.body(response.body().byteStream(), 100);
        }
      }
      case "enqueue" -> enqueue(client, request.build(), seen);
      case "streaming-post" -> {
        byte[] body = TransparencyApp.requestBody(4_000);
        RequestBody streamed = new RequestBody() {
          @Override
          public MediaType contentType() {
            return OCTETS;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            for (int i = 0; i < body.length; i += 1_000) {
              sink.write(body, i, 1_000);
              sink.flush();
            }
          }
        };
        try (Response response = client.newCall(request.post(streamed).build()).execute()) {
          head(response, seen);
          seen.body(response.body().bytes());
        }
      }
      case "head" -> {
        try (Response response = client.newCall(request.head().build()).execute()) {
          head(response, seen);
          seen.body(response.body().bytes());
        }
      }
      default -> throw new IllegalArgumentException("no pattern " + pattern);
    }
  }

  private static void head(Response response, Observation seen) {
    seen.status(response.code());
    seen.headers(response.headers().toMultimap());
  }

  /** {@code enqueue()} with a callback that reads the body; the caller waits for it, bounded. */
  private static void enqueue(OkHttpClient client, Request request, Observation seen) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    client.newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        seen.failed(e);
        done.countDown();
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          head(response, seen);
          seen.body(response.body().bytes());
        } catch (IOException | RuntimeException e) {
          seen.failed(e);
        } finally {
          done.countDown();
        }
      }
    });
    if (!done.await(4 * TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      seen.note("callback-timed-out");
    }
    // the dispatcher's threads are not daemons; a careless app leaves them, this one lets the JVM end
    client.dispatcher().executorService().shutdown();
  }
}
