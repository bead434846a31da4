package io.httppool.agent.config;

import java.util.Locale;

/**
 * Reads and prints the durations of the configuration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a
 * bare number of milliseconds ({@code 0} included).
 */
public final class Durations {
  /** The longest accepted duration: it still fits in a long once converted to nanoseconds, as deadlines are. */
  public static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

  private static final long SECOND = 1_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  private Durations() {}

  /**
   * Returns the duration in milliseconds.
   *
   * @throws IllegalArgumentException when the text is empty, negative, too large or not a duration; its message
   *     is phrased to follow the value, like {@code "is not a duration (like 500ms, 30s, 5m)"}
   */
  public static long parseMillis(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (trimmed.startsWith("-")) {
      throw new IllegalArgumentException("is negative");
    }
    int unitStart = countLeadingDigits(trimmed);
    if (unitStart == 0) {
      throw notADuration();
    }
    long unitMillis = unitMillis(trimmed.substring(unitStart));
    long amount = parseAmount(trimmed.substring(0, unitStart), MAX_MILLIS / unitMillis);
    return amount * unitMillis;
  }

  /** Prints a duration in its largest whole unit: {@code 30s}, {@code 500ms}, {@code 5m}, {@code 0}. */
  public static String format(long millis) {
    if (millis == 0) {
      return "0";
    }
    if (millis % HOUR == 0) {
      return millis / HOUR + "h";
    }
    if (millis % MINUTE == 0) {
      return millis / MINUTE + "m";
    }
    if (millis % SECOND == 0) {
      return millis / SECOND + "s";
    }
    return millis + "ms";
  }

  private static int countLeadingDigits(String text) {
    int count = 0;
    while (count < text.length() && isAsciiDigit(text.charAt(count))) {
      count++;
    }
    return count;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long unitMillis(String unit) {
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "":
      case "ms":
        return 1;
      case "s":
        return SECOND;
      case "m":
        return MINUTE;
      case "h":
        return HOUR;
      default:
        throw notADuration();
    }
  }

  private static long parseAmount(String digits, long max) {
    long amount = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(i) - '0';
      if (amount > (max - digit) / 10) {
        throw new IllegalArgumentException("is too large");
      }
      amount = amount * 10 + digit;
    }
    return amount;
  }

  private static IllegalArgumentException notADuration() {
    return new IllegalArgumentException("is not a duration (like 500ms, 30s, 5m)");
  }
}
