package io.httppool.testapps.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF- (or bare LF-) terminated ISO-8859-1 lines and exact byte counts from a buffered stream. */
final class HttpLineReader {

  static final int MAX_LINE_LENGTH = 16 * 1024;

  private final InputStream in;

  HttpLineReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its terminator, or null if the stream ended before its first byte. */
  String readLineOrEof() throws IOException, HttpProtocolException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    return readRestOfLine(first);
  }

  /** The next line without its terminator; the stream must not end before it. */
  String readLine() throws IOException, HttpProtocolException {
    int first = in.read();
    if (first < 0) {
      throw HttpProtocolException.badRequest("request ended unexpectedly");
    }
    return readRestOfLine(first);
  }

  private String readRestOfLine(int first) throws IOException, HttpProtocolException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b = first;
    while (b != '\n') {
      if (b < 0) {
        throw HttpProtocolException.badRequest("request ended inside a line");
      }
      if (line.size() >= MAX_LINE_LENGTH) {
        throw HttpProtocolException.badRequest("line too long");
      }
      line.write(b);
      b = in.read();
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  /** Copies exactly {@code count} bytes to {@code out}. */
  void readExactly(long count, ByteArrayOutputStream out) throws IOException, HttpProtocolException {
    byte[] buffer = new byte[(int) Math.min(count, 64 * 1024)];
    long remaining = count;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        throw HttpProtocolException.badRequest("body ended before its declared length");
      }
      out.write(buffer, 0, read);
      remaining -= read;
    }
  }
}
