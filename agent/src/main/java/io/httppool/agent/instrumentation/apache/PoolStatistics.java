package io.httppool.agent.instrumentation.apache;

/**
 * One HttpClient version's pool statistics, read through that version's classes: the small adapter the rules
 * shared by HttpClient 4 and 5 are written against. {@code P} is the pool (a {@code ConnPoolControl}), {@code R}
 * its route, {@code S} its statistics ({@code PoolStats}); reading statistics takes the pool's lock once.
 */
public interface PoolStatistics<P, R, S> {
  S ofRoute(P pool, R route);

  S ofPool(P pool);

  int available(S stats);

  int leased(S stats);

  int max(S stats);
}
