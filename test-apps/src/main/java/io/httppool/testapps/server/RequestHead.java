package io.httppool.testapps.server;

/**
 * Request line and header fields, read and validated before the body.
 *
 * @param contentLength declared body length; 0 when the request has no body or is chunked
 */
record RequestHead(String method, String target, String version, Headers headers, long contentLength, boolean chunked) {

  boolean isHttp11() {
    return "HTTP/1.1".equals(version);
  }

  boolean hasBody() {
    return chunked || contentLength > 0;
  }
}
