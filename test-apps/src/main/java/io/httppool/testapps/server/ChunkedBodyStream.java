package io.httppool.testapps.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes a body with {@code Transfer-Encoding: chunked}, one chunk per filled buffer. */
final class ChunkedBodyStream extends OutputStream {

  private static final int CHUNK_SIZE = 16 * 1024;

  private final OutputStream out;
  private final byte[] buffer = new byte[CHUNK_SIZE];
  private int buffered;

  ChunkedBodyStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    if (buffered == buffer.length) {
      writeChunk();
    }
    buffer[buffered++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (buffered == buffer.length) {
        writeChunk();
      }
      int n = Math.min(len, buffer.length - buffered);
      System.arraycopy(b, off, buffer, buffered, n);
      buffered += n;
      off += n;
      len -= n;
    }
  }

  /** Writes what is buffered and the terminating zero-length chunk (no trailer fields). */
  void finish() throws IOException {
    writeChunk();
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** Sends what is buffered as a chunk and flushes the connection, so a handler can pace its body. */
  @Override
  public void flush() throws IOException {
    writeChunk();
    out.flush();
  }

  @Override
  public void close() {
    // the connection outlives the body
  }

  private void writeChunk() throws IOException {
    if (buffered == 0) {
      return;
    }
    out.write((Integer.toHexString(buffered) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(buffer, 0, buffered);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    buffered = 0;
  }
}
