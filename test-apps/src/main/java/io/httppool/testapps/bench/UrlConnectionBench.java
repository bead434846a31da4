package io.httppool.testapps.bench;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * {@code HttpURLConnection}, two ways. Its keep-alive cache is JVM-wide already, so the "client per request"
 * mistake here is the other common one: {@code clients=per-request} calls {@code disconnect()} after every
 * call, which closes the socket. {@code clients=shared} is the hand-tuned app: reads every body to the end, closes
 * the stream, never disconnects, and raises {@code http.maxConnections} (default 5 idle per host) to the threads.
 */
public final class UrlConnectionBench {
  private UrlConnectionBench() {}

  public static void main(String[] args) throws Exception {
    BenchDriver.run(args, (url, perRequest, threads) -> {
      if (!perRequest && System.getProperty("http.maxConnections") == null) {
        System.setProperty("http.maxConnections", Integer.toString(threads));
      }
      URL target = new URL(url);
      return (index, body) -> {
        HttpURLConnection connection = (HttpURLConnection) target.openConnection();
        try {
          connection.setRequestMethod("POST");
          connection.setDoOutput(true);
          connection.setFixedLengthStreamingMode(body.length);
          connection.setRequestProperty("Content-Type", "application/octet-stream");
          try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
          }
          int status = connection.getResponseCode();
          BenchDriver.readAll(connection.getInputStream());
          return status;
        } finally {
          if (perRequest) {
            connection.disconnect();
          }
        }
      };
    });
  }
}
