package io.httppool.testapps.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The content of {@code GET /bytes/{n}}: byte {@code i} is {@code i % 251}. The prime period makes a lost,
 * duplicated or reordered buffer of any power-of-two size visible.
 */
public final class DeterministicBytes {

  private static final int PERIOD = 251;
  private static final byte[] PATTERN = new byte[PERIOD * 256];

  static {
    for (int i = 0; i < PATTERN.length; i++) {
      PATTERN[i] = byteAt(i);
    }
  }

  private DeterministicBytes() {
  }

  public static byte byteAt(long index) {
    return (byte) (index % PERIOD);
  }

  /** Writes bytes {@code 0 .. count-1} of the sequence without holding more than a small buffer. */
  public static void write(OutputStream out, long count) throws IOException {
    long position = 0;
    while (position < count) {
      int start = (int) (position % PERIOD);
      int length = (int) Math.min(count - position, PATTERN.length - start);
      out.write(PATTERN, start, length);
      position += length;
    }
  }
}
