package io.httppool.agent.core;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Builds {@link PoolEvents} with a chosen clock and log for tests in other packages. */
public final class PoolEventsFixture {
  private PoolEventsFixture() {}

  public static PoolEvents events(Destinations destinations, PoolState poolState, PoolRecorder recorder,
      LongSupplier clock, Consumer<String> log) {
    return new PoolEvents(destinations, poolState, recorder, 0.80, 0, 0.05, 60_000, clock, log);
  }

  public static void check(PoolEvents events) {
    events.check();
  }
}
