package io.httppool.agent.instrumentation.apache;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * How to read one HttpClient version's pool statistics, from that version's classes: the small adapter the rules
 * HttpClient 4 and 5 share are written against. {@code P} is the pool (a {@code ConnPoolControl}), {@code R} its
 * route, {@code S} its statistics ({@code PoolStats}); reading statistics takes the pool's lock once.
 */
public final class PoolStatistics<P, R, S> {
  private final BiFunction<P, R, S> ofRoute;
  private final Function<P, S> ofPool;
  private final ToIntFunction<S> available;
  private final ToIntFunction<S> leased;
  private final ToIntFunction<S> max;

  public PoolStatistics(BiFunction<P, R, S> ofRoute, Function<P, S> ofPool, ToIntFunction<S> available,
      ToIntFunction<S> leased, ToIntFunction<S> max) {
    this.ofRoute = ofRoute;
    this.ofPool = ofPool;
    this.available = available;
    this.leased = leased;
    this.max = max;
  }

  S ofRoute(P pool, R route) {
    return ofRoute.apply(pool, route);
  }

  S ofPool(P pool) {
    return ofPool.apply(pool);
  }

  int available(S stats) {
    return available.applyAsInt(stats);
  }

  int leased(S stats) {
    return leased.applyAsInt(stats);
  }

  int max(S stats) {
    return max.applyAsInt(stats);
  }
}
