package io.httppool.testapps.server;

import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A fully received HTTP/1.x request. */
public final class ServerRequest {

  private final String method;
  private final String target;
  private final String version;
  private final Headers headers;
  private final byte[] body;
  private final SSLSession tlsSession;

  ServerRequest(RequestHead head, byte[] body, SSLSession tlsSession) {
    this.method = head.method();
    this.target = head.target();
    this.version = head.version();
    this.headers = head.headers();
    this.body = body;
    this.tlsSession = tlsSession;
  }

  public String method() {
    return method;
  }

  /** The request target as sent, e.g. {@code /bytes/10?chunked=true}. */
  public String target() {
    return target;
  }

  /** The target without its query string. */
  public String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** The raw query string without {@code ?}, or an empty string. */
  public String query() {
    int query = target.indexOf('?');
    return query < 0 ? "" : target.substring(query + 1);
  }

  /** The value of a {@code name=value} query parameter (not URL-decoded). */
  public Optional<String> queryParameter(String name) {
    for (String pair : query().split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return Optional.empty();
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
  public String version() {
    return version;
  }

  public Headers headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /** The decoded body (de-chunked if it was chunked). The array is shared, not copied: do not modify it. */
  public byte[] body() {
    return body;
  }

  /** The TLS session of the connection, empty for plain connections. */
  public Optional<SSLSession> tlsSession() {
    return Optional.ofNullable(tlsSession);
  }

  @Override
  public String toString() {
    return method + " " + target + " " + version;
  }
}
