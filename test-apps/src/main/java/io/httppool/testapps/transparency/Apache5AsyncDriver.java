package io.httppool.testapps.transparency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5.x async the ways applications call it: {@code HttpAsyncClients.createDefault()} started for
 * each request and closed after it, with simple requests (a future or a callback), the basic and a streaming
 * response consumer, a streamed request body, and a cancel once the headers arrived.
 */
final class Apache5AsyncDriver implements FamilyDriver {
  private static final Timeout TIMEOUT = Timeout.ofSeconds(30);
  /** The app's own bound on one exchange, above the library's timeouts so that theirs fire first. */
  private static final long BOUND_SECONDS = 40;

  @Override
  public List<String> patterns() {
    return List.of("simple", "simple-callback", "basic-consumer", "bin-consumer", "cancel-after-headers",
        "streaming-post", "head", "no-redirects");
  }

  @Override
  public void call(String pattern, String url, Observation seen) throws Exception {
    try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
      client.start();
      switch (pattern) {
        case "simple", "no-redirects" -> simple(await(client.execute(
            configured(SimpleRequestBuilder.get(url).build(), !pattern.equals("no-redirects")), null)), seen);
        case "head" -> simple(await(client.execute(configured(SimpleRequestBuilder.head(url).build(), true),
            null)), seen);
        case "simple-callback" -> callback(client, url, seen);
        case "basic-consumer" -> {
          Message<HttpResponse, byte[]> message = await(client.execute(
              SimpleRequestProducer.create(configured(SimpleRequestBuilder.get(url).build(), true)),
              new BasicResponseConsumer<>(new BasicAsyncEntityConsumer()), null));
          Apache5Driver.head(message.getHead(), seen);
          Apache5Driver.body(message.getBody(), seen);
        }
        case "bin-consumer" -> {
          StreamingConsumer consumer = new StreamingConsumer(seen, null);
          Apache5Driver.body(await(client.execute(
              SimpleRequestProducer.create(configured(SimpleRequestBuilder.get(url).build(), true)), consumer,
              null)), seen);
        }
        case "cancel-after-headers" -> {
          // what the app sees is the head; whether the body had already arrived when it cancels is a race
          CountDownLatch headers = new CountDownLatch(1);
          Future<byte[]> exchange = client.execute(
              SimpleRequestProducer.create(configured(SimpleRequestBuilder.get(url).build(), true)),
              new StreamingConsumer(seen, headers), null);
          if (!headers.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
            seen.note("no-headers");
          }
          exchange.cancel(true);
        }
        case "streaming-post" -> {
          SimpleHttpRequest post = configured(SimpleRequestBuilder.post(url).build(), true);
          ByteBuffer body = ByteBuffer.wrap(TransparencyApp.requestBody(4_000));
          BasicRequestProducer producer = new BasicRequestProducer(post, AsyncEntityProducers.createBinary(
              channel -> {
                try {
                  channel.write(body);
                  if (!body.hasRemaining()) {
                    channel.endStream();
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }, ContentType.APPLICATION_OCTET_STREAM));
          simple(await(client.execute(producer, SimpleResponseConsumer.create(), null)), seen);
        }
        default -> throw new IllegalArgumentException("no pattern " + pattern);
      }
    }
  }

  private static SimpleHttpRequest configured(SimpleHttpRequest request, boolean redirects) {
    request.setConfig(RequestConfig.custom().setResponseTimeout(TIMEOUT).setConnectionRequestTimeout(TIMEOUT)
        .setRedirectsEnabled(redirects).build());
    return request;
  }

  private static void simple(SimpleHttpResponse response, Observation seen) {
    Apache5Driver.head(response, seen);
    Apache5Driver.body(response.getBodyBytes(), seen);
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

  private static void callback(CloseableHttpAsyncClient client, String url, Observation seen)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    client.execute(configured(SimpleRequestBuilder.get(url).build(), true), new FutureCallback<>() {
      @Override
      public void completed(SimpleHttpResponse response) {
        simple(response, seen);
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
  private static final class StreamingConsumer extends AbstractBinResponseConsumer<byte[]> {
    private final Observation seen;
    private final CountDownLatch headers;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    StreamingConsumer(Observation seen, CountDownLatch headers) {
      this.seen = seen;
      this.headers = headers;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws HttpException, IOException {
      Apache5Driver.head(response, seen);
      if (headers != null) {
        headers.countDown();
      }
    }

    @Override
    protected byte[] buildResult() {
      return body.toByteArray();
    }

    @Override
    protected int capacityIncrement() {
      return 16 * 1024;
    }

    @Override
    protected void data(ByteBuffer data, boolean endOfStream) {
      while (data.hasRemaining()) {
        body.write(data.get());
      }
    }

    @Override
    public void releaseResources() {
    }
  }
}
