package io.httppool.agent.config;

/** A whole number in decimal digits, no smaller than a minimum (which is never negative). */
final class IntegerType extends ValueType<Integer> {
  private final int min;

  IntegerType(int min) {
    this.min = min;
  }

  @Override
  Integer parseNonEmpty(String text) {
    boolean negative = text.startsWith("-");
    String digits = negative ? text.substring(1) : text;
    if (!isDigits(digits)) {
      throw new IllegalArgumentException("is not a whole number");
    }
    if (negative) {
      throw belowMinimum();
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      value = value * 10 + (digits.charAt(i) - '0');
      if (value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("is too large");
      }
    }
    if (value < min) {
      throw belowMinimum();
    }
    return (int) value;
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private IllegalArgumentException belowMinimum() {
    return new IllegalArgumentException("must be at least " + min);
  }
}
