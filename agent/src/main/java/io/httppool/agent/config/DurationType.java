package io.httppool.agent.config;

/** A duration in milliseconds (see {@link Durations}), no shorter than a minimum. */
final class DurationType extends ValueType<Long> {
  private final long minMillis;

  DurationType(long minMillis) {
    this.minMillis = minMillis;
  }

  @Override
  Long parseNonEmpty(String text) {
    long millis = Durations.parseMillis(text);
    if (millis < minMillis) {
      throw new IllegalArgumentException("must be at least " + Durations.format(minMillis));
    }
    return millis;
  }

  @Override
  String format(Long millis) {
    return Durations.format(millis);
  }
}
