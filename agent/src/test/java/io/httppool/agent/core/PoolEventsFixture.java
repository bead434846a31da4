package io.httppool.agent.core;

import io.httppool.agent.metrics.PoolMetrics;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Builds {@link PoolEvents} with a chosen clock and log for tests in other packages. */
public final class PoolEventsFixture {
  private PoolEventsFixture() {}

  public static PoolEvents events(PoolMetrics metrics, LongSupplier clock, Consumer<String> log) {
    return new PoolEvents(metrics, 0.80, 0, 0.05, 60_000, clock, log);
  }

  public static void check(PoolEvents events) {
    events.check();
  }
}
