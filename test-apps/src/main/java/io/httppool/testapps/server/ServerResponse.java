package io.httppool.testapps.server;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A response to be written by the server. The server adds the framing headers itself
 * ({@code Content-Length} or {@code Transfer-Encoding}, {@code Connection}, {@code Keep-Alive}),
 * so handlers may not set them.
 */
public final class ServerResponse {

  /** Content length meaning "length not known in advance, send the body chunked". */
  public static final long CHUNKED = -1;

  private static final Set<String> FRAMING_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive");

  private final int status;
  private final Headers headers;
  private final long contentLength;
  private final BodyWriter body;
  private final boolean closesConnection;

  private ServerResponse(int status, Headers headers, long contentLength, BodyWriter body) {
    this(status, headers, contentLength, body, false);
  }

  private ServerResponse(int status, Headers headers, long contentLength, BodyWriter body,
      boolean closesConnection) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be in 200..599: " + status);
    }
    this.status = status;
    this.headers = headers;
    this.contentLength = contentLength;
    this.body = body;
    this.closesConnection = closesConnection;
  }

  /** A {@code text/plain; charset=utf-8} response. */
  public static ServerResponse text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public static ServerResponse bytes(int status, String contentType, byte[] bytes) {
    return new ServerResponse(status, Headers.empty().with("Content-Type", contentType), bytes.length,
        out -> out.write(bytes));
  }

  /**
   * A body produced while it is sent. With a content length the writer must produce exactly that many bytes
   * (otherwise the connection is closed mid-response); with {@link #CHUNKED} it is sent chunked.
   */
  public static ServerResponse streamed(int status, String contentType, long contentLength, BodyWriter body) {
    if (contentLength < 0 && contentLength != CHUNKED) {
      throw new IllegalArgumentException("content length must be >= 0 or CHUNKED: " + contentLength);
    }
    return new ServerResponse(status, Headers.empty().with("Content-Type", contentType), contentLength, body);
  }

  public ServerResponse withHeader(String name, String value) {
    if (FRAMING_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException(name + " is set by the server");
    }
    return new ServerResponse(status, headers.with(name, value), contentLength, body, closesConnection);
  }

  /** The same response sent with {@code Connection: close}, the connection closed after it. */
  public ServerResponse closingConnection() {
    return new ServerResponse(status, headers, contentLength, body, true);
  }

  public boolean closesConnection() {
    return closesConnection;
  }

  public int status() {
    return status;
  }

  public Headers headers() {
    return headers;
  }

  /** The body length in bytes, or {@link #CHUNKED}. */
  public long contentLength() {
    return contentLength;
  }

  public BodyWriter body() {
    return body;
  }

  /** 204 and 304 responses carry neither a body nor a Content-Length, whatever the handler gave. */
  boolean mayHaveBody() {
    return status != 204 && status != 304;
  }
}
