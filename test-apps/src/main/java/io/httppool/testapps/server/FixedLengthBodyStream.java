package io.httppool.testapps.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes a body through while holding its writer to the declared Content-Length. */
final class FixedLengthBodyStream extends FilterOutputStream {

  private final long declaredLength;
  private long written;

  FixedLengthBodyStream(OutputStream out, long declaredLength) {
    super(out);
    this.declaredLength = declaredLength;
  }

  @Override
  public void write(int b) throws IOException {
    ensureRoomFor(1);
    out.write(b);
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureRoomFor(len);
    out.write(b, off, len);
    written += len;
  }

  /** Fails if the writer produced fewer bytes than declared: the client would wait for the rest forever. */
  void finish() throws IOException {
    if (written != declaredLength) {
      throw new IOException("body writer produced " + written + " of " + declaredLength + " declared bytes");
    }
  }

  @Override
  public void close() {
    // the connection outlives the body
  }

  private void ensureRoomFor(int len) throws IOException {
    if (written + len > declaredLength) {
      throw new IOException("body writer exceeded the declared length of " + declaredLength + " bytes");
    }
  }
}
