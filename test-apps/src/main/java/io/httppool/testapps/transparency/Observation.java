package io.httppool.testapps.transparency;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the application saw of one request, as text: each status, header set and body it read, and the type of
 * each exception it met, in order. Two runs transparent to each other produce the same text.
 */
public final class Observation {
  private final StringBuilder text = new StringBuilder(160);

  public void status(int status) {
    add("status=" + status);
  }

  /** Header names lower-cased, sorted, each with its values in order; the status line (null key) left out. */
  public void headers(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    headers.forEach((name, values) -> {
      if (name != null) {
        sorted.put(name.toLowerCase(Locale.ROOT), values);
      }
    });
    add("headers=" + sorted);
  }

  /** Reads {@code body} to its end (or to {@code limit} bytes) and records a digest of what it read. */
  public void body(InputStream body, int limit) throws IOException {
    if (body == null) {
      add("body=null");
      return;
    }
    byte[] bytes = limit < 0 ? body.readAllBytes() : body.readNBytes(limit);
    body(bytes);
  }

  public void body(byte[] bytes) {
    add("body=" + bytes.length + ":" + sha256(bytes).substring(0, 16));
  }

  /** Something else the application saw: a value, a decision, a step it reached. */
  public void note(String fact) {
    add(fact);
  }

  public void failed(Throwable error) {
    add("threw=" + error.getClass().getName());
  }

  private void add(String fact) {
    text.append(text.length() == 0 ? "" : " ").append(fact);
  }

  @Override
  public String toString() {
    return text.toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
