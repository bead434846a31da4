package io.httppool.agent.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** A percentage from 0 to 100, written {@code 80}, {@code 80%} or {@code 12.5%}; the value is the percentage. */
final class PercentType extends ValueType<Double> {
  private static final Pattern PERCENT = Pattern.compile("\\d{1,3}(\\.\\d{1,6})?%?");

  @Override
  Double parseNonEmpty(String text) {
    if (!PERCENT.matcher(text).matches()) {
      throw new IllegalArgumentException("is not a percentage (like 80%)");
    }
    double value = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
    if (value > 100) {
      throw new IllegalArgumentException("must be at most 100%");
    }
    return value;
  }

  @Override
  String format(Double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%d%%", value.longValue())
        : String.format(Locale.ROOT, "%s%%", value);
  }
}
