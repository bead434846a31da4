package io.httppool.agent.core;

import java.util.Locale;

/** Reads the {@code timeout} parameter of a {@code Keep-Alive} response header, such as {@code timeout=5, max=100}. */
public final class KeepAliveHeader {
  private KeepAliveHeader() {}

  /** The timeout in milliseconds, or 0 when the header is absent or has no valid timeout. */
  public static long timeoutMillis(String header) {
    if (header == null) {
      return 0;
    }
    for (String parameter : header.split(",")) {
      String[] nameAndValue = parameter.split("=", 2);
      if (nameAndValue.length == 2 && nameAndValue[0].trim().toLowerCase(Locale.ROOT).equals("timeout")) {
        try {
          long seconds = Long.parseLong(nameAndValue[1].trim());
          return seconds > 0 && seconds < 86_400 ? seconds * 1000 : 0;
        } catch (NumberFormatException malformed) {
          return 0;
        }
      }
    }
    return 0;
  }
}
