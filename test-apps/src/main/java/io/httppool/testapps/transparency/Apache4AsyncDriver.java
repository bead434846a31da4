package io.httppool.testapps.transparency;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpHead;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.client.methods.AsyncByteConsumer;
import org.apache.http.nio.client.methods.HttpAsyncMethods;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpAsyncClient 4.1 the ways applications call it: {@code HttpAsyncClients.createDefault()} started for
 * each request and closed after it, with a buffered response (a future or a callback), a streaming byte consumer,
 * HEAD, redirects off and a POST.
 */
final class Apache4AsyncDriver implements FamilyDriver {
  private static final int TIMEOUT_MILLIS = 10_000;
  /** The app's own bound on one exchange, above the library's timeouts so that theirs fire first. */
  private static final long BOUND_SECONDS = 40;

  @Override
  public List<String> patterns() {
    return List.of("simple", "simple-callback", "byte-consumer", "head", "no-redirects", "post");
  }

  @Override
  public void call(String pattern, String url, Observation seen) throws Exception {
    try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
      client.start();
      switch (pattern) {
        case "simple", "no-redirects" -> buffered(await(client.execute(
            configured(new HttpGet(url), !pattern.equals("no-redirects")), null)), seen);
        case "head" -> buffered(await(client.execute(configured(new HttpHead(url), true), null)), seen);
        case "post" -> {
          HttpPost post = configured(new HttpPost(url), true);
          post.setEntity(new ByteArrayEntity(TransparencyApp.requestBody(4_000),
              ContentType.APPLICATION_OCTET_STREAM));
          buffered(await(client.execute(post, null)), seen);
        }
        case "simple-callback" -> callback(client, url, seen);
        case "byte-consumer" -> Apache4Driver.body(await(client.execute(
            HttpAsyncMethods.create(configured(new HttpGet(url), true)), new StreamingConsumer(seen), null)), seen);
        default -> throw new IllegalArgumentException("no pattern " + pattern);
      }
    }
  }

  private static <T extends HttpRequestBase> T configured(T request, boolean redirects) {
    request.setConfig(RequestConfig.custom().setConnectTimeout(TIMEOUT_MILLIS).setSocketTimeout(TIMEOUT_MILLIS)
        .setConnectionRequestTimeout(TIMEOUT_MILLIS).setRedirectsEnabled(redirects).build());
    return request;
  }

  private static void buffered(HttpResponse response, Observation seen) throws Exception {
    Apache4Driver.head(response, seen);
    Apache4Driver.body(response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity()), seen);
  }

  /** Waits for the exchange the way synchronous code over an async client does, unwrapping its failure. */
  private static <T> T await(Future<T> exchange) throws Exception {
    try {
      return exchange.get(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw e;
    }
  }

  private static void callback(CloseableHttpAsyncClient client, String url, Observation seen) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    client.execute(configured(new HttpGet(url), true), new FutureCallback<HttpResponse>() {
      @Override
      public void completed(HttpResponse response) {
        try {
          buffered(response, seen);
        } catch (Exception e) {
          seen.failed(e);
        }
        done.countDown();
      }

      @Override
      public void failed(Exception error) {
        seen.failed(error);
        done.countDown();
      }

      @Override
      public void cancelled() {
        seen.note("cancelled");
        done.countDown();
      }
    });
    if (!done.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
      seen.note("callback-timed-out");
    }
  }

  /** Streams the body into memory as it arrives; records the head when it comes. */
  private static final class StreamingConsumer extends AsyncByteConsumer<byte[]> {
    private final Observation seen;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    StreamingConsumer(Observation seen) {
      this.seen = seen;
    }

    @Override
    protected void onResponseReceived(HttpResponse response) {
      Apache4Driver.head(response, seen);
    }

    @Override
    protected void onByteReceived(ByteBuffer data, IOControl ioControl) {
      while (data.hasRemaining()) {
        body.write(data.get());
      }
    }

    @Override
    protected byte[] buildResult(HttpContext context) {
      return body.toByteArray();
    }
  }
}
