package io.httppool.agent.core;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free, allocation-free histogram of durations for the report's percentiles: log-linear buckets with
 * eight steps per power of two (at most 12.5 % relative error), from one microsecond to about 50 days.
 */
public final class LatencyRecorder {
  private static final int SUB_BUCKET_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  private static final int MAGNITUDES = 42;

  private final AtomicLongArray counts = new AtomicLongArray(MAGNITUDES * SUB_BUCKETS);

  public void recordNanos(long nanos) {
    counts.incrementAndGet(index(Math.max(1, nanos / 1000)));
  }

  static int index(long micros) {
    if (micros < SUB_BUCKETS) {
      return (int) micros;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(micros) - SUB_BUCKET_BITS + 1;
    int subBucket = (int) (micros >>> (magnitude - 1)) & (SUB_BUCKETS - 1);
    int index = magnitude * SUB_BUCKETS + subBucket;
    return Math.min(index, MAGNITUDES * SUB_BUCKETS - 1);
  }

  /** The upper bound, in microseconds, of the values counted in a bucket. */
  static long upperBoundMicros(int index) {
    int magnitude = index / SUB_BUCKETS;
    int subBucket = index % SUB_BUCKETS;
    if (magnitude == 0) {
      return subBucket;
    }
    return ((long) (SUB_BUCKETS + subBucket + 1) << (magnitude - 1)) - 1;
  }

  public long count() {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** The value at a quantile (0 to 1) in milliseconds, or NaN when nothing was recorded. */
  public double quantileMillis(double quantile) {
    long total = count();
    if (total == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank && seen > 0) {
        return upperBoundMicros(i) / 1000.0;
      }
    }
    return upperBoundMicros(counts.length() - 1) / 1000.0;
  }
}
