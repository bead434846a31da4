package io.httppool.testapps.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Decodes a {@code Transfer-Encoding: chunked} request body; chunk extensions and trailer fields are ignored. */
final class ChunkedBodyDecoder {

  private static final int MAX_HEX_DIGITS = 15;

  private final HttpLineReader lines;
  private final long maxBodyBytes;

  ChunkedBodyDecoder(HttpLineReader lines, long maxBodyBytes) {
    this.lines = lines;
    this.maxBodyBytes = maxBodyBytes;
  }

  byte[] decode() throws IOException, HttpProtocolException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long size;
    while ((size = readChunkSize()) > 0) {
      if (body.size() + size > maxBodyBytes) {
        throw new HttpProtocolException(413, "request body too large");
      }
      lines.readExactly(size, body);
      if (!lines.readLine().isEmpty()) {
        throw HttpProtocolException.badRequest("chunk data not followed by CRLF");
      }
    }
    skipTrailerFields();
    return body.toByteArray();
  }

  private long readChunkSize() throws IOException, HttpProtocolException {
    String line = lines.readLine();
    int extension = line.indexOf(';');
    String hex = (extension < 0 ? line : line.substring(0, extension)).strip();
    if (hex.isEmpty() || hex.length() > MAX_HEX_DIGITS || !hex.chars().allMatch(ChunkedBodyDecoder::isHexDigit)) {
      throw HttpProtocolException.badRequest("invalid chunk size");
    }
    return Long.parseLong(hex, 16);
  }

  private void skipTrailerFields() throws IOException, HttpProtocolException {
    int fields = 0;
    while (!lines.readLine().isEmpty()) {
      if (++fields > HttpRequestReader.MAX_HEADER_FIELDS) {
        throw HttpProtocolException.badRequest("too many trailer fields");
      }
    }
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
