package io.httppool.testapps.apppools;

import io.httppool.testapps.support.AppReport;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.LongBinaryOperator;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.SdkMetric;

/**
 * The AWS SDK's HTTP client metrics, which its Apache clients read from their connection manager's
 * {@code getTotalStats()} on every call: how many calls reported them, the smallest and largest value of each,
 * and how many reports were not sensible (a negative value, more leased than the maximum, or leased plus
 * available beyond it).
 */
final class SdkHttpMetrics implements MetricPublisher {
  private static final List<SdkMetric<Integer>> POOL_METRICS = List.of(HttpMetric.MAX_CONCURRENCY,
      HttpMetric.LEASED_CONCURRENCY, HttpMetric.AVAILABLE_CONCURRENCY, HttpMetric.PENDING_CONCURRENCY_ACQUIRES);

  private final AtomicInteger reports = new AtomicInteger();
  private final AtomicInteger notSensible = new AtomicInteger();
  private final LongAccumulator[] smallest = accumulators(Math::min, Long.MAX_VALUE);
  private final LongAccumulator[] largest = accumulators(Math::max, Long.MIN_VALUE);

  @Override
  public void publish(MetricCollection call) {
    observe(call);
  }

  private void observe(MetricCollection collection) {
    List<Integer> max = collection.metricValues(HttpMetric.MAX_CONCURRENCY);
    if (!max.isEmpty()) {
      reports.incrementAndGet();
      int[] values = new int[POOL_METRICS.size()];
      for (int i = 0; i < values.length; i++) {
        List<Integer> reported = collection.metricValues(POOL_METRICS.get(i));
        values[i] = reported.isEmpty() ? -1 : reported.get(0);
        smallest[i].accumulate(values[i]);
        largest[i].accumulate(values[i]);
      }
      int maxConcurrency = values[0];
      int leased = values[1];
      int available = values[2];
      if (values[3] < 0 || available < 0 || leased < 0 || maxConcurrency <= 0 || leased > maxConcurrency
          || leased + available > maxConcurrency) {
        notSensible.incrementAndGet();
      }
    }
    collection.children().forEach(this::observe);
  }

  /** Prints {@code sdkMetrics.reports}, {@code sdkMetrics.notSensible} and each metric's range, e.g. {@code 1..1}. */
  void print() {
    AppReport.result("sdkMetrics.reports", reports.get());
    AppReport.result("sdkMetrics.notSensible", notSensible.get());
    for (int i = 0; i < POOL_METRICS.size(); i++) {
      String range = reports.get() == 0 ? "none" : smallest[i].get() + ".." + largest[i].get();
      AppReport.result("sdkMetrics." + POOL_METRICS.get(i).name(), range);
    }
  }

  @Override
  public void close() {}

  private static LongAccumulator[] accumulators(LongBinaryOperator function, long identity) {
    LongAccumulator[] accumulators = new LongAccumulator[POOL_METRICS.size()];
    for (int i = 0; i < accumulators.length; i++) {
      accumulators[i] = new LongAccumulator(function, identity);
    }
    return accumulators;
  }
}
