package io.httppool.agent.instrumentation.apache;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Closes a 4.x pool's expired, then idle connections with the pool's own calls, and counts per route how many
 * open connections (leased + idle; a lease does not change it) each step closed. Runs on the maintenance thread;
 * a connection opened or closed by a request in between can skew a count by one.
 */
public final class CountedEviction {
  private CountedEviction() {}

  public static <R> void run(List<R> routes, ToIntFunction<R> open, Function<R, Destination> destination,
      Runnable closeExpired, Runnable closeIdle, PoolRecorder recorder) {
    int[] before = open(routes, open);
    closeExpired.run();
    int[] afterExpired = open(routes, open);
    closeIdle.run();
    int[] afterIdle = open(routes, open);
    for (int i = 0; i < routes.size(); i++) {
      Destination where = destination.apply(routes.get(i));
      count(recorder, where, "expired", before[i] - afterExpired[i]);
      count(recorder, where, "idle", afterExpired[i] - afterIdle[i]);
    }
  }

  private static void count(PoolRecorder recorder, Destination destination, String reason, int closed) {
    for (int n = 0; n < closed; n++) {
      recorder.evicted(destination, reason);
    }
  }

  private static <R> int[] open(List<R> routes, ToIntFunction<R> open) {
    int[] counts = new int[routes.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = open.applyAsInt(routes.get(i));
    }
    return counts;
  }
}
