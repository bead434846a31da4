package io.httppool.testapps.support;

import java.util.HashMap;
import java.util.Map;

/** The test apps' arguments: {@code key=value} pairs. */
public final class AppArgs {
  private final Map<String, String> values = new HashMap<>();

  public AppArgs(String[] args) {
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      values.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
  }

  public String get(String key, String defaultValue) {
    return values.getOrDefault(key, defaultValue);
  }

  public String require(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return value;
  }

  public int getInt(String key, int defaultValue) {
    String value = values.get(key);
    return value == null ? defaultValue : Integer.parseInt(value);
  }
}
