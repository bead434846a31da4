package io.httppool.testapps.server;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a response body on demand, so that large bodies never need to sit in memory. */
@FunctionalInterface
public interface BodyWriter {

  /** Writes the body; must not close {@code out}. */
  void writeTo(OutputStream out) throws IOException;
}
