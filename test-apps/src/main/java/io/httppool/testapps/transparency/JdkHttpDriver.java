package io.httppool.testapps.transparency;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code java.net.http.HttpClient} the ways applications call it: {@code HttpClient.newHttpClient()} (or a builder)
 * per request, every common body handler, {@code sendAsync}, streamed and {@code Expect: 100-continue} POSTs, HEAD,
 * redirects followed by policy, a client the app keeps for every request, and (JDK 21+) a client closed after its
 * request. The JDK's client follows no redirect and sets no timeout unless told: each request carries one, so
 * that a hang shows as the JDK's own {@code HttpTimeoutException} on both sides.
 */
final class JdkHttpDriver implements FamilyDriver {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The app's own bound on an asynchronous exchange, above the request timeout so that the JDK's fires first. */
  private static final long BOUND_SECONDS = 40;

  /** The client of the "reused-client" pattern: one for the whole run, as well-written code keeps it. */
  private HttpClient reused;

  @Override
  public List<String> patterns() {
    return List.of("string", "input-stream", "partial-read", "never-closed", "lines", "discarding", "async",
        "streaming-post", "expect-continue-post", "head", "redirect-normal", "reused-client", "closed");
  }

  @Override
  public void call(String pattern, String url, Observation seen) throws Exception {
    HttpClient client = switch (pattern) {
      case "redirect-normal" -> HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(TIMEOUT).build();
      case "reused-client" -> reused == null ? reused = HttpClient.newHttpClient() : reused;
      default -> HttpClient.newHttpClient();
    };
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    switch (pattern) {
      case "string", "redirect-normal", "reused-client" -> {
        HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
        head(response, seen);
        seen.body(response.body().getBytes(StandardCharsets.UTF_8));
      }
      case "input-stream" -> {
        HttpResponse<InputStream> response = client.send(request.build(), BodyHandlers.ofInputStream());
        head(response, seen);
        try (InputStream in = response.body()) {
          seen.body(in, -1);
        }
      }
      case "partial-read" -> {
        HttpResponse<InputStream> response = client.send(request.build(), BodyHandlers.ofInputStream());
        seen.status(response.statusCode());
        try (InputStream in = response.body()) {
          seen.body(in, 100);
        }
      }
      case "never-closed" -> head(client.send(request.build(), BodyHandlers.ofInputStream()), seen);
      case "lines" -> {
        HttpResponse<Stream<String>> response = client.send(request.build(), BodyHandlers.ofLines());
        head(response, seen);
        try (Stream<String> lines = response.body()) {
          seen.body(lines.collect(Collectors.joining("\n", "", "|")).getBytes(StandardCharsets.UTF_8));
        }
      }
      case "discarding" -> head(client.send(request.build(), BodyHandlers.discarding()), seen);
      case "async" -> async(client, request.build(), seen);
      case "streaming-post" -> {
        // an InputStream publisher has no length: the JDK sends the body chunked
        byte[] body = TransparencyApp.requestBody(4_000);
        HttpRequest post = request.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .header("Content-Type", "application/octet-stream").build();
        bytes(client.send(post, BodyHandlers.ofByteArray()), seen);
      }
      case "expect-continue-post" -> {
        // the server answers 100 Continue before the body
        HttpRequest post = request.expectContinue(true)
            .POST(BodyPublishers.ofByteArray(TransparencyApp.requestBody(4_000)))
            .header("Content-Type", "application/octet-stream").build();
        bytes(client.send(post, BodyHandlers.ofByteArray()), seen);
      }
      case "head" -> bytes(client.send(request.method("HEAD", BodyPublishers.noBody()).build(),
          BodyHandlers.ofByteArray()), seen);
      case "closed" -> closeAfter(client, request.build(), seen);
      default -> throw new IllegalArgumentException("no pattern " + pattern);
    }
  }

  private static void head(HttpResponse<?> response, Observation seen) {
    seen.status(response.statusCode());
    seen.headers(response.headers().map());
  }

  private static void bytes(HttpResponse<byte[]> response, Observation seen) {
    head(response, seen);
    seen.body(response.body());
  }

  /**
   * {@code sendAsync(...).thenApply(...).join()}, the way synchronous code waits for the JDK's future: what it
   * sees of a failure is the {@code CompletionException} and, inside it, the JDK's exception.
   */
  private static void async(HttpClient client, HttpRequest request, Observation seen) {
    try {
      bytes(client.sendAsync(request, BodyHandlers.ofByteArray()).thenApply(response -> {
        seen.note("then-apply");
        return response;
      }).orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join(), seen);
    } catch (CompletionException e) {
      seen.failed(e);
      seen.failed(e.getCause());
    }
  }

  /**
   * Reads the body fully, then closes the client as try-with-resources does on JDK 21+ ({@code HttpClient} is
   * {@code AutoCloseable} there); before JDK 21 the client cannot be closed and the app just drops it.
   */
  private static void closeAfter(HttpClient client, HttpRequest request, Observation seen) throws Exception {
    try {
      HttpResponse<InputStream> response = client.send(request, BodyHandlers.ofInputStream());
      head(response, seen);
      try (InputStream in = response.body()) {
        seen.body(in, -1);
      }
    } finally {
      if (client instanceof AutoCloseable closeable) {
        closeable.close();
        seen.note("closed");
      }
    }
  }
}
