package io.httppool.testapps.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Serialises responses onto a connection's buffered output. */
final class HttpResponseWriter {

  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;

  HttpResponseWriter(OutputStream out) {
    this.out = out;
  }

  void writeContinue() throws IOException {
    out.write(CONTINUE);
    out.flush();
  }

  /**
   * Writes the response but leaves its tail in the buffer: call {@link #flush()} to complete it.
   *
   * @param headOnly           the request was HEAD: headers exactly as for GET, no body
   * @param connectionHeaders  {@code Connection} / {@code Keep-Alive} fields decided by the connection
   */
  void write(ServerResponse response, boolean headOnly, Headers connectionHeaders) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(response.status()).append(' ')
        .append(StatusReasons.of(response.status())).append("\r\n");
    response.headers().fields().forEach(f -> appendField(head, f.name(), f.value()));
    if (response.mayHaveBody()) {
      if (response.contentLength() == ServerResponse.CHUNKED) {
        appendField(head, "Transfer-Encoding", "chunked");
      } else {
        appendField(head, "Content-Length", Long.toString(response.contentLength()));
      }
    }
    connectionHeaders.fields().forEach(f -> appendField(head, f.name(), f.value()));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (response.mayHaveBody() && !headOnly) {
      writeBody(response);
    }
  }

  void flush() throws IOException {
    out.flush();
  }

  private void writeBody(ServerResponse response) throws IOException {
    if (response.contentLength() == ServerResponse.CHUNKED) {
      ChunkedBodyStream chunked = new ChunkedBodyStream(out);
      response.body().writeTo(chunked);
      chunked.finish();
    } else {
      FixedLengthBodyStream fixed = new FixedLengthBodyStream(out, response.contentLength());
      response.body().writeTo(fixed);
      fixed.finish();
    }
  }

  private static void appendField(StringBuilder head, String name, String value) {
    head.append(name).append(": ").append(value).append("\r\n");
  }
}
