package io.httppool.testapps.faults;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/** HttpURLConnection as careful code uses it: bodies read to the end and closed, error bodies too. */
public final class UrlConnectionFaultClient implements FaultClient {
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;

  public UrlConnectionFaultClient(int connectTimeoutMillis, int readTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  @Override
  public void send(String method, String url, byte[] body, String requestId) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    connection.setRequestMethod(method);
    connection.setRequestProperty("X-Request-Id", requestId);
    if ("POST".equals(method)) {
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
  }
}
