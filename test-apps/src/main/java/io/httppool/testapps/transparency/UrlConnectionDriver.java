package io.httppool.testapps.transparency;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.List;

/** {@code HttpURLConnection} the ways applications and the frameworks over it call it, a new one per request. */
final class UrlConnectionDriver implements FamilyDriver {
  private static final int TIMEOUT_MILLIS = 30_000;

  @Override
  public List<String> patterns() {
    return List.of("open-stream", "input-first", "code-first", "error-stream", "headers-only", "never-read",
        "disconnect-after-read", "disconnect-before-read", "partial-read", "chunked-post", "head", "no-redirects");
  }

  @Override
  public void call(String pattern, String url, Observation seen) throws IOException {
    if (pattern.equals("open-stream")) {
      try (InputStream in = URI.create(url).toURL().openStream()) {
        seen.body(in, -1);
      }
      return;
    }
    HttpURLConnection connection = open(url);
    switch (pattern) {
      case "input-first" -> {
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, -1);
        }
        seen.status(connection.getResponseCode());
        seen.headers(connection.getHeaderFields());
      }
      case "code-first" -> {
        seen.status(connection.getResponseCode());
        seen.headers(connection.getHeaderFields());
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, -1);
        } catch (IOException error) {
          seen.failed(error);
          seen.body(connection.getErrorStream(), -1);
        }
      }
      case "error-stream" -> {
        int status = connection.getResponseCode();
        seen.status(status);
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        seen.body(in, -1);
        if (in != null) {
          in.close();
        }
      }
      case "headers-only" -> seen.headers(connection.getHeaderFields());
      case "never-read" -> seen.status(connection.getResponseCode());
      case "disconnect-after-read" -> {
        // Google HTTP Client's order: read, disconnect(), then close the stream
        seen.status(connection.getResponseCode());
        InputStream in = connection.getInputStream();
        seen.body(in, -1);
        connection.disconnect();
        in.close();
      }
      case "disconnect-before-read" -> {
        seen.status(connection.getResponseCode());
        connection.disconnect();
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, -1);
        }
      }
      case "partial-read" -> {
        seen.status(connection.getResponseCode());
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, 100);
        }
      }
      case "chunked-post" -> {
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(1_000);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(TransparencyApp.requestBody(4_000));
        }
        seen.status(connection.getResponseCode());
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, -1);
        }
      }
      case "head" -> {
        connection.setRequestMethod("HEAD");
        seen.status(connection.getResponseCode());
        seen.headers(connection.getHeaderFields());
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, -1);
        }
      }
      case "no-redirects" -> {
        connection.setInstanceFollowRedirects(false);
        seen.status(connection.getResponseCode());
        seen.headers(connection.getHeaderFields());
        try (InputStream in = connection.getInputStream()) {
          seen.body(in, -1);
        }
      }
      default -> throw new IllegalArgumentException("no pattern " + pattern);
    }
  }

  private static HttpURLConnection open(String url) throws IOException {
    URL target = URI.create(url).toURL();
    HttpURLConnection connection = (HttpURLConnection) target.openConnection();
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    return connection;
  }
}
