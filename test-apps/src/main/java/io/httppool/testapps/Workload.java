package io.httppool.testapps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The requests every test app sends and the digest of what it received, computed the same way by the apps
 * (in the child JVM) and by the tests (which know what the local server answers).
 */
public final class Workload {
  private Workload() {}

  /** The body of request {@code index}: a few hundred deterministic bytes that differ per request. */
  public static byte[] body(int index) {
    StringBuilder body = new StringBuilder("request ").append(index).append(':');
    for (int i = 0; i < 16 + index % 48; i++) {
      body.append(' ').append(Integer.toHexString(index * 31 + i));
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Accumulates (index, status, body) of every response, in index order, into one digest. */
  public static final class Digest {
    private final int[] statuses;
    private final byte[][] bodyHashes;

    public Digest(int requests) {
      statuses = new int[requests];
      bodyHashes = new byte[requests][];
    }

    public void record(int index, int status, byte[] body) {
      statuses[index] = status;
      bodyHashes[index] = sha256(body);
    }

    public String hex() {
      MessageDigest all = newSha256();
      for (int i = 0; i < statuses.length; i++) {
        all.update((i + ":" + statuses[i] + ":").getBytes(StandardCharsets.UTF_8));
        if (bodyHashes[i] != null) {
          all.update(bodyHashes[i]);
        }
      }
      return HexFormat.of().formatHex(all.digest());
    }
  }

  /** The digest of {@code requests} POSTs to the local server's /echo, each answered 200 with its own body. */
  public static String expectedEchoDigest(int requests) {
    Digest digest = new Digest(requests);
    for (int i = 0; i < requests; i++) {
      digest.record(i, 200, body(i));
    }
    return digest.hex();
  }

  static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
